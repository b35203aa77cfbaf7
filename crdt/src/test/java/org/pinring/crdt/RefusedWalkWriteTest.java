package org.pinring.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pinring.crdt.internal.StoreLayout;
import org.pinring.crdt.kv.InMemoryKeyValueStore;
import org.pinring.crdt.kv.KeyValueIterator;
import org.pinring.crdt.kv.KeyValueStore;
import org.pinring.crdt.kv.StoreException;
import org.pinring.crdt.testing.RefusingKeyValueStore;
import org.pinring.crdt.testing.ReplicaNetwork;
import org.pinring.crdt.testing.TestRing;
import org.pinring.multiformats.Cid;

/**
 * A write the store refuses (a full disk, an I/O error) while a replica receives heads, walks,
 * applies and submits loses no fetched delta and wedges nothing: what the refused batch would have
 * recorded is fetched or applied again after a backoff, without a restart and without waiting for a
 * new announcement, a refused submission fails and leaves nothing applied, and what is stored
 * afterwards is exactly what a replica that never saw the refusal stores (no walk bookkeeping left
 * behind, pending counters at zero). Every write of a walk is refused in turn, alone and as the
 * first of a run of refusals.
 */
class RefusedWalkWriteTest {

  private static final byte[] COUNTERS_KEY = StoreLayout.meta("counters");

  /** One run: two writers build a history with branches and retirements, the victim joins it. */
  private static final class Run {
    // Four blocks per answer, so that a walk takes several answers.
    final ReplicaNetwork network =
        new ReplicaNetwork(31, ReplicaNetwork.testConfig().withLimits(4096, 8L << 20, 4), 0, 0);
    final TestRing ring = network.ring;
    final ReplicaNetwork.Node a = network.add("a");
    final ReplicaNetwork.Node b = network.add("b");
    final RefusingKeyValueStore store = new RefusingKeyValueStore(new InMemoryKeyValueStore());
    ReplicaNetwork.Node victim;

    Run() {
      network.submitMixedHistory(a, b, 8, 6, 3);
    }

    /** Opens the victim (again, if the store refused creating its layout), walks and submits. */
    boolean play() {
      while (victim == null) {
        try {
          victim = network.add("victim", store, ring.authorizer());
        } catch (StoreException refused) {
          assertThat(store.refusals()).isPositive(); // opening fails loudly; the operator retries
        }
      }
      submitUntilAccepted(ring.pin(TestRing.cid(900)));
      victim.pinSet.receiveHeads(
          new RemotePeer("a"), new HeadAnnouncement(a.pinSet.heads(), a.pinSet.maxHeight()));
      network.simulation.time().advanceBy(Duration.ofMillis(30)); // the walk is under way
      submitUntilAccepted(ring.pin(TestRing.cid(901)));
      boolean converged = network.runUntilConverged(Duration.ofMinutes(10));
      store.disarm();
      return converged;
    }

    /** Submits until the store takes it; a refused submission must leave nothing applied. */
    void submitUntilAccepted(SignedOperation operation) {
      Cid cid = ((PinOperation) operation.operation()).entries().get(0).spec().cid();
      for (int attempt = 0; ; attempt++) {
        CompletableFuture<List<Cid>> result = victim.pinSet.submit(List.of(operation));
        network.simulation.time().runUntil(result::isDone, Duration.ofMinutes(1));
        try {
          result.join();
          assertThat(victim.pinSet.pin(cid)).isPresent();
          return;
        } catch (CompletionException e) {
          assertThat(e).hasCauseInstanceOf(StoreException.class);
          assertThat(victim.pinSet.pin(cid)).as("a refused submission applied nothing").isEmpty();
          assertThat(attempt).isLessThan(10);
        }
      }
    }
  }

