package org.pinring.multiformats.ipld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.MultihashAlgorithm;

/** The dag-pb specification's rules one by one, and codec properties. */
class DagPbTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final Cid RAW =
      Cid.v1(Multicodec.RAW, MultihashAlgorithm.SHA2_256.digest(new byte[] {1}));

  @Test
  void theZeroLengthBlockIsAnEmptyNodeWithTheSpecificationsCids() {
    PbNode node = DagPb.decode(new byte[0]);

    assertThat(node.links()).isEmpty();
    assertThat(node.hasData()).isFalse();
    assertThat(DagPb.cidOf(new byte[0]))
        .hasToString("bafybeihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
    assertThat(DagPb.cidOf(new byte[0]).toV0())
        .hasToString("QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n");
  }

  @Test
  void refusesToEncodeUnsortedLinksAndSortsStably() {
    PbLink b = PbLink.of(RAW, "b", 1);
    PbLink a = PbLink.of(RAW, "a", 2);
    PbLink empty1 = PbLink.of(RAW, "", 3);
    PbLink empty2 = new PbLink(RAW, Optional.empty(), OptionalLong.of(4));

    assertThatThrownBy(() -> DagPb.encode(new PbNode(List.of(b, a), null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sorted");
    assertThat(PbNode.sorted(List.of(b, empty1, a, empty2), null).links())
        .containsExactly(empty1, empty2, a, b);
  }

  @Test
  void keepsTheOrderOfLinksFoundInABlock() {
    byte[] bLink = DagPb.encode(new PbNode(List.of(PbLink.of(RAW, "b", 1)), null));
    byte[] aLink = DagPb.encode(new PbNode(List.of(PbLink.of(RAW, "a", 1)), null));
    byte[] both = concat(bLink, aLink);

    assertThat(DagPb.decode(both).links())
        .extracting(PbLink::nameOrEmpty)
        .containsExactly("b", "a");
  }

  @Test
  void rejectsInvalidUtf8NamesAndOversizedBlocks() {
    byte[] link = HEX.parseHex("0a" + "24" + HEX.formatHex(RAW.toBytes()) + "1201ff");
    byte[] node = concat(new byte[] {0x12, (byte) link.length}, link);

    assertThatThrownBy(() -> DagPb.decode(node)).hasMessageContaining("not valid UTF-8");
    assertThatThrownBy(() -> DagPb.decode(new byte[11], 10))
        .isInstanceOf(InvalidIpldException.class)
        .hasMessageContaining("exceeds the limit of 10");
    assertThatThrownBy(
            () -> DagPb.decode(HEX.parseHex("12" + "0a" + "0a0100" + "18ffffffffffffffffff01")))
        .isInstanceOf(InvalidIpldException.class);
  }

  @Test
  void rejectsTsizeBeyondTheSigned64BitRange() {
    String link = "0a24" + HEX.formatHex(RAW.toBytes()) + "18ffffffffffffffffff01";
    byte[] node = HEX.parseHex("12" + Integer.toHexString(link.length() / 2) + link);

    assertThatThrownBy(() -> DagPb.decode(node)).hasMessageContaining("Tsize exceeds");
  }

  @Property
  void everyNodeRoundTrips(@ForAll("nodes") PbNode node) {
    byte[] encoded = DagPb.encode(node);

    PbNode decoded = DagPb.decode(encoded);

    assertThat(decoded).isEqualTo(node);
    assertThat(DagPb.encode(decoded)).isEqualTo(encoded);
  }

  /**
   * The copy-free link readers, of an array and of a direct buffer's slice, accept and reject
   * exactly what the full decoder does.
   */
  @Property
  void linksAgreesWithDecodeOnMutatedInput(
      @ForAll("nodes") PbNode node, @ForAll int position, @ForAll byte replacement) {
    byte[] bytes = DagPb.encode(node);
    if (bytes.length > 0) {
      bytes[Math.floorMod(position, bytes.length)] = replacement;
    }
    ByteBuffer direct = inDirectBufferBetweenGarbage(bytes);
    int directPosition = direct.position();
    PbNode decoded;
    try {
      decoded = DagPb.decode(bytes);
    } catch (InvalidIpldException rejected) {
      assertThatThrownBy(() -> DagPb.links(bytes)).isInstanceOf(InvalidIpldException.class);
      assertThatThrownBy(() -> DagPb.links(direct)).isInstanceOf(InvalidIpldException.class);
      return;
    }
    assertThat(DagPb.links(bytes)).isEqualTo(decoded.linkedCids());
    assertThat(DagPb.links(direct)).isEqualTo(decoded.linkedCids());
    assertThat(direct.position()).isEqualTo(directPosition);
    assertThat(direct.limit()).isEqualTo(directPosition + bytes.length);
  }

  /**
   * {@code bytes} between the position and limit of a direct buffer, with bytes that would make a
   * node invalid before and after them, so a reader that strays outside the slice fails.
   */
  static ByteBuffer inDirectBufferBetweenGarbage(byte[] bytes) {
    int before = 7;
    ByteBuffer buffer = ByteBuffer.allocateDirect(before + bytes.length + 5);
    for (int i = 0; i < buffer.capacity(); i++) {
      buffer.put(i, (byte) 0xff);
    }
    buffer.put(before, bytes);
    return buffer.position(before).limit(before + bytes.length);
  }

  @Property
  void mutatedBytesFailOnlyWithTheDeclaredException(
      @ForAll("nodes") PbNode node, @ForAll int position, @ForAll byte replacement) {
    byte[] bytes = DagPb.encode(node);
    if (bytes.length == 0) {
      return;
    }
    bytes[Math.floorMod(position, bytes.length)] = replacement;
    try {
      PbNode decoded = DagPb.decode(bytes);
      assertThat(decoded).isNotNull();
    } catch (InvalidIpldException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  /**
   * A prefix of a node may itself be a valid node (fields are optional); nothing else is allowed.
   */
  @Property
  void everyPrefixDecodesOrFailsCleanly(@ForAll("nodes") PbNode node) {
    byte[] bytes = DagPb.encode(node);
    for (int end = 0; end < bytes.length; end++) {
      byte[] prefix = Arrays.copyOf(bytes, end);
      try {
        assertThat(DagPb.decode(prefix).links().size()).isLessThanOrEqualTo(node.links().size());
      } catch (InvalidIpldException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }

  @Provide
  Arbitrary<PbNode> nodes() {
    Arbitrary<Cid> cids =
        Arbitraries.bytes()
            .array(byte[].class)
            .ofMaxSize(8)
            .flatMap(
                seed ->
                    Arbitraries.of(
                        Cid.v1(Multicodec.RAW, MultihashAlgorithm.SHA2_256.digest(seed)),
                        Cid.v0(MultihashAlgorithm.SHA2_256.digest(seed))));
    Arbitrary<Optional<String>> names =
        Arbitraries.strings().ofMaxLength(8).filter(DagPbTest::wellFormed).optional();
    Arbitrary<OptionalLong> sizes =
        Arbitraries.longs()
            .between(0, Long.MAX_VALUE)
            .optional()
            .map(o -> o.map(OptionalLong::of).orElse(OptionalLong.empty()));
    Arbitrary<PbLink> links = Combinators.combine(cids, names, sizes).as(PbLink::new);
    Arbitrary<byte[]> data = Arbitraries.bytes().array(byte[].class).ofMaxSize(40).injectNull(0.3);
    return Combinators.combine(links.list().ofMaxSize(5), data)
        .as((l, d) -> PbNode.sorted(new ArrayList<>(l), d));
  }

  private static boolean wellFormed(String text) {
    try {
      Utf8Text.encode(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
