package org.pinring.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.pinring.crdt.testing.ReferenceModel;
import org.pinring.crdt.testing.ReplicaNetwork;
import org.pinring.crdt.testing.TestRing;
import org.pinring.multiformats.Cid;
import org.pinring.runtime.SeededRandom;

/** Each rule of docs/crdt.md "Semantics", as a scenario. */
class SemanticsTest {

  private final ReplicaNetwork network = new ReplicaNetwork(7);
  private final ReplicaNetwork.Node a = network.add("a");
  private final ReplicaNetwork.Node b = network.add("b");
  private final TestRing ring = network.ring;
  private final Cid x = TestRing.cid(1);

  private void converge() {
    assertThat(network.runUntilConverged(Duration.ofSeconds(30))).isTrue();
  }

  private PinState stateAt(ReplicaNetwork.Node node) {
    return node.pinSet.state(x).orElse(PinState.empty(x));
  }

  /** Stops head gossip, so two replicas act concurrently; heal() restores it. */
  private void partition() {
    network.gossip.setPartitioned(true);
  }

  private void heal() {
    network.gossip.setPartitioned(false);
    a.pinSet.announce();
    b.pinSet.announce();
    converge();
  }

  @Test
  void addWinsOverAConcurrentUnpin() {
    SignedOperation first = ring.pin(x);
    network.submit(a, first);
    converge();
    partition();
    network.submit(b, ring.unpin(stateAt(b))); // b removes the add it observed: first
    SignedOperation again = ring.pin(x); // a, concurrently, adds x again
    network.submit(a, again);
    heal();

    for (ReplicaNetwork.Node node : List.of(a, b)) {
      PinState state = stateAt(node);
      assertThat(state.isPinned()).isTrue();
      assertThat(state.live().keySet()).containsExactly(again.id());
      // The removed add was seen: its operation is retired and no tombstone is kept.
      assertThat(state.removed()).isEmpty();
      assertThat(node.pinSet.isRetired(first.id())).isTrue();
    }
  }

  @Test
  void anUnpinRemovesEveryAddItObserved() {
    network.submit(a, ring.pin(x));
    network.submit(a, ring.pin(x));
    converge();
    assertThat(stateAt(b).live()).hasSize(2);
    network.submit(b, ring.unpin(stateAt(b)));
    converge();
    assertThat(stateAt(a).isPinned()).isFalse();
    assertThat(a.pinSet.pin(x)).isEmpty();
  }

  @Test
  void concurrentUpdatesOfTheSameVersionAreDecidedByTheHighestTag() {
    network.submit(a, ring.pin(x));
    converge();
    partition();
    SignedOperation fromA = ring.update(stateAt(a), PinSpec.builder(x).name("from a").build());
    SignedOperation fromB = ring.update(stateAt(b), PinSpec.builder(x).name("from b").build());
    network.submit(a, fromA);
    network.submit(b, fromB);
    heal();

    SignedOperation expected = fromA.id().compareTo(fromB.id()) > 0 ? fromA : fromB;
    for (ReplicaNetwork.Node node : List.of(a, b)) {
      PinValue winner = node.pinSet.pin(x).orElseThrow();
      assertThat(winner.tag()).isEqualTo(expected.id());
      assertThat(winner.version()).isEqualTo(1);
      // Both updates are live (neither observed the other); the loser stays as a live add.
      assertThat(stateAt(node).live()).hasSize(2);
    }
  }

  @Test
  void aHigherVersionWinsWhateverTheTags() {
    SignedOperation low = ring.pin(PinSpec.builder(x).name("v1").build(), 1);
    SignedOperation high = ring.pin(PinSpec.builder(x).name("v5").build(), 5);
    network.submit(a, high);
    network.submit(b, low);
    converge();
    assertThat(a.pinSet.pin(x).orElseThrow().spec().name()).isEqualTo("v5");
    assertThat(b.pinSet.pin(x).orElseThrow().spec().name()).isEqualTo("v5");
  }

