package org.pinring.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.pinring.crdt.testing.ReferenceModel;
import org.pinring.crdt.testing.ReplicaNetwork;
import org.pinring.crdt.testing.TestRing;
import org.pinring.multiformats.Cid;
import org.pinring.runtime.RandomSource;
import org.pinring.runtime.SeededRandom;

/**
 * Invariants 1 and 2 under random schedules: N replicas receive random mixes of operations, heads
 * are gossiped with random delays, loss and duplication, block fetches fail at random, and one
 * replica forges operations. Checkpoints are prepared, signed and merged along the way, and
 * replicas compact below them (when every honest replica has applied the frontier, the policy that
 * keeps released blocks unneeded). After the faults heal, every honest replica has the same state
 * and the same state root, equal to the reference model of the authorized operations submitted
 * (tombstones dropped, retired operations kept, docs/crdt.md), no forged operation is applied
 * anywhere, and replaying old operations after compacting everything changes nothing.
 */
class ConvergenceTest {

  private static final int CIDS = 6;

  @Property(tries = 60)
  void replicasConvergeToTheReferenceModel(
      @ForAll @IntRange(min = 2, max = 4) int replicas,
      @ForAll @IntRange(min = 1, max = 40) int steps,
      @ForAll long seed) {
    ReplicaNetwork network = new ReplicaNetwork(seed, ReplicaNetwork.testConfig(), 0.3, 0.25);
    List<ReplicaNetwork.Node> nodes = new ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      nodes.add(network.add("r" + i));
    }
    ReplicaNetwork.Node mallory =
        network.add(
            "mallory",
            new org.pinring.crdt.kv.InMemoryKeyValueStore(),
            (operation, carrier) -> Authorization.accept());
    mallory.untrusted = true;
    TestRing forger = new TestRing(SeededRandom.fromSeed(seed ^ 1), TestRing.seed(66));
    RandomSource script = network.simulation.random().fork("script");
    ReferenceModel model = new ReferenceModel();
    List<SignedOperation> submitted = new ArrayList<>();
    List<SignedOperation> checkpoints = new ArrayList<>();

    for (int step = 0; step < steps; step++) {
      if (script.nextInt(8) == 0) {
        prepareCheckpoint(network, nodes.get(script.nextInt(nodes.size())))
            .ifPresent(
                checkpoint -> {
                  model.add(checkpoint);
                  checkpoints.add(checkpoint);
                });
      }
      if (!checkpoints.isEmpty() && script.nextInt(6) == 0) {
        compactIfEveryoneHasTheFrontier(
            network,
            nodes,
            nodes.get(script.nextInt(nodes.size())),
            checkpoints.get(script.nextInt(checkpoints.size())));
      }
      ReplicaNetwork.Node node = nodes.get(script.nextInt(nodes.size()));
      Optional<SignedOperation> operation = randomOperation(network.ring, node, script, submitted);
      if (operation.isPresent()) {
        network.submit(node, operation.get());
        model.add(operation.get());
        submitted.add(operation.get());
      }
      if (script.nextInt(4) == 0) {
        network.submit(mallory, forger.pin(TestRing.cid(script.nextInt(CIDS))));
      }
      network.simulation.time().advanceBy(Duration.ofMillis(script.nextInt(200)));
    }

    network.gossip.heal();
    network.map(
        node -> {
          node.pinSet.announce();
          return node;
        });
    mallory.pinSet.announce();
    boolean converged = network.runUntilConverged(Duration.ofMinutes(10));
    assertThat(converged)
        .as("converged (seed %d): %s", seed, network.map(node -> node.pinSet.statusNow()))
        .isTrue();
    assertMatchesTheModel(nodes, model);

