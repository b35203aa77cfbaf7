package org.pinring.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.pinring.crdt.internal.DeltaCodec;
import org.pinring.crdt.testing.CrdtArbitraries;
import org.pinring.crdt.testing.TestRing;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.ipld.DagCbor;
import org.pinring.multiformats.ipld.Ipld;
import org.pinring.multiformats.ipld.IpldList;
import org.pinring.multiformats.ipld.IpldMap;

/**
 * The directly written encodings (deltas) are byte for byte what the generic DAG-CBOR encoder
 * writes for the same value as an {@code Ipld} tree: delta CIDs cannot change with the faster path.
 */
class DirectEncodingTest {

  @Property(tries = 300)
  void deltasEqualTheTreeEncoding(@ForAll("deltas") Delta delta) {
    assertThat(DeltaCodec.encode(delta)).isEqualTo(DagCbor.encode(asTree(delta)));
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
  Arbitrary<Delta> deltas() {
    return CrdtArbitraries.deltas();
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