  @Test
  void anUpdateReplacesWhatItObservedAtomically() {
    network.submit(a, ring.pin(x));
    converge();
    PinSpec changed = PinSpec.builder(x).replication(new Replication(2, 3)).build();
    SignedOperation update = ring.update(stateAt(b), changed);
    network.submit(b, update);
    converge();
    PinState state = stateAt(a);
    assertThat(state.live().keySet()).containsExactly(update.id());
    assertThat(state.winner().orElseThrow().spec()).isEqualTo(changed);
  }

  @Test
  void pinningAgainAfterAnUnpinPinsAgain() {
    network.submit(a, ring.pin(x));
    network.submit(a, ring.unpin(stateAt(a)));
    assertThat(stateAt(a).isPinned()).isFalse();
    SignedOperation repin = ring.pin(x); // a new operation: a fresh nonce, a fresh tag
    network.submit(a, repin);
    converge();
    assertThat(b.pinSet.pin(x).orElseThrow().tag()).isEqualTo(repin.id());
  }

  @Test
  void replayingAnOldPinAfterItsUnpinChangesNothing() {
    SignedOperation pin = ring.pin(x);
    network.submit(a, pin);
    network.submit(a, ring.unpin(stateAt(a)));
    converge();
    StateRoot before = a.pinSet.stateRoot();

    // A relay puts the old signed operation into a brand-new delta: it is still the same
    // operation, with the same tag, and that tag is a tombstone.
    network.submit(b, pin);
    converge();

    assertThat(stateAt(a).isPinned()).isFalse();
    assertThat(a.pinSet.stateRoot()).isEqualTo(before);
  }

  @Test
  void anUnpinThatArrivesBeforeItsPinStillRemovesIt() {
    SignedOperation pin = ring.pin(x);
    network.submit(a, ring.unpin(x, Set.of(pin.id())));
    // The add has not been seen: the tombstone is kept, waiting for it.
    assertThat(stateAt(a).removed()).containsExactly(pin.id());
    assertThat(a.pinSet.isRetired(pin.id())).isFalse();
    network.submit(a, pin);
    assertThat(stateAt(a).isPinned()).isFalse();
    // Now it has: the operation is retired, the tombstone dropped, and x has no record left.
    assertThat(a.pinSet.isRetired(pin.id())).isTrue();
    assertThat(a.pinSet.state(x)).isEmpty();
  }

  @Test
  void aRemovedAddRetiresItsOperationSoAReplayIsSkipped() {
    SignedOperation pin = ring.pin(x);
    network.submit(a, pin);
    network.submit(a, ring.unpin(stateAt(a)));
    converge();
    assertThat(a.pinSet.state(x)).isEmpty();
    assertThat(a.pinSet.isRetired(pin.id())).isTrue();
    StateRoot root = a.pinSet.stateRoot();

    network.submit(b, pin); // the same signed operation, in a brand-new delta
    converge();
    assertThat(a.pinSet.state(x)).isEmpty();
    assertThat(b.pinSet.state(x)).isEmpty();
    assertThat(a.pinSet.stateRoot()).isEqualTo(root).isEqualTo(b.pinSet.stateRoot());
  }

  @Test
  void aRetiredBulkOperationKeepsItsOtherAddsLiveUntilTheyAreRemoved() {
    Cid y = TestRing.cid(2);
    SignedOperation bulk = ring.pin(x, y);
    network.submit(a, bulk);
    network.submit(a, ring.unpin(x, Set.of(bulk.id())));
    assertThat(a.pinSet.isRetired(bulk.id())).isTrue();
    assertThat(a.pinSet.state(y).orElseThrow().live().keySet()).containsExactly(bulk.id());

    network.submit(a, bulk); // replayed: skipped, x stays unpinned, y stays as it is
    assertThat(a.pinSet.state(x)).isEmpty();
    assertThat(a.pinSet.state(y).orElseThrow().isPinned()).isTrue();

    network.submit(a, ring.unpin(y, Set.of(bulk.id())));
    assertThat(a.pinSet.state(y)).isEmpty();
    assertThat(a.pinSet.recordCount()).isEqualTo(1); // the retired operation only
  }