  @Test
  void everyRefusedWriteOfAWalkIsRecoveredWithoutARestart() {
    Run clean = new Run();
    assertThat(clean.play()).isTrue();
    int writes = clean.store.writes();
    assertThat(writes).isGreaterThan(10);
    for (int refused = 1; refused <= writes; refused++) {
      for (int run : new int[] {1, 3}) {
        Run faulty = new Run();
        faulty.store.refuseWrites(refused, run);
        String what = "refusing " + run + " write(s) from write " + refused;
        assertThat(faulty.play()).as("converged, %s", what).isTrue();
        assertThat(faulty.store.refusals()).as(what).isPositive();
        assertSameAsAWriter(faulty, what);
      }
    }
  }

  /** The victim holds the writers' state, and its store nothing of the walk once it is done. */
  private static void assertSameAsAWriter(Run run, String what) {
    ReplicaNetwork.Node victim = run.victim;
    assertThat(ReplicaNetwork.states(victim.pinSet))
        .as(what)
        .isEqualTo(ReplicaNetwork.states(run.a.pinSet));
    assertThat(victim.pinSet.pin(TestRing.cid(900))).as(what).isPresent();
    assertThat(victim.metrics.get(CrdtMetrics.Gauge.PENDING_DELTAS)).as(what).isZero();
    // Reopening reads what is stored: the same root, nothing pending, wanted or parked.
    run.network.restart(victim, run.store);
    run.network.simulation.time().advanceBy(Duration.ofSeconds(5));
    assertThat(victim.pinSet.stateRoot()).as(what).isEqualTo(run.a.pinSet.stateRoot());
    assertThat(victim.pinSet.heads()).as(what).isEqualTo(run.a.pinSet.heads());
    assertThat(victim.pinSet.statusNow().isIdle()).as(what).isTrue();
    assertNoWalkLeftIn(run.store, what);
  }

  static void assertNoWalkLeftIn(KeyValueStore store, String what) {
    for (byte family :
        new byte[] {
          StoreLayout.PENDING,
          StoreLayout.PENDING_BY_HEIGHT,
          StoreLayout.WAITING,
          StoreLayout.READY,
          StoreLayout.WANTED,
          StoreLayout.PARKED
        }) {
      try (KeyValueIterator it = store.scan(StoreLayout.prefix(family))) {
        assertThat(it.hasNext()).as("%s: family %s", what, (char) family).isFalse();
      }
    }
    ByteBuffer counters = ByteBuffer.wrap(store.get(COUNTERS_KEY));
    assertThat(counters.getLong()).as("%s: pending deltas", what).isZero();
    assertThat(counters.getLong()).as("%s: pending bytes", what).isZero();
  }

  @Test
  void aRefusedWriteOfAnnouncedHeadsIsRecoveredByTheNextAnnouncement() {
    Run run = new Run();
    run.store.refuseNext(1, RefusingKeyValueStore.puts(StoreLayout.WANTED));
    assertThat(run.play()).isTrue();
    assertThat(run.store.refusals()).isEqualTo(1);
    assertSameAsAWriter(run, "heads");
  }

  @Test
  void aRefusedWriteOfFetchedDeltasFetchesThemAgainAfterABackoff() {
    Run run = new Run();
    // The second answer: its deltas' children are pending already, so nothing but fetching them
    // again can complete the walk.
    run.store.refuseNext(
        1,
        batch ->
            RefusingKeyValueStore.puts(StoreLayout.PENDING).test(batch) && pendingCount(run) > 0);
    assertThat(run.play()).isTrue();
    assertThat(run.store.refusals()).isEqualTo(1);
    assertThat(run.victim.metrics.get(CrdtMetrics.Counter.FETCH_REQUESTS)).isGreaterThan(2);
    assertSameAsAWriter(run, "answer");
  }

  private static long pendingCount(Run run) {
    long count = 0;
    try (KeyValueIterator it = run.store.scan(StoreLayout.prefix(StoreLayout.PENDING))) {
      while (it.hasNext()) {
        it.next();
        count++;
      }
    }
    return count;
  }

