package org.pinring.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pinring.crdt.internal.DeltaCodec;
import org.pinring.crdt.testing.ReplicaNetwork;
import org.pinring.crdt.testing.TestRing;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.ipld.DagCbor;
import org.pinring.multiformats.ipld.Ipld;
import org.pinring.multiformats.ipld.IpldMap;

/**
 * Invariants 1 and 6 against a peer that serves and announces hostile blocks: each is rejected with
 * a clear reason (recorded, and reported against the relaying peer), never applied, never fetched
 * forever, and the walk stays within its memory and disk bounds.
 */
class HostileInputTest {

  private final ReplicaNetwork network =
      new ReplicaNetwork(13, ReplicaNetwork.testConfig().withLimits(100, 1 << 20, 16), 0, 0);
  private final ReplicaNetwork.Node honest = network.add("honest");
  private final ReplicaNetwork.Node victim = network.add("victim");
  private final ReplicaNetwork.Node mallory = network.add("mallory");
  private final TestRing ring = network.ring;
  private final SignedOperation validOperation = ring.pin(TestRing.cid(1));

  /** Puts a block in mallory's store under {@code cid} (which may not be its hash). */
  private Cid serve(Cid cid, byte[] bytes) {
    mallory.blocks.put(cid, bytes);
    return cid;
  }

  private Cid serve(byte[] bytes) {
    return serve(DagCbor.cidOf(bytes), bytes);
  }

  private Cid serveDelta(long height, List<Cid> parents) {
    return serve(
        DeltaCodec.encode(new Delta(TestRing.RING, height, parents, List.of(validOperation))));
  }

  private void announce(Cid... heads) {
    victim.pinSet.receiveHeads(new RemotePeer("mallory"), new HeadAnnouncement(List.of(heads), 1));
    network.simulation.time().advanceBy(Duration.ofSeconds(30));
  }

  private String rejection(Cid cid) {
    return victim
        .pinSet
        .rejection(cid)
        .orElseThrow(() -> new AssertionError(cid + " not rejected"));
  }

  private void assertNothingApplied() {
    assertThat(victim.pinSet.heads()).isEmpty();
    assertThat(victim.pinSet.recordCount()).isZero();
  }

  private void assertStillSyncsWithHonestPeers() {
    network.submit(honest, ring.pin(TestRing.cid(77)));
    victim.pinSet.receiveHeads(
        new RemotePeer("honest"),
        new HeadAnnouncement(honest.pinSet.heads(), honest.pinSet.maxHeight()));
    network
        .simulation
        .time()
        .runUntil(() -> victim.pinSet.pin(TestRing.cid(77)).isPresent(), Duration.ofMinutes(5));
    assertThat(victim.pinSet.pin(TestRing.cid(77))).isPresent();
  }

  @Test
  void bytesThatDoNotHashToTheirCidAreDroppedSoNoCycleCanBeForged() {
    // "A block that links to itself": the bytes of a delta whose parent is the CID it is served
    // under. Only a SHA-256 collision could make it real; the victim re-hashes and drops it.
    Cid claimed =
        DagCbor.cidOf("the block mallory pretends to have".getBytes(StandardCharsets.UTF_8));
    byte[] selfLinking =
        DeltaCodec.encode(new Delta(TestRing.RING, 2, List.of(claimed), List.of(validOperation)));
    serve(claimed, selfLinking);
    announce(claimed);

    assertNothingApplied();
    assertThat(victim.metrics.get(CrdtMetrics.Counter.BLOCKS_INVALID)).isPositive();
    assertThat(network.gossip.misbehaviour())
        .anyMatch(m -> m.contains("do not hash to " + claimed));
    // Retried with backoff (100 ms doubling to 2 s here), not in a loop: at most one request
    // per second of the 30 s once the backoff is at its cap, not thousands.
    assertThat(victim.source.requests()).isBetween(2L, 40L);
    assertStillSyncsWithHonestPeers();
  }

