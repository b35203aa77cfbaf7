package org.pinring.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.pinring.crdt.internal.StoreLayout;
import org.pinring.crdt.kv.InMemoryKeyValueStore;
import org.pinring.crdt.kv.KeyValueIterator;
import org.pinring.crdt.kv.KeyValueStore;
import org.pinring.crdt.kv.StoreException;
import org.pinring.crdt.testing.RefusingKeyValueStore;
import org.pinring.crdt.testing.ReplicaNetwork;
import org.pinring.crdt.testing.TestRing;

/**
 * A write the store refuses during a checkpoint bootstrap or a compaction, at every write in turn:
 * a bootstrap fails with the refusal as its cause only once the replica is empty again (retrying
 * the discard while the store refuses it too) and can then be done again; a compaction finishes
 * what its stored work list holds, retrying the refused batch, and changes no state.
 */
class RefusedCheckpointWriteTest {

  private final ReplicaNetwork network = new ReplicaNetwork(23);
  private final ReplicaNetwork.Node a = network.add("a");
  private final ReplicaNetwork.Node b = network.add("b");
  private final TestRing ring = network.ring;

  /** 24 deltas from two writers, then a checkpoint of them submitted as a 25th. */
  private SignedOperation historyWithCheckpoint() {
    for (int i = 0; i < 20; i++) {
      ReplicaNetwork.Node writer = i % 2 == 0 ? a : b;
      network.submit(writer, ring.pin(TestRing.cid(2 * i), TestRing.cid(2 * i + 1)));
      if (i % 6 == 5) {
        network.submit(writer, ring.unpin(writer.pinSet.state(TestRing.cid(2 * i)).orElseThrow()));
      }
    }
    network.submit(a, ring.ringOperation("ban-peer", "p1"));
    assertThat(network.runUntilConverged(Duration.ofMinutes(1))).isTrue();
    SignedOperation signed = ring.checkpoint(network.await(a.pinSet.prepareCheckpoint()));
    network.submit(a, signed);
    assertThat(network.runUntilConverged(Duration.ofMinutes(1))).isTrue();
    return signed;
  }

  @Test
  void everyRefusedWriteOfABootstrapFailsItOnlyOnceTheReplicaIsEmptyAgain() {
    SignedOperation checkpoint = historyWithCheckpoint();
    Checkpoint real = ((CheckpointOperation) checkpoint.operation()).checkpoint();
    // Refusing each write in turn, until the refused write comes after the bootstrap's own.
    int failedAt = 0;
    for (int refused = 1; refused == failedAt + 1; refused++) {
      // Two in a row: the second refuses the first write of discarding the import.
      for (int run : new int[] {1, 2}) {
        String what = "refusing " + run + " write(s) from bootstrap write " + refused;
        RefusingKeyValueStore store = new RefusingKeyValueStore(new InMemoryKeyValueStore());
        ReplicaNetwork.Node joiner =
            network.add("joiner-" + refused + "-" + run, store, ring.authorizer());
        store.refuseWrites(store.writes() + refused, run);

        CompletableFuture<BootstrapResult> failed =
            joiner.pinSet.bootstrap(checkpoint, Optional.empty());
        network.simulation.time().runUntil(failed::isDone, Duration.ofMinutes(10));
        assertThat(failed).as(what).isDone();
        if (!failed.isCompletedExceptionally()) {
          assertThat(joiner.pinSet.stateRoot()).as(what).isEqualTo(real.stateRoot());
          network.stop(joiner, false);
          continue; // the refusal came after the import
        }
        failedAt = refused;
        assertThat(failed).as(what).isCompletedExceptionally();
        try {
          failed.join();
        } catch (CompletionException e) {
          assertThat(e).as(what).hasRootCauseInstanceOf(StoreException.class);
        }
        // A refused marker fails the bootstrap before anything is imported or discarded.
        assertThat(store.refusals()).as(what).isEqualTo(refused == 1 ? 1 : run);
        store.disarm();
        assertThat(joiner.pinSet.statusNow().bootstrapping()).as(what).isFalse();
        assertThat(joiner.pinSet.recordCount()).as(what).isZero();
        assertThat(joiner.pinSet.heads()).as(what).isEmpty();
        assertNothingImportedIn(store, what);

        network.await(joiner.pinSet.bootstrap(checkpoint, Optional.empty()));
        assertThat(joiner.pinSet.stateRoot()).as(what).isEqualTo(real.stateRoot());
        network.stop(joiner, false);
      }
    }
    assertThat(failedAt).isGreaterThanOrEqualTo(3); // marker, an answer, the final batch
  }

