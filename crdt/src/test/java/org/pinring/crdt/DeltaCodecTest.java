package org.pinring.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.pinring.crdt.internal.DeltaCodec;
import org.pinring.crdt.testing.CrdtArbitraries;
import org.pinring.crdt.testing.TestRing;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.MultihashAlgorithm;
import org.pinring.multiformats.ipld.DagCbor;
import org.pinring.multiformats.ipld.Ipld;
import org.pinring.multiformats.ipld.IpldList;
import org.pinring.multiformats.ipld.IpldMap;
import org.pinring.runtime.SeededRandom;

/** The delta block format: round trips, strictness, bounds, and hostile bytes. */
class DeltaCodecTest {

  private final TestRing ring = new TestRing(SeededRandom.fromSeed(3));

  @Provide
  Arbitrary<Delta> deltas() {
    return CrdtArbitraries.deltas();
  }

  @Property(tries = 200)
  void decodingAnEncodedDeltaGivesItBack(@ForAll("deltas") Delta delta) {
    byte[] encoded = DeltaCodec.encode(delta);
    Delta decoded = DeltaCodec.decode(encoded);
    assertThat(decoded).isEqualTo(delta);
    assertThat(DeltaCodec.encode(decoded)).isEqualTo(encoded);
  }

  @Property(tries = 200)
  void mutatedBytesFailOnlyWithTheDeclaredException(
      @ForAll("deltas") Delta delta,
      @ForAll("positions") int position,
      @ForAll("flips") byte flip,
      @ForAll("mutations") int kind) {
    byte[] encoded = DeltaCodec.encode(delta);
    int at = Math.floorMod(position, encoded.length);
    byte[] mutated =
        switch (kind) {
          case 0 -> flipped(encoded, at, flip);
          case 1 -> Arrays.copyOf(encoded, at); // truncated
          case 2 -> inserted(encoded, at, flip);
          default -> removed(encoded, at);
        };
    try {
      Delta decoded = DeltaCodec.decode(mutated);
      // A mutation may still be a valid (different) delta; then it must round-trip too.
      assertThat(DeltaCodec.encode(decoded)).isEqualTo(mutated);
    } catch (InvalidDeltaException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<Integer> positions() {
    return Arbitraries.integers().between(0, Integer.MAX_VALUE);
  }

  @Provide
  Arbitrary<Byte> flips() {
    return Arbitraries.bytes().filter(b -> b != 0);
  }

  @Provide
  Arbitrary<Integer> mutations() {
    return Arbitraries.integers().between(0, 3);
  }

  @Test
  void everyTruncationAndEveryTrailingByteIsRejected() {
    byte[] encoded = DeltaCodec.encode(sample());
    for (int length = 0; length < encoded.length; length++) {
      byte[] prefix = Arrays.copyOf(encoded, length);
      assertThatThrownBy(() -> DeltaCodec.decode(prefix)).isInstanceOf(InvalidDeltaException.class);
    }
    byte[] trailing = Arrays.copyOf(encoded, encoded.length + 1);
    assertThatThrownBy(() -> DeltaCodec.decode(trailing))
        .isInstanceOf(InvalidDeltaException.class)
        .hasMessageContaining("after the end");
  }

  @Test
  void anOversizedBlockIsRejectedBeforeDecoding() {
    byte[] huge = new byte[CrdtLimits.MAX_DELTA_BYTES + 1];
    assertThatThrownBy(() -> DeltaCodec.decode(huge))
        .isInstanceOf(InvalidDeltaException.class)
        .hasMessageContaining("exceeds the limit of " + CrdtLimits.MAX_DELTA_BYTES);
  }

  @Test
  void aDeltaTooLargeToEncodeIsRefusedBeforeEncoding() {
    List<SignedOperation> big = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      big.add(ring.pin(cids(i * 2000, 2000)));
    }
    assertThat(DeltaPackerAccess.groups(big, 0)).isGreaterThan(1);
    assertThatThrownBy(() -> DeltaCodec.encode(new Delta(TestRing.RING, 1, List.of(), big)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exceeds " + CrdtLimits.MAX_DELTA_BYTES);
  }

  private static Cid[] cids(int from, int count) {
    Cid[] cids = new Cid[count];
    for (int i = 0; i < count; i++) {
      cids[i] = TestRing.cid(from + i);
    }
    return cids;
  }

  // --- field-level rules, each by editing a valid delta's data model ---

  private Delta sample() {
    return new Delta(
        TestRing.RING,
        4,
        List.of(DagCbor.cidOf(new byte[] {1}), DagCbor.cidOf(new byte[] {2})),
        List.of(
            ring.pin(TestRing.cid(1)),
            ring.unpin(TestRing.cid(2), List.of(ring.pin(TestRing.cid(2)).id()))));
  }

  private static IpldMap with(IpldMap map, String key, Ipld value) {
    Map<String, Ipld> entries = new LinkedHashMap<>(map.entries());
    if (value == null) {
      entries.remove(key);
    } else {
      entries.put(key, value);
    }
    return new IpldMap(entries);
  }

  private void assertRejected(UnaryOperator<IpldMap> edit, String reason) {
    IpldMap valid = (IpldMap) DagCbor.decode(DeltaCodec.encode(sample()));
    byte[] edited = DagCbor.encode(edit.apply(valid));
    assertThatThrownBy(() -> DeltaCodec.decode(edited))
        .isInstanceOf(InvalidDeltaException.class)
        .hasMessageContaining(reason);
  }

  private static IpldMap withFirstOperation(IpldMap delta, UnaryOperator<IpldMap> edit) {
    List<Ipld> ops = new ArrayList<>(delta.list("ops").items());
    IpldMap signed = (IpldMap) ops.get(0);
    ops.set(0, with(signed, "op", edit.apply((IpldMap) signed.require("op"))));
    return with(delta, "ops", new IpldList(ops));
  }

  @Test
  void unknownFieldsAreRejectedAtEveryLevel() {
    assertRejected(d -> with(d, "extra", Ipld.of(1)), "unknown field(s) [extra]");
    assertRejected(
        d -> withFirstOperation(d, op -> with(op, "memo", Ipld.of("x"))),
        "unknown field(s) [memo]");
    assertRejected(
        d ->
            withFirstOperation(
                d,
                op -> {
                  IpldMap body = op.map("body");
                  IpldMap entry = (IpldMap) body.list("entries").get(0);
                  IpldMap spec = with(entry.map("spec"), "colour", Ipld.of("red"));
                  return with(
                      op, "body", with(body, "entries", IpldList.of(with(entry, "spec", spec))));
                }),
        "unknown field(s) [colour]");
  }

  @Test
  void missingAndMistypedFieldsAreNamed() {
    assertRejected(d -> with(d, "height", null), "missing field 'height'");
    assertRejected(d -> with(d, "ring", Ipld.of("text")), "field 'ring' must be bytes");
    assertRejected(d -> with(d, "ops", Ipld.of(3)), "field 'ops' must be a list");
  }

  @Test
  void structuralRulesAreEnforced() {
    assertRejected(d -> with(d, "v", Ipld.of(2)), "unsupported delta format version 2");
    assertRejected(d -> with(d, "height", Ipld.of(1)), "impossible for a delta with 2 parent(s)");
    assertRejected(d -> with(d, "height", Ipld.of(0)), "impossible");
    assertRejected(
        d -> with(d, "parents", new IpldList(reversed(d.list("parents").items()))),
        "sorted by CID bytes and unique");
    assertRejected(
        d -> with(d, "parents", IpldList.of(d.list("parents").get(0), d.list("parents").get(0))),
        "sorted by CID bytes and unique");
    Cid rawParent = Cid.v1(Multicodec.RAW, MultihashAlgorithm.SHA2_256.digest(new byte[] {1}));
    assertRejected(
        d -> with(d, "parents", IpldList.of(Ipld.of(rawParent))),
        "addressed by a dag-cbor sha2-256 CIDv1");
    assertRejected(
        d -> with(d, "ops", IpldList.of()), "1 to " + CrdtLimits.MAX_OPERATIONS_PER_DELTA);
    assertRejected(
        d -> with(d, "ops", IpldList.of(d.list("ops").get(0), d.list("ops").get(0))),
        "appears twice in one delta");
    assertRejected(
        d -> withFirstOperation(d, op -> with(op, "ring", Ipld.of(new byte[] {9}))),
        "belongs to ring 09");
    assertRejected(
        d -> withFirstOperation(d, op -> with(op, "nonce", Ipld.of(new byte[3]))),
        "a nonce has 16 bytes");
    assertRejected(
        d -> withFirstOperation(d, op -> with(op, "kind", Ipld.of("erase"))),
        "unknown operation kind 'erase'");
  }

  @Test
  void aRingOperationTypeWithAControlCharacterIsRefused() {
    // The type index puts a zero byte between type and operation id: "a\0b" would list as "a".
    assertThatThrownBy(
            () ->
                new RingOperation(
                    DeltaVectors.RING, Nonce.of(new byte[16]), "a\u0000b", Ipld.of(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no control characters");
  }

  @Test
  void boundsAreCheckedBeforeTheWorkTheyBound() {
    List<Ipld> parents = new ArrayList<>();
    for (int i = 0; i <= CrdtLimits.MAX_PARENTS; i++) {
      parents.add(Ipld.of(DagCbor.cidOf(new byte[] {(byte) i, 7})));
    }
    parents.sort((a, b) -> a.links().get(0).compareTo(b.links().get(0)));
    assertRejected(d -> with(d, "parents", new IpldList(parents)), "more than the limit of 64");
    assertRejected(
        d -> {
          List<Ipld> signed = new ArrayList<>(d.list("ops").items());
          IpldMap first = (IpldMap) signed.get(0);
          signed.set(0, with(first, "sig", Ipld.of(new byte[CrdtLimits.MAX_SIGNATURE_BYTES + 1])));
          return with(d, "ops", new IpldList(signed));
        },
        "a signature has 1 to 256 bytes");
    assertRejected(
        d ->
            withFirstOperation(
                d,
                op -> {
                  IpldMap body = op.map("body");
                  IpldMap entry = (IpldMap) body.list("entries").get(0);
                  IpldMap spec = with(entry.map("spec"), "name", Ipld.of("n".repeat(300)));
                  return with(
                      op, "body", with(body, "entries", IpldList.of(with(entry, "spec", spec))));
                }),
        "name must have 0 to 255 UTF-8 bytes");
    // Nesting beyond the delta limit fails in the DAG-CBOR decoder, before any allocation.
    Ipld deep = Ipld.of(1);
    for (int i = 0; i < CrdtLimits.MAX_DELTA_NESTING + 2; i++) {
      deep = IpldList.of(deep);
    }
    Ipld payload = deep;
    assertRejected(d -> with(d, "extra", payload), "nest");
  }

  @Test
  void nonCanonicalEncodingsAreRejected() {
    byte[] encoded = DeltaCodec.encode(sample());
    // Re-encode the top-level map header in a longer form than necessary: a0+5 -> b8 05.
    byte[] longer = new byte[encoded.length + 1];
    longer[0] = (byte) 0xB8;
    longer[1] = (byte) (encoded[0] & 0x1F);
    System.arraycopy(encoded, 1, longer, 2, encoded.length - 1);
    assertThatThrownBy(() -> DeltaCodec.decode(longer))
        .isInstanceOf(InvalidDeltaException.class)
        .hasMessageContaining("shortest form");
  }

  private static List<Ipld> reversed(List<Ipld> items) {
    List<Ipld> copy = new ArrayList<>(items);
    java.util.Collections.reverse(copy);
    return copy;
  }

  private static byte[] flipped(byte[] bytes, int at, byte flip) {
    byte[] copy = bytes.clone();
    copy[at] ^= flip;
    return copy;
  }

  private static byte[] inserted(byte[] bytes, int at, byte value) {
    byte[] copy = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, copy, 0, at);
    copy[at] = value;
    System.arraycopy(bytes, at, copy, at + 1, bytes.length - at);
    return copy;
  }

  private static byte[] removed(byte[] bytes, int at) {
    byte[] copy = new byte[bytes.length - 1];
    System.arraycopy(bytes, 0, copy, 0, at);
    System.arraycopy(bytes, at + 1, copy, at, bytes.length - at - 1);
    return copy;
  }

  /** Reaches the package-private packer from this package's tests. */
  static final class DeltaPackerAccess {
    static int groups(List<SignedOperation> operations, int parents) {
      return org.pinring.crdt.internal.DeltaPacker.group(operations, parents).size();
    }
  }
}
