package org.pinring.crdt;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.pinring.crdt.auth.Ed25519OperationSigner;
import org.pinring.crdt.testing.TestRing;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multiaddr;
import org.pinring.multiformats.ipld.DagCbor;
import org.pinring.multiformats.ipld.Ipld;
import org.pinring.multiformats.ipld.IpldList;
import org.pinring.multiformats.ipld.IpldMap;

/**
 * The example deltas committed under {@code src/test/resources/vectors/deltas/}, built from fixed
 * inputs (fixed nonces, a fixed Ed25519 key: Ed25519 signing is deterministic), so encoding them
 * again must reproduce the committed bytes exactly.
 */
final class DeltaVectors {

  static final RingId RING = TestRing.RING;
  static final Ed25519OperationSigner CURATORS = new Ed25519OperationSigner(TestRing.seed(1));

  private DeltaVectors() {}

  static Nonce nonce(int n) {
    byte[] bytes = new byte[CrdtLimits.NONCE_BYTES];
    bytes[15] = (byte) n;
    bytes[0] = (byte) 0xA0;
    return Nonce.of(bytes);
  }

  static Cid parent(int n) {
    return DagCbor.cidOf(new byte[] {(byte) n});
  }

  /** Name to delta, in the order of the index. */
  static Map<String, Delta> all() {
    Map<String, Delta> vectors = new LinkedHashMap<>();
    PinSpec full =
        new PinSpec(
            TestRing.cid(1),
            "Annual report 2025 ✓",
            PinMode.RECURSIVE,
            new Replication(2, 5),
            new TreeSet<>(List.of("region:eu", "tier:archive")),
            java.util.Optional.of(Instant.parse("2027-01-01T00:00:00Z")),
            new TreeMap<>(Map.of("collection", "reports", "source", "curator-1")),
            List.of(Multiaddr.parse("/ip4/192.0.2.7/tcp/4001")));
    SignedOperation pin =
        CURATORS.sign(new PinOperation(RING, nonce(1), List.of(new PinEntry(full, 0))));
    vectors.put("genesis-pin", new Delta(RING, 1, List.of(), List.of(pin)));

    SignedOperation bulk =
        CURATORS.sign(
            new PinOperation(
                RING,
                nonce(2),
                List.of(
                    new PinEntry(PinSpec.of(TestRing.cid(2)), 0),
                    new PinEntry(
                        PinSpec.builder(TestRing.cid(3)).mode(PinMode.DIRECT).name("index").build(),
                        0),
                    new PinEntry(PinSpec.of(TestRing.cid(4)), 7))));
    vectors.put("bulk-pin", new Delta(RING, 2, List.of(parent(1)), List.of(bulk)));

    SignedOperation update =
        CURATORS.sign(
            new UpdateOperation(
                RING,
                nonce(3),
                List.of(
                    new UpdateEntry(
                        PinSpec.builder(TestRing.cid(1)).replication(new Replication(3, 3)).build(),
                        1,
                        new TreeSet<>(List.of(pin.id()))))));
    SignedOperation unpin =
        CURATORS.sign(
            new UnpinOperation(
                RING,
                nonce(4),
                List.of(new UnpinEntry(TestRing.cid(2), new TreeSet<>(List.of(bulk.id()))))));
    vectors.put(
        "merge-update-unpin",
        new Delta(RING, 3, List.of(parent(2), parent(3)), List.of(update, unpin)));

    Map<String, Ipld> payload = new LinkedHashMap<>();
    payload.put("peer", Ipld.of("12D3KooWExample"));
    payload.put("until", Ipld.of(1_800_000_000_000L));
    payload.put("evidence", IpldList.of(Ipld.of(new byte[] {1, 2, 3})));
    SignedOperation ban =
        CURATORS.sign(new RingOperation(RING, nonce(5), "ban-peer", new IpldMap(payload)));
    vectors.put("ring-operation", new Delta(RING, 4, List.of(parent(4)), List.of(ban)));

    byte[] root = new byte[32];
    root[0] = 0x5E;
    SignedOperation checkpoint =
        CURATORS.sign(
            new CheckpointOperation(
                RING,
                nonce(6),
                new Checkpoint(
                    List.of(new FrontierEntry(parent(5), 9), new FrontierEntry(parent(6), 8)),
                    StateRoot.of(root),
                    parent(7))));
    vectors.put(
        "checkpoint", new Delta(RING, 10, List.of(parent(5), parent(6)), List.of(checkpoint)));
    return vectors;
  }
}