  /** Nothing imported is left (the walk may have recorded heads announced meanwhile). */
  private static void assertNothingImportedIn(KeyValueStore store, String what) {
    for (byte family :
        new byte[] {
          StoreLayout.RECORD,
          StoreLayout.BUCKET,
          StoreLayout.DELTA,
          StoreLayout.HEAD,
          StoreLayout.RING_TYPE,
          StoreLayout.CHECKPOINT,
          StoreLayout.UNSEEN,
          StoreLayout.BOOTSTRAP
        }) {
      try (KeyValueIterator it = store.scan(StoreLayout.prefix(family))) {
        assertThat(it.hasNext()).as("%s: family %s left", what, (char) family).isFalse();
      }
    }
  }

  @Test
  void everyRefusedWriteOfACompactionIsRetriedUntilTheWorkListIsDone() {
    SignedOperation checkpoint = historyWithCheckpoint();
    Checkpoint real = ((CheckpointOperation) checkpoint.operation()).checkpoint();
    long expected = 24L - real.frontier().size();
    StateRoot root = a.pinSet.stateRoot();

    for (int refused = 1; refused <= 3; refused++) {
      for (int run : new int[] {1, 3}) {
        String what = "refusing " + run + " write(s) from compaction write " + refused;
        RefusingKeyValueStore store = new RefusingKeyValueStore(new InMemoryKeyValueStore());
        ReplicaNetwork.Node follower =
            network.add("follower-" + refused + "-" + run, store, ring.authorizer());
        follower.pinSet.receiveHeads(
            new RemotePeer("a"), new HeadAnnouncement(a.pinSet.heads(), a.pinSet.maxHeight()));
        assertThat(network.runUntilConverged(Duration.ofMinutes(1))).isTrue();
        store.refuseWrites(store.writes() + refused, run);

        long compacted = 0;
        for (int attempt = 0; compactedDeltas(store) < expected; attempt++) {
          assertThat(attempt).as(what).isLessThan(run + 1);
          CompletableFuture<Long> result = follower.pinSet.compact(checkpoint.id());
          network.simulation.time().runUntil(result::isDone, Duration.ofMinutes(10));
          assertThat(result).as(what).isDone();
          try {
            compacted += result.join();
          } catch (CompletionException e) {
            // Only the work list itself can be refused to the caller: then nothing was done.
            assertThat(e).as(what).hasCauseInstanceOf(StoreException.class);
            assertThat(compactedDeltas(store)).as(what).isZero();
          }
        }
        assertThat(store.refusals()).as(what).isPositive();
        assertThat(compacted).as(what).isEqualTo(expected);
        assertThat(compactedDeltas(store)).as(what).isEqualTo(expected);
        try (KeyValueIterator it = store.scan(StoreLayout.prefix(StoreLayout.COMPACT))) {
          assertThat(it.hasNext()).as(what).isFalse();
        }
        assertThat(follower.pinSet.stateRoot()).as(what).isEqualTo(root);
        for (FrontierEntry entry : real.frontier()) {
          assertThat(follower.blocks.has(entry.delta())).as(what).isTrue();
        }
        assertThat(follower.blocks.size()).as(what).isEqualTo(25 - (int) expected);
        network.stop(follower, false);
      }
    }
  }

  private static long compactedDeltas(KeyValueStore store) {
    long compacted = 0;
    try (KeyValueIterator it = store.scan(StoreLayout.prefix(StoreLayout.DELTA))) {
      while (it.hasNext()) {
        compacted += (it.next().value()[0] & 2) != 0 ? 1 : 0;
      }
    }
    return compacted;
  }
}
