package org.pinring.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MultihashTest {

  private static final HexFormat HEX = HexFormat.of();

  /**
   * Rows of the multihash specification's {@code tests/values/test_cases.csv} for the functions
   * PinRing computes, including the truncated digests it lists (80 and 160 bits). The input column
   * is ASCII text that happens to look like hex.
   */
  @ParameterizedTest
  @CsvSource({
    "sha2-256, 80, 431fb5d4c9b735ba1a34d0df045118806ae2336f2c, 120affb31f07aa15348368c9",
    "sha2-256, 160, 431fb5d4c9b735ba1a34d0df045118806ae2336f2c, 1214ffb31f07aa15348368c90c73a834dbf9f8710365",
    "sha2-256, 256, 431fb5d4c9b735ba1a34d0df045118806ae2336f2c, 1220ffb31f07aa15348368c90c73a834dbf9f8710365860fa0fd4ddce9ac2782cc17",
    "sha2-512, 256, 431fb5d4c9b735ba1a34d0df045118806ae2336f2c, 1320abffa1926b038a2f1833092d93859ba2ee56e07a86b158200fc7d4d5d1eaf350",
    "sha2-512, 512, 431fb5d4c9b735ba1a34d0df045118806ae2336f2c, 1340abffa1926b038a2f1833092d93859ba2ee56e07a86b158200fc7d4d5d1eaf350b0f0e511ea6f5043a9f4a7c7886f93355652114709d75b2db4c33741124fd4fe",
    "sha2-256, 256, 2d6db2d7882fa8b7d56e74b8e24036deb475de8c94, 12203afa34fba2f3572ac56d80f52002e8727dd95f17a2e7c9376a3147a96d3e78ac",
    "sha2-512, 512, 2d6db2d7882fa8b7d56e74b8e24036deb475de8c94, 13401c452c7d9f572510fa1a3224e37a3030c8750b3e1763f1ad0d38274b3ea58ca7b4317dd0913250b4b16c9b0f6281aa74c42d8d5e72043e0fb214d3ad51d4ee8c",
    "sha2-256, 80, 6c00022ba29d15926c4580332ded091e666f0ec5d9, 120aef387c6fea7ab702d470",
    "sha2-512, 160, 6c00022ba29d15926c4580332ded091e666f0ec5d9, 1314a1e9a63a3835d69983dddefe78f1d9b233c9844d",
  })
  void specificationVectors(String algorithm, int bits, String inputText, String multihashHex) {
    byte[] input = inputText.getBytes(StandardCharsets.US_ASCII);
    Multihash decoded = Multihash.decode(HEX.parseHex(multihashHex));

    assertThat(decoded.algorithmName()).isEqualTo(algorithm);
    assertThat(decoded.digestLength()).isEqualTo(bits / 8);
    assertThat(decoded.matches(input)).isTrue();
    assertThat(decoded.isTruncated())
        .isEqualTo(bits < decoded.algorithm().orElseThrow().digestLength() * 8);
    assertThat(HEX.formatHex(decoded.toBytes())).isEqualTo(multihashHex);
    if (!decoded.isTruncated()) {
      assertThat(Multihash.compute(decoded.algorithm().orElseThrow(), input)).isEqualTo(decoded);
    }
  }

  @Test
  void detectsTamperedData() {
    Multihash hash = Multihash.compute(MultihashAlgorithm.SHA2_256, bytes("content"));
    assertThat(hash.matches(bytes("content"))).isTrue();
    assertThat(hash.matches(bytes("Content"))).isFalse();
    Multihash identity = Multihash.compute(MultihashAlgorithm.IDENTITY, bytes("abc"));
    assertThat(identity.matches(bytes("abc"))).isTrue();
    assertThat(identity.matches(bytes("abcd"))).isFalse();
  }

  @Test
  void incrementalHashingEqualsOneShot() {
    byte[] data = new byte[100_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i % 251);
    }
    for (MultihashAlgorithm algorithm :
        new MultihashAlgorithm[] {
          MultihashAlgorithm.SHA2_256, MultihashAlgorithm.SHA2_512, MultihashAlgorithm.BLAKE2B_256
        }) {
      MultihashAlgorithm.Hasher hasher = algorithm.newHasher();
      hasher.update(data, 0, 40_000);
      hasher.update(ByteBuffer.wrap(data, 40_000, 60_000));
      assertThat(hasher.finish()).isEqualTo(algorithm.digest(data));
    }
  }

  @Test
  void rejectsDigestsLongerThanTheFunctionProduces() {
    assertThatThrownBy(() -> Multihash.decode(HEX.parseHex("1221" + "00".repeat(33))))
        .isInstanceOf(InvalidMultihashException.class)
        .hasMessageContaining("sha2-256 digests are 32 bytes, not 33");
  }

  @Test
  void boundsIdentityAndUnknownDigests() {
    byte[] tooLong = new byte[Multihash.MAX_DIGEST_BYTES + 1];
    assertThatThrownBy(() -> Multihash.compute(MultihashAlgorithm.IDENTITY, tooLong))
        .isInstanceOf(InvalidMultihashException.class);
    assertThatThrownBy(() -> Multihash.decode(HEX.parseHex("1e8101" + "00".repeat(129))))
        .isInstanceOf(InvalidMultihashException.class)
        .hasMessageContaining("exceeds the limit");
  }

  @Test
  void carriesUnlistedFunctionsButCannotVerifyThem() {
    Multihash sha3 = Multihash.decode(HEX.parseHex("1604" + "01020304"));
    assertThat(sha3.algorithmName()).isEqualTo("sha3-256");
    assertThat(sha3.algorithm()).isEmpty();
    assertThatThrownBy(() -> sha3.matches(new byte[0])).hasMessageContaining("not supported");
    assertThat(Multihash.decode(HEX.parseHex("8f0101aa")).algorithmName()).isEqualTo("0x8f");
  }

  @Test
  void reportsTruncatedInput() {
    assertThatThrownBy(() -> Multihash.decode(HEX.parseHex("1220abcd")))
        .isInstanceOf(InvalidMultihashException.class)
        .hasMessageContaining("declares a 32-byte digest but only 2 byte(s) follow");
    assertThatThrownBy(() -> Multihash.decode(new byte[0]))
        .isInstanceOf(InvalidMultihashException.class)
        .hasMessageContaining("header");
  }

  @Test
  void printsAsBase58() {
    Multihash hash = Multihash.decode(HEX.parseHex("1220" + "00".repeat(32)));
    assertThat(hash.toString()).startsWith("Qm").hasSize(46);
  }

  @Property
  void roundTripsAndOrdersByBytes(
      @ForAll("algorithms") MultihashAlgorithm algorithm, @ForAll @Size(max = 128) byte[] data) {
    Multihash hash = Multihash.compute(algorithm, data);
    assertThat(Multihash.decode(hash.toBytes())).isEqualTo(hash).hasSameHashCodeAs(hash);
    assertThat(hash.compareTo(Multihash.decode(hash.toBytes()))).isZero();
  }

  @Property
  void mutatedBytesFailOnlyWithTheDeclaredException(
      @ForAll("algorithms") MultihashAlgorithm algorithm,
      @ForAll @Size(max = 64) byte[] data,
      @ForAll int position,
      @ForAll byte value) {
    byte[] encoded = Multihash.compute(algorithm, data).toBytes();
    encoded[Math.floorMod(position, encoded.length)] = value;
    try {
      Multihash.decode(encoded);
    } catch (InvalidMultihashException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Property
  void everyTruncationIsRejected(
      @ForAll("algorithms") MultihashAlgorithm algorithm, @ForAll @Size(max = 64) byte[] data) {
    byte[] encoded = Multihash.compute(algorithm, data).toBytes();
    for (int end = 0; end < encoded.length; end++) {
      byte[] prefix = java.util.Arrays.copyOf(encoded, end);
      assertThatThrownBy(() -> Multihash.decode(prefix))
          .isInstanceOf(InvalidMultihashException.class);
    }
  }

  @Provide
  Arbitrary<MultihashAlgorithm> algorithms() {
    return Arbitraries.of(MultihashAlgorithm.class);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
