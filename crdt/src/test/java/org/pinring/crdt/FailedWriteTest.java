package org.pinring.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.pinring.crdt.internal.StoreLayout;
import org.pinring.crdt.kv.InMemoryKeyValueStore;
import org.pinring.crdt.kv.StoreException;
import org.pinring.crdt.testing.RefusingKeyValueStore;
import org.pinring.crdt.testing.ReplicaNetwork;
import org.pinring.crdt.testing.TestRing;
import org.pinring.multiformats.Cid;

/**
 * A submission whose batch the store refuses leaves nothing behind, in the store or in what the
 * replica keeps in memory (state tree, bucket cache, record filter): later submissions build on the
 * committed state only, as a replica that never saw the failed one does.
 */
class FailedWriteTest {

  private final ReplicaNetwork network = new ReplicaNetwork(57);

  @Test
  void aRefusedBatchLeavesNoTraceInLaterBatches() {
    RefusingKeyValueStore store = new RefusingKeyValueStore(new InMemoryKeyValueStore());
    ReplicaNetwork.Node replica = network.add("replica", store, network.ring.authorizer());
    ReplicaNetwork.Node witness = network.add("witness");
    List<SignedOperation> committed = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      committed.add(network.ring.pin(TestRing.cid(i)));
    }
    submitBoth(replica, witness, committed);
    SignedOperation firstPin = committed.get(0);
    PinState observed = replica.pinSet.state(TestRing.cid(0)).orElseThrow();

    // Refused: new CIDs in many buckets, and an unpin that would retire the first pin.
    List<SignedOperation> refused = new ArrayList<>();
    for (int i = 40; i < 80; i++) {
      refused.add(network.ring.pin(TestRing.cid(i)));
    }
    refused.add(network.ring.unpin(observed));
    store.refuseNextWrite();
    CompletableFuture<List<Cid>> failed = replica.pinSet.submit(refused);
    network.simulation.time().runUntil(failed::isDone, Duration.ofMinutes(1));
    assertThatThrownBy(failed::join)
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(StoreException.class);

    // The same buckets again, and a replay of the pin the refused unpin would have retired.
    List<SignedOperation> later = new ArrayList<>();
    for (int i = 40; i < 80; i += 2) {
      later.add(network.ring.pin(TestRing.cid(i)));
    }
    later.add(firstPin);
    submitBoth(replica, witness, later);

    assertThat(replica.pinSet.isRetired(firstPin.id())).isFalse();
    assertThat(replica.pinSet.pin(TestRing.cid(0))).isPresent();
    assertThat(replica.pinSet.pin(TestRing.cid(41))).isEmpty();
    assertThat(ReplicaNetwork.states(replica.pinSet))
        .isEqualTo(ReplicaNetwork.states(witness.pinSet));
    assertThat(replica.pinSet.stateRoot()).isEqualTo(witness.pinSet.stateRoot());
    assertThat(replica.pinSet.recordCount()).isEqualTo(witness.pinSet.recordCount());

    // What is stored agrees too: reopening derives the tree from the stored buckets.
    StateRoot inMemory = replica.pinSet.stateRoot();
    network.restart(replica, store);
    assertThat(replica.pinSet.stateRoot()).isEqualTo(inMemory);
  }

  @Test
  void aRefusedApplyOfRemoteDeltasIsRetriedWithoutARestart() {
    RefusingKeyValueStore store = new RefusingKeyValueStore(new InMemoryKeyValueStore());
    ReplicaNetwork.Node replica = network.add("replica", store, network.ring.authorizer());
    ReplicaNetwork.Node author = network.add("author");
    store.refuseNext(1, RefusingKeyValueStore.puts(StoreLayout.DELTA));

    for (int i = 0; i < 30; i++) {
      network.submit(author, network.ring.pin(TestRing.cid(i)));
    }

    assertThat(network.runUntilConverged(Duration.ofMinutes(10))).isTrue();
    assertThat(store.refusals()).isEqualTo(1);
    assertThat(replica.pinSet.stateRoot()).isEqualTo(author.pinSet.stateRoot());
    assertThat(replica.pinSet.recordCount()).isEqualTo(30);
    // The pending count went back up when the write was refused, and down once it succeeded.
    assertThat(replica.metrics.get(CrdtMetrics.Gauge.PENDING_DELTAS)).isZero();
    StateRoot inMemory = replica.pinSet.stateRoot();
    network.restart(replica, store);
    assertThat(replica.pinSet.stateRoot()).isEqualTo(inMemory);
    assertThat(replica.metrics.get(CrdtMetrics.Gauge.PENDING_DELTAS)).isZero();
  }

  private void submitBoth(
      ReplicaNetwork.Node replica, ReplicaNetwork.Node witness, List<SignedOperation> operations) {
    network.submit(replica, operations.toArray(new SignedOperation[0]));
    network.submit(witness, operations.toArray(new SignedOperation[0]));
  }
}