  @Test
  void aWrongPriorityIsRejectedAndSoIsEverythingBuiltOnIt() {
    Cid genesis = serveDelta(1, List.of());
    Cid wrong = serveDelta(5, List.of(genesis)); // should be 2
    Cid child = serveDelta(6, List.of(wrong));
    announce(child);

    assertThat(victim.pinSet.isApplied(genesis)).isTrue();
    assertThat(rejection(wrong))
        .contains("wrong priority: height 5 but the highest parent has height 1");
    assertThat(rejection(child)).contains("links to rejected delta " + wrong);
    assertThat(victim.pinSet.heads()).containsExactly(genesis);
  }

  @Test
  void aParentOfEqualHeightIsAWrongPriority() {
    Cid genesis = serveDelta(1, List.of());
    Cid flat = serveDelta(1 + 1, List.of(genesis));
    Cid sideways = serveDelta(2, List.of(flat)); // equal height: would allow cycles if accepted
    announce(sideways);
    assertThat(rejection(sideways)).contains("wrong priority");
  }

  @Test
  void malformedCborIsRejectedWithItsReasonAndNotFetchedAgain() {
    Cid garbage = serve(new byte[] {(byte) 0xA5, 0x01, 0x02});
    announce(garbage);
    assertThat(rejection(garbage)).contains("invalid delta");
    long requests = victim.source.requests();
    announce(garbage); // announced again: known as rejected, not fetched
    network.simulation.time().advanceBy(Duration.ofMinutes(5));
    assertThat(victim.source.requests()).isEqualTo(requests);
    assertNothingApplied();
  }

  @Test
  void anOversizedBlockIsRejectedBeforeItIsDecoded() {
    byte[] huge = DagCbor.encode(Ipld.of(new byte[CrdtLimits.MAX_DELTA_BYTES]));
    Cid cid = serve(huge);
    announce(cid);
    assertThat(rejection(cid)).contains("exceeds the limit of " + CrdtLimits.MAX_DELTA_BYTES);
    assertNothingApplied();
  }

  @Test
  void unknownFieldsAreRejected() {
    IpldMap valid =
        (IpldMap)
            DagCbor.decode(
                DeltaCodec.encode(new Delta(TestRing.RING, 1, List.of(), List.of(validOperation))));
    Map<String, Ipld> entries = new LinkedHashMap<>(valid.entries());
    entries.put("priority", Ipld.of(1_000_000));
    Cid cid = serve(DagCbor.encode(new IpldMap(entries)));
    announce(cid);
    assertThat(rejection(cid)).contains("unknown field(s) [priority]");
  }

  @Test
  void aDeltaOfAnotherRingIsRejected() {
    RingId other = RingId.of("other-ring".getBytes(StandardCharsets.UTF_8));
    SignedOperation foreign =
        ring.sign(
            new PinOperation(
                other, ring.nonce(), List.of(new PinEntry(PinSpec.of(TestRing.cid(3)), 0))));
    Cid cid = serve(DeltaCodec.encode(new Delta(other, 1, List.of(), List.of(foreign))));
    announce(cid);
    assertThat(rejection(cid)).contains("belongs to ring");
  }

  @Test
  void anUnauthorizedOperationRejectsItsDeltaAndIsReported() {
    TestRing stranger =
        new TestRing(org.pinring.runtime.SeededRandom.fromSeed(1), TestRing.seed(50));
    Cid cid =
        serve(
            DeltaCodec.encode(
                new Delta(
                    TestRing.RING,
                    1,
                    List.of(),
                    List.of(validOperation, stranger.pin(TestRing.cid(9))))));
    announce(cid);
    assertThat(rejection(cid)).contains("unauthorized").contains("bad signature");
    // The valid operation in the same delta was not applied either: never half a delta.
    assertNothingApplied();
    assertThat(network.gossip.misbehaviour()).anyMatch(m -> m.startsWith("mallory: relayed delta"));
  }

