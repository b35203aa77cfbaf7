package org.pinring.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidTest {

  private static final HexFormat HEX = HexFormat.of();

  /** The root of 1 MiB of bytes {@code i % 251} imported with kubo's classic defaults. */
  private static final String KUBO_EXAMPLE = "QmXgkY4miMKJBrg8YYke4xw6C2n8WNsUc1GXLhN84k4QM3";

  @Test
  void parsesACidV0() {
    Cid cid = Cid.parse(KUBO_EXAMPLE);

    assertThat(cid.version()).isZero();
    assertThat(cid.codecName()).isEqualTo("dag-pb");
    assertThat(cid.multihash().algorithmName()).isEqualTo("sha2-256");
    assertThat(cid.encodedLength()).isEqualTo(34);
    assertThat(cid).hasToString(KUBO_EXAMPLE);
    assertThat(cid.toString(Multibase.BASE58_BTC)).isEqualTo(KUBO_EXAMPLE);
  }

  /** The example pair from the CID specification's README and the IPFS docs. */
  @Test
  void convertsBetweenVersions() {
    Cid v0 = Cid.parse("QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n");
    Cid v1 = v0.toV1();

    assertThat(v1).hasToString("bafybeihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
    assertThat(v1.toV0()).isEqualTo(v0);
    assertThat(v1).isNotEqualTo(v0);
    assertThat(Cid.parse(v1.toString())).isEqualTo(v1);
    assertThat(Cid.parse(v1.toString(Multibase.BASE58_BTC))).isEqualTo(v1);
    assertThat(Cid.parse(v1.toString(Multibase.BASE36))).isEqualTo(v1);
  }

  @Test
  void explainsWhyACidHasNoV0Form() {
    Cid raw =
        Cid.v1(Multicodec.RAW, Multihash.compute(MultihashAlgorithm.SHA2_256, new byte[] {1}));

    assertThatThrownBy(raw::toV0)
        .isInstanceOf(InvalidCidException.class)
        .hasMessageContaining("only dag-pb content with a 32-byte sha2-256 hash has a CIDv0");
    assertThatThrownBy(() -> Cid.parse(KUBO_EXAMPLE).toString(Multibase.BASE32))
        .hasMessageContaining("can only be written in base58btc");
    assertThatThrownBy(() -> Cid.v0(Multihash.compute(MultihashAlgorithm.SHA2_512, new byte[] {1})))
        .hasMessageContaining("32-byte sha2-256");
  }

  @Test
  void rejectsMultibaseEncodedV0() {
    String wrapped = Multibase.BASE32.encode(Cid.parse(KUBO_EXAMPLE).toBytes());
    assertThatThrownBy(() -> Cid.parse(wrapped))
        .isInstanceOf(InvalidCidException.class)
        .hasMessageContaining("must not be multibase-encoded");
  }

  @ParameterizedTest
  @ValueSource(strings = {"02", "03", "00", "04", "12"})
  void rejectsUnknownVersions(String versionHex) {
    byte[] bytes = HEX.parseHex(versionHex + "55" + "1220" + "00".repeat(32));
    if (versionHex.equals("12")) {
      bytes = HEX.parseHex("1221" + "00".repeat(33));
    }
    byte[] input = bytes;
    assertThatThrownBy(() -> Cid.decode(input)).isInstanceOf(InvalidCidException.class);
  }

  @Test
  void namesReservedVersions() {
    assertThatThrownBy(() -> Cid.decode(HEX.parseHex("0255" + "1220" + "00".repeat(32))))
        .hasMessageContaining("version 2 is reserved");
  }

  @Test
  void explainsGarbage() {
    assertThatThrownBy(() -> Cid.parse("hello"))
        .isInstanceOf(InvalidCidException.class)
        .hasMessageContaining("not a CID")
        .hasMessageContaining("'l' at position 2")
        .hasMessageContaining("base32z");
    assertThatThrownBy(() -> Cid.parse("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> Cid.parse("Qm" + "1".repeat(44)))
        .isInstanceOf(InvalidCidException.class);
    assertThatThrownBy(() -> Cid.parse("b" + "a".repeat(2000))).hasMessageContaining("too long");
    assertThatThrownBy(() -> Cid.decode(HEX.parseHex("015512200000")))
        .hasMessageContaining("malformed CID");
  }

  @Test
  void decodesACidFollowedByOtherBytes() {
    Cid cid =
        Cid.v1(Multicodec.DAG_CBOR, Multihash.compute(MultihashAlgorithm.SHA2_256, new byte[] {9}));
    byte[] framed = new byte[cid.encodedLength() + 5];
    cid.writeTo(framed, 2);

    Cid.Decoded decoded = Cid.decode(framed, 2);

    assertThat(decoded.cid()).isEqualTo(cid);
    assertThat(decoded.length()).isEqualTo(cid.encodedLength());
    assertThatThrownBy(() -> Cid.decode(Arrays.copyOfRange(framed, 2, framed.length)))
        .hasMessageContaining("unexpected byte(s) after the CID");
  }

  @Property
  void roundTripsInEveryBase(
      @ForAll("codecs") Multicodec codec,
      @ForAll("algorithms") MultihashAlgorithm algorithm,
      @ForAll @Size(max = 64) byte[] content,
      @ForAll("bases") Multibase base) {
    Cid cid = Cid.v1(codec, Multihash.compute(algorithm, content));

    assertThat(Cid.decode(cid.toBytes())).isEqualTo(cid);
    assertThat(Cid.parse(cid.toString())).isEqualTo(cid);
    if (base != Multibase.IDENTITY) {
      assertThat(Cid.parse(cid.toString(base))).isEqualTo(cid);
    }
  }

  @Property
  void mutatedBytesFailOnlyWithTheDeclaredException(
      @ForAll @Size(max = 64) byte[] content, @ForAll int position, @ForAll byte value) {
    byte[] bytes =
        Cid.v1(Multicodec.RAW, Multihash.compute(MultihashAlgorithm.SHA2_256, content)).toBytes();
    bytes[Math.floorMod(position, bytes.length)] = value;
    try {
      Cid.decode(bytes);
    } catch (InvalidCidException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Property
  void mutatedTextFailsOnlyWithTheDeclaredException(
      @ForAll @Size(max = 64) byte[] content, @ForAll int position, @ForAll char value) {
    StringBuilder text =
        new StringBuilder(
            Cid.v1(Multicodec.DAG_PB, Multihash.compute(MultihashAlgorithm.SHA2_256, content))
                .toString());
    text.setCharAt(Math.floorMod(position, text.length()), value);
    try {
      Cid.parse(text.toString());
    } catch (InvalidCidException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Property
  void everyTruncationIsRejected(@ForAll @Size(max = 64) byte[] content) {
    byte[] bytes =
        Cid.v1(Multicodec.RAW, Multihash.compute(MultihashAlgorithm.SHA2_256, content)).toBytes();
    for (int end = 0; end < bytes.length; end++) {
      byte[] prefix = Arrays.copyOf(bytes, end);
      assertThatThrownBy(() -> Cid.decode(prefix)).isInstanceOf(InvalidCidException.class);
    }
  }

  @Provide
  Arbitrary<Multicodec> codecs() {
    return Arbitraries.of(
        Multicodec.RAW,
        Multicodec.DAG_PB,
        Multicodec.DAG_CBOR,
        Multicodec.DAG_JSON,
        Multicodec.LIBP2P_KEY);
  }

  @Provide
  Arbitrary<MultihashAlgorithm> algorithms() {
    return Arbitraries.of(
        MultihashAlgorithm.SHA2_256, MultihashAlgorithm.SHA2_512, MultihashAlgorithm.BLAKE2B_256);
  }

  @Provide
  Arbitrary<Multibase> bases() {
    return Arbitraries.of(Multibase.class);
  }
}
