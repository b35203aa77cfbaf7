package org.pinring.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.pinring.crdt.internal.DeltaCodec;
import org.pinring.crdt.internal.StateRecordCodec;
import org.pinring.crdt.testing.CrdtArbitraries;
import org.pinring.crdt.testing.TestRing;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.ipld.DagCbor;
import org.pinring.multiformats.ipld.Ipld;
import org.pinring.multiformats.ipld.IpldList;
import org.pinring.multiformats.ipld.IpldMap;

/**
 * The directly written encodings (pin records, deltas) are byte for byte what the generic DAG-CBOR
 * encoder writes for the same value as an {@code Ipld} tree: stored bytes, record hashes, state
 * roots and delta CIDs cannot change with the faster path.
 */
class DirectEncodingTest {

  @Property(tries = 300)
  void pinRecordsEqualTheTreeEncoding(@ForAll("states") PinState state) {
    byte[] direct = StateRecordCodec.encodeBytes(state);
    assertThat(direct).isEqualTo(DagCbor.encode(StateRecordCodec.encode(state)));
    assertThat(StateRecordCodec.decode(DagCbor.decode(direct))).isEqualTo(state);
  }

  @Property(tries = 300)
  void deltasEqualTheTreeEncoding(@ForAll("deltas") Delta delta) {
    assertThat(DeltaCodec.encode(delta)).isEqualTo(DagCbor.encode(asTree(delta)));
  }

  @Test
  void metadataKeysGoLengthFirstByUtf8Bytes() {
    // "é" is one char but two UTF-8 bytes: canonical order puts "zz" (2 bytes) before "é" only by
    // bytes, and "a" (1 byte) before both.
    TreeMap<String, String> metadata = new TreeMap<>();
    metadata.put("é", "1");
    metadata.put("zz", "2");
    metadata.put("a", "3");
    metadata.put("€", "4");
    PinSpec spec =
        new PinSpec(
            TestRing.cid(1),
            "name",
            PinMode.RECURSIVE,
            Replication.RING_DEFAULT,
            new TreeSet<>(),
            Optional.empty(),
            metadata,
            List.of());
    PinState state = pinned(spec, OperationId.of(new byte[32]), 3);
    assertThat(StateRecordCodec.encodeBytes(state))
        .isEqualTo(DagCbor.encode(StateRecordCodec.encode(state)));
  }

  @Test
  void oversizedDeltaFailsWithTheDeclaredException() {
    byte[] signature = new byte[CrdtLimits.MAX_SIGNATURE_BYTES];
    List<SignedOperation> operations = new ArrayList<>();
    // 1,024 operations of 20 pins each: well over MAX_DELTA_BYTES once encoded.
    for (int i = 0; i < CrdtLimits.MAX_OPERATIONS_PER_DELTA; i++) {
      byte[] nonce = new byte[CrdtLimits.NONCE_BYTES];
      nonce[0] = (byte) i;
      nonce[1] = (byte) (i >> 8);
      List<PinEntry> pins = new ArrayList<>();
      for (int j = 0; j < 20; j++) {
        pins.add(new PinEntry(PinSpec.of(TestRing.cid(i * 20 + j)), 0));
      }
      operations.add(
          SignedOperation.of(new PinOperation(TestRing.RING, Nonce.of(nonce), pins), signature));
    }
    Delta delta = new Delta(TestRing.RING, 1, List.of(), operations);
    assertThatThrownBy(() -> DeltaCodec.encode(delta))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exceeds");
  }

  @Provide
  Arbitrary<PinState> states() {
    Arbitrary<Cid> cids = CrdtArbitraries.cids();
    Arbitrary<List<PinSpec>> specs = CrdtArbitraries.specs().list().ofMaxSize(3);
    Arbitrary<List<OperationId>> tags =
        CrdtArbitraries.operationIds().list().uniqueElements().ofMinSize(6).ofMaxSize(6);
    Arbitrary<Integer> removedCount = Arbitraries.integers().between(0, 3);
    Arbitrary<Long> version = Arbitraries.longs().between(0, Long.MAX_VALUE);
    return Combinators.combine(cids, specs, tags, removedCount, version)
        .as(
            (cid, specList, tagList, removed, v) -> {
              TreeMap<OperationId, PinValue> live = new TreeMap<>();
              for (int i = 0; i < specList.size(); i++) {
                PinSpec s = specList.get(i);
                PinSpec own =
                    new PinSpec(
                        cid,
                        s.name(),
                        s.mode(),
                        s.replication(),
                        s.placementTags(),
                        s.expiry(),
                        s.metadata(),
                        s.origins());
                live.put(tagList.get(i), new PinValue(tagList.get(i), v / (i + 1), own));
              }
              TreeSet<OperationId> gone = new TreeSet<>(tagList.subList(3, 3 + removed));
              return new PinState(cid, live, gone);
            });
  }

  @Provide
  Arbitrary<Delta> deltas() {
    return CrdtArbitraries.deltas();
  }

  private static PinState pinned(PinSpec spec, OperationId tag, long version) {
    TreeMap<OperationId, PinValue> live = new TreeMap<>();
    live.put(tag, new PinValue(tag, version, spec));
    return new PinState(spec.cid(), live, new TreeSet<>());
  }

  /** The delta as the generic encoder sees it (the encoding before the direct writer). */
  private static IpldMap asTree(Delta delta) {
    List<Ipld> parents = new ArrayList<>();
    for (Cid parent : delta.parents()) {
      parents.add(Ipld.of(parent));
    }
    List<Ipld> operations = new ArrayList<>();
    for (SignedOperation operation : delta.operations()) {
      operations.add(
          IpldMap.builder()
              .put("op", operation.toIpld())
              .put("sig", operation.signature())
              .build());
    }
    return IpldMap.builder()
        .put("v", DeltaCodec.FORMAT_VERSION)
        .put("ring", delta.ring().toBytes())
        .put("height", delta.height())
        .put("parents", new IpldList(parents))
        .put("ops", new IpldList(operations))
        .build();
  }
}