    // Compact below every checkpoint everywhere, then replay old operations: nothing changes.
    for (SignedOperation checkpoint : checkpoints) {
      for (ReplicaNetwork.Node node : nodes) {
        compactIfEveryoneHasTheFrontier(network, nodes, node, checkpoint);
      }
    }
    assertMatchesTheModel(nodes, model);
    if (!submitted.isEmpty()) {
      for (int i = 0; i < 3; i++) {
        network.submit(
            nodes.get(script.nextInt(nodes.size())),
            submitted.get(script.nextInt(submitted.size())));
      }
      assertThat(network.runUntilConverged(Duration.ofMinutes(10))).isTrue();
      assertMatchesTheModel(nodes, model);
    }
  }

  private static void assertMatchesTheModel(List<ReplicaNetwork.Node> nodes, ReferenceModel model) {
    for (ReplicaNetwork.Node node : nodes) {
      assertThat(ReplicaNetwork.states(node.pinSet)).as(node.name).isEqualTo(model.states());
      assertThat(node.pinSet.stateRoot()).as(node.name).isEqualTo(model.root());
      for (OperationId retired : model.retired()) {
        assertThat(node.pinSet.isRetired(retired)).as(node.name).isTrue();
      }
    }
  }

  /** A checkpoint of {@code node}'s current state, signed by the ring and submitted there. */
  private static Optional<SignedOperation> prepareCheckpoint(
      ReplicaNetwork network, ReplicaNetwork.Node node) {
    if (node.pinSet.heads().isEmpty() || node.pinSet.heads().size() > CrdtLimits.MAX_PARENTS) {
      return Optional.empty();
    }
    CompletableFuture<Checkpoint> prepared = node.pinSet.prepareCheckpoint();
    network.simulation.time().runUntil(prepared::isDone, Duration.ofMinutes(1));
    SignedOperation checkpoint = network.ring.checkpoint(prepared.join());
    network.submit(node, checkpoint);
    return Optional.of(checkpoint);
  }

  /**
   * Compacts {@code node} below {@code checkpoint} if it holds it and every honest replica has
   * applied the frontier.
   */
  private static void compactIfEveryoneHasTheFrontier(
      ReplicaNetwork network,
      List<ReplicaNetwork.Node> nodes,
      ReplicaNetwork.Node node,
      SignedOperation checkpoint) {
    Checkpoint frontier = ((CheckpointOperation) checkpoint.operation()).checkpoint();
    for (ReplicaNetwork.Node honest : nodes) {
      for (FrontierEntry entry : frontier.frontier()) {
        if (!honest.pinSet.isApplied(entry.delta())) {
          return;
        }
      }
    }
    if (node.pinSet.signedCheckpoint(checkpoint.id()).isEmpty()) {
      return;
    }
    StateRoot before = node.pinSet.stateRoot();
    CompletableFuture<Long> compacted = node.pinSet.compact(checkpoint.id());
    network.simulation.time().runUntil(compacted::isDone, Duration.ofMinutes(1));
    compacted.join();
    assertThat(node.pinSet.stateRoot()).isEqualTo(before);
  }

  private static Optional<SignedOperation> randomOperation(
      TestRing ring, ReplicaNetwork.Node node, RandomSource random, List<SignedOperation> history) {
    Cid cid = TestRing.cid(random.nextInt(CIDS));
    Optional<PinState> observed = node.pinSet.state(cid);
    return switch (random.nextInt(8)) {
      case 0, 1 -> Optional.of(ring.pin(cid));
      case 2 -> Optional.of(ring.pin(cid, TestRing.cid(CIDS + random.nextInt(3))));
      case 3 -> observed.filter(PinState::isPinned).map(ring::unpin);
      case 4 ->
          observed
              .filter(PinState::isPinned)
              .map(
                  state ->
                      ring.update(
                          state, PinSpec.builder(cid).name("n" + random.nextInt(99)).build()));
      case 5 -> Optional.of(ring.ringOperation("ban-peer", "p" + random.nextInt(3)));
      // A replay of something already submitted somewhere.
      case 6 ->
          history.isEmpty()
              ? Optional.empty()
              : Optional.of(history.get(random.nextInt(history.size())));
      default -> Optional.of(ring.pin(PinSpec.builder(cid).name("v").build(), random.nextInt(3)));
    };
  }
}