  @Test
  void aStrayTombstoneIsDroppedWhenItsOperationRetires() {
    Cid y = TestRing.cid(2);
    SignedOperation pin = ring.pin(x);
    // An unpin naming a tag for a CID that operation never pins: a tombstone nothing will clear.
    network.submit(a, ring.unpin(y, Set.of(pin.id())));
    network.submit(a, pin);
    assertThat(a.pinSet.state(y).orElseThrow().removed()).containsExactly(pin.id());

    network.submit(a, ring.unpin(x, Set.of(pin.id())));
    assertThat(a.pinSet.isRetired(pin.id())).isTrue();
    assertThat(a.pinSet.state(y)).isEmpty();
    assertThat(a.pinSet.state(x)).isEmpty();
  }

  @Test
  void expiryIsDecidedAtTheTimeTheCallerGivesNotInTheMerge() {
    Instant expiry = Instant.parse("2026-01-01T00:10:00Z");
    network.submit(a, ring.pin(PinSpec.builder(x).expiry(expiry).build(), 0));
    converge();
    StateRoot root = b.pinSet.stateRoot();

    assertThat(stateAt(b).isEffectiveAt(expiry.minusMillis(1))).isTrue();
    assertThat(stateAt(b).isEffectiveAt(expiry)).isFalse();
    network.simulation.time().advanceBy(Duration.ofHours(1)); // well past the expiry
    assertThat(b.pinSet.stateRoot()).isEqualTo(root);
    assertThat(stateAt(b).isPinned()).isTrue(); // still in the state until unpinned
  }

  @Test
  void replicasWhoseClocksDisagreeStillAgree() {
    List<SignedOperation> operations =
        List.of(
            ring.pin(PinSpec.builder(x).expiry(Instant.parse("2026-01-01T00:00:01Z")).build(), 0),
            ring.pin(TestRing.cid(2)));
    StateRoot[] roots = new StateRoot[2];
    long[] seeds = {1, 2};
    for (int i = 0; i < 2; i++) {
      ReplicaNetwork world = new ReplicaNetwork(seeds[i]);
      world.simulation.time().advanceBy(Duration.ofDays(400L * i)); // a very different wall clock
      ReplicaNetwork.Node node = world.add("n");
      world.submit(node, operations.toArray(new SignedOperation[0]));
      roots[i] = node.pinSet.stateRoot();
    }
    assertThat(roots[0]).isEqualTo(roots[1]);
  }

  @Test
  void ringOperationsFormAGrowOnlySet() {
    SignedOperation ban = ring.ringOperation("ban-peer", "peer-1");
    network.submit(a, ban);
    network.submit(b, ban); // a replay
    converge();
    assertThat(a.pinSet.ringOperations("ban-peer")).containsExactly(ban.operation());
    assertThat(b.pinSet.ringOperations("ban-peer")).hasSize(1);
    assertThat(a.pinSet.ringOperations("other")).isEmpty();
  }

  @Test
  void anOperationSignedByAnotherKeyIsNeverApplied() {
    TestRing stranger = new TestRing(SeededRandom.fromSeed(5), TestRing.seed(99));
    var result = a.pinSet.submit(List.of(stranger.pin(x)));
    network.simulation.time().runUntil(result::isDone, Duration.ofSeconds(1));
    assertThatThrownBy(result::join)
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(UnauthorizedOperationException.class)
        .hasMessageContaining("bad signature");
    assertThat(a.pinSet.state(x)).isEmpty();
    assertThat(a.pinSet.heads()).isEmpty();
  }

  @Test
  void theReplicaStateIsTheReferenceModelOfItsOperations() {
    ReferenceModel model = new ReferenceModel();
    SignedOperation[] operations = {
      ring.pin(x, TestRing.cid(2)), ring.ringOperation("ban-peer", "p"),
    };
    for (SignedOperation operation : operations) {
      model.add(operation);
    }
    network.submit(a, operations);
    SignedOperation unpin = ring.unpin(stateAt(a));
    model.add(unpin);
    network.submit(a, unpin);
    converge();
    assertThat(ReplicaNetwork.states(b.pinSet)).isEqualTo(model.states());
    assertThat(b.pinSet.stateRoot()).isEqualTo(model.root());
  }
}