  @Test
  void tooManyParentsIsRejected() {
    List<Ipld> parents = new ArrayList<>();
    for (int i = 0; i <= CrdtLimits.MAX_PARENTS; i++) {
      parents.add(Ipld.of(DagCbor.cidOf(new byte[] {(byte) i})));
    }
    parents.sort((x, y) -> x.links().get(0).compareTo(y.links().get(0)));
    IpldMap valid =
        (IpldMap)
            DagCbor.decode(
                DeltaCodec.encode(new Delta(TestRing.RING, 1, List.of(), List.of(validOperation))));
    Map<String, Ipld> entries = new LinkedHashMap<>(valid.entries());
    entries.put("parents", new org.pinring.multiformats.ipld.IpldList(parents));
    entries.put("height", Ipld.of(2));
    Cid cid = serve(DagCbor.encode(new IpldMap(entries)));
    announce(cid);
    assertThat(rejection(cid)).contains("more than the limit of " + CrdtLimits.MAX_PARENTS);
  }

  @Test
  void aWideFrontierOfUnfetchableParentsStaysWithinTheWantedBound() {
    List<Cid> heads = new ArrayList<>();
    for (int d = 0; d < 4; d++) {
      List<Cid> fakeParents = new ArrayList<>();
      for (int i = 0; i < CrdtLimits.MAX_PARENTS; i++) {
        fakeParents.add(DagCbor.cidOf(new byte[] {(byte) d, (byte) i, 1}));
      }
      heads.add(serveDelta(2, fakeParents));
    }
    announce(heads.toArray(new Cid[0]));
    network.simulation.time().advanceBy(Duration.ofMinutes(2));
    ReplicaStatus status = victim.pinSet.statusNow();
    assertThat(status.wantedBlocks()).isLessThanOrEqualTo(100);
    assertThat(status.pendingDeltas()).isLessThanOrEqualTo(2);
    assertNothingApplied();
  }

  @Test
  void aHistoryDeeperThanThePendingBoundIsWalkedWithinTheBound() {
    // 3,000 deltas of about 2 KiB, each replaying the same valid operation: cheap for an attacker
    // to make, and about 6 MiB in all, six times this replica's 1 MiB pending limit.
    SignedOperation bulky =
        ring.pin(
            PinSpec.builder(TestRing.cid(2))
                .name("n".repeat(CrdtLimits.MAX_NAME_BYTES))
                .metadata(java.util.Map.of("a", "x".repeat(1000), "b", "y".repeat(600)))
                .build(),
            0);
    Cid previous = null;
    int largest = 0;
    for (int height = 1; height <= 3000; height++) {
      byte[] block =
          DeltaCodec.encode(
              new Delta(
                  TestRing.RING,
                  height,
                  previous == null ? List.of() : List.of(previous),
                  List.of(bulky)));
      largest = Math.max(largest, block.length);
      previous = serve(block);
    }
    Cid top = previous;
    announce(top);

    // The walk evicts the highest pending deltas when the bound is reached, applies from the
    // bottom, and fetches what it evicted again: the whole history arrives, and the pending deltas
    // on disk never exceed the bound by more than one answer.
    long[] mostPending = {0};
    boolean done =
        network
            .simulation
            .time()
            .runUntil(
                () -> {
                  mostPending[0] = Math.max(mostPending[0], pendingBytes());
                  return victim.pinSet.isApplied(top);
                },
                Duration.ofHours(2));
    assertThat(done).isTrue();
    int perAnswer = ReplicaNetwork.testConfig().maxBlocksPerResponse();
    // Stored entries also hold each delta's parent list and height (under 80 bytes here).
    assertThat(mostPending[0]).isLessThanOrEqualTo((1L << 20) + (long) perAnswer * (largest + 80));
    assertThat(victim.metrics.get(CrdtMetrics.Counter.DELTAS_EVICTED)).isPositive();
    assertThat(victim.metrics.get(CrdtMetrics.Counter.DELTAS_APPLIED)).isEqualTo(3000);
    ReplicaStatus status = victim.pinSet.statusNow();
    assertThat(status.pendingDeltas()).isZero();
    assertThat(pendingBytes()).isZero();
    assertThat(victim.pinSet.pin(TestRing.cid(2))).isPresent();
  }