  @Test
  void aSubmissionIsNotFailedByARefusedWriteThatFollowsItsCommit() {
    // The victim wants a delta a peer announced, then builds the very same delta itself (same
    // operation, same heads): forgetting the wanted block is a write of its own, after the
    // submission's batch is durable. Refusing it must not fail the submission.
    Run run = new Run();
    assertThat(run.play()).isTrue();
    SignedOperation same = run.ring.pin(TestRing.cid(902));
    List<Cid> built = run.network.submit(run.a, same);
    run.victim.pinSet.receiveHeads(
        new RemotePeer("a"), new HeadAnnouncement(built, run.a.pinSet.maxHeight()));
    run.network.simulation.time().advanceBy(Duration.ofMillis(1)); // wanted, fetch in flight
    assertThat(run.victim.pinSet.statusNow().wantedBlocks()).isEqualTo(1);
    run.store.refuseNext(1, RefusingKeyValueStore.deletes(StoreLayout.WANTED));

    CompletableFuture<List<Cid>> result = run.victim.pinSet.submit(List.of(same));
    run.network.simulation.time().runUntil(result::isDone, Duration.ofMinutes(1));

    assertThat(run.store.refusals()).isEqualTo(1);
    assertThat(result.join()).isEqualTo(built);
    assertThat(run.network.runUntilConverged(Duration.ofMinutes(1))).isTrue();
    assertSameAsAWriter(run, "after a submission");
  }

  @ParameterizedTest
  @ValueSource(strings = {"eviction", "unparking"})
  void aRefusedEvictionOrUnparkingIsRetried(String refusedWrite) {
    ReplicaNetwork network =
        new ReplicaNetwork(37, ReplicaNetwork.testConfig().withLimits(100, 1 << 20, 16), 0, 0);
    ReplicaNetwork.Node server = network.add("server");
    RefusingKeyValueStore store = new RefusingKeyValueStore(new InMemoryKeyValueStore());
    ReplicaNetwork.Node victim = network.add("victim", store, network.ring.authorizer());
    // About 1.6 MiB of history (each delta about 2 KiB) through a 1 MiB pending bound.
    SignedOperation bulky =
        network.ring.pin(
            PinSpec.builder(TestRing.cid(2))
                .name("n".repeat(CrdtLimits.MAX_NAME_BYTES))
                .metadata(java.util.Map.of("a", "x".repeat(1000), "b", "y".repeat(600)))
                .build(),
            0);
    Cid top = null;
    for (int height = 1; height <= 800; height++) {
      byte[] block =
          org.pinring.crdt.internal.DeltaCodec.encode(
              new Delta(
                  TestRing.RING, height, top == null ? List.of() : List.of(top), List.of(bulky)));
      top = org.pinring.multiformats.ipld.DagCbor.cidOf(block);
      server.blocks.put(top, block);
    }
    store.refuseNext(
        1,
        refusedWrite.equals("eviction")
            ? batch ->
                RefusingKeyValueStore.deletes(StoreLayout.PENDING).test(batch)
                    && RefusingKeyValueStore.puts(StoreLayout.PARKED).test(batch)
            : RefusingKeyValueStore.deletes(StoreLayout.PARKED));
    victim.pinSet.receiveHeads(new RemotePeer("server"), new HeadAnnouncement(List.of(top), 800));
    Cid last = top;
    assertThat(
            network
                .simulation
                .time()
                .runUntil(
                    () -> victim.pinSet.isApplied(last) && victim.pinSet.statusNow().isIdle(),
                    Duration.ofHours(2)))
        .isTrue();
    assertThat(store.refusals()).isEqualTo(1);
    assertThat(victim.metrics.get(CrdtMetrics.Counter.DELTAS_EVICTED)).isPositive();
    assertThat(victim.metrics.get(CrdtMetrics.Gauge.PENDING_DELTAS)).isZero();
    network.restart(victim, store);
    network.simulation.time().advanceBy(Duration.ofSeconds(5));
    assertThat(victim.pinSet.statusNow().isIdle()).isTrue();
    assertNoWalkLeftIn(store, refusedWrite);
  }
}