  @Test
  void evictedDeltasSurviveARestartAndTheWalkStillFinishes() {
    SignedOperation bulky =
        ring.pin(
            PinSpec.builder(TestRing.cid(2)).name("n".repeat(CrdtLimits.MAX_NAME_BYTES)).build(),
            0);
    Cid previous = null;
    for (int height = 1; height <= 4000; height++) {
      previous =
          serve(
              DeltaCodec.encode(
                  new Delta(
                      TestRing.RING,
                      height,
                      previous == null ? List.of() : List.of(previous),
                      List.of(bulky))));
    }
    Cid top = previous;
    announce(top);
    assertThat(
            network
                .simulation
                .time()
                .runUntil(
                    () -> victim.metrics.get(CrdtMetrics.Counter.DELTAS_EVICTED) > 0,
                    Duration.ofHours(1)))
        .isTrue();
    // A restart finds the parked tops and the pending deltas in the store.
    network.restart(victim, victim.store);
    assertThat(
            network
                .simulation
                .time()
                .runUntil(() -> victim.pinSet.isApplied(top), Duration.ofHours(2)))
        .isTrue();
    assertThat(pendingBytes()).isZero();
  }

  private long pendingBytes() {
    long bytes = 0;
    try (var it = victim.store.scan(new byte[] {'p'})) {
      while (it.hasNext()) {
        bytes += it.next().value().length;
      }
    }
    return bytes;
  }

  @Test
  void answersOverTheLimitsAreCutAndReported() {
    Cid previous = null;
    for (int height = 1; height <= 40; height++) {
      previous = serveDelta(height, previous == null ? List.of() : List.of(previous));
    }
    // A source that ignores the request's limits and sends every block it has at once.
    org.pinring.crdt.testing.SimulatedBlockSource honestSource = victim.source;
    BlockSource greedy =
        new BlockSource() {
          @Override
          public java.util.concurrent.CompletionStage<List<Block>> fetch(
              java.util.Optional<RemotePeer> hint, List<Cid> cids) {
            return honestSource.fetch(hint, cids);
          }

          @Override
          public java.util.concurrent.CompletionStage<List<Block>> fetchSubDag(
              java.util.Optional<RemotePeer> hint, SubDagRequest request) {
            return honestSource.fetchSubDag(
                hint, new SubDagRequest(request.roots(), request.stopAt(), 10_000, 1L << 30));
          }
        };
    org.pinring.crdt.kv.InMemoryKeyValueStore store =
        new org.pinring.crdt.kv.InMemoryKeyValueStore();
    PinSet greedyVictim =
        PinSet.open(
            ReplicaNetwork.testConfig(),
            store,
            new CrdtPorts(
                greedy,
                new org.pinring.crdt.testing.InMemoryBlockStore(),
                network.gossip.member("greedy-victim"),
                ring.authorizer(),
                new InMemoryCrdtMetrics()),
            network.simulation.environment("greedy-victim"));
    greedyVictim.receiveHeads(
        new RemotePeer("mallory"), new HeadAnnouncement(List.of(previous), 40));
    Cid top = previous;
    network.simulation.time().runUntil(() -> greedyVictim.isApplied(top), Duration.ofMinutes(1));

    // Only the first 16 blocks of each oversized answer were taken; the walk still completed.
    assertThat(greedyVictim.isApplied(top)).isTrue();
    assertThat(network.gossip.misbehaviour())
        .anyMatch(m -> m.equals("mallory: answer over limits"));
    greedyVictim.close();
  }
}
