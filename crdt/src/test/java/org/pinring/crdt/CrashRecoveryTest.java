package org.pinring.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pinring.crdt.kv.KeyValueStore;
import org.pinring.crdt.kv.LevelDbKeyValueStore;
import org.pinring.crdt.testing.CrashingKeyValueStore;
import org.pinring.crdt.testing.CrashingKeyValueStore.Moment;
import org.pinring.crdt.testing.InMemoryBlockStore;
import org.pinring.crdt.testing.ReplicaNetwork;
import org.pinring.crdt.testing.SimulatedBlockSource;
import org.pinring.crdt.testing.SimulatedGossip;
import org.pinring.crdt.testing.TestRing;
import org.pinring.multiformats.Cid;
import org.pinring.runtime.Simulation;

/**
 * Invariant 5: a crash at any instant loses nothing acknowledged, and a restart resumes. The
 * process is "killed" at every single write of a scenario in turn (before and after the write
 * reaches LevelDB); the whole simulated process is then dropped, the LevelDB directory reopened by
 * a fresh replica, and the replica must converge to the same state and root as if nothing had
 * happened, without any pass over the whole DAG.
 */
class CrashRecoveryTest {

  @TempDir Path temporary;

  /** A history built by two writers with concurrent branches, served from their block stores. */
  private static final class History {
    final ReplicaNetwork network = new ReplicaNetwork(11);
    final ReplicaNetwork.Node a = network.add("a");
    final ReplicaNetwork.Node b = network.add("b");

    History() {
      network.submitMixedHistory(a, b, 12, 8, 5);
    }

    byte[] block(Cid cid) {
      byte[] block = a.blocks.get(cid);
      return block != null ? block : b.blocks.get(cid);
    }
  }

  private static final History HISTORY = new History();

  /** One incarnation of the victim process. */
  private static final class Victim {
    final Simulation simulation = new Simulation(99);
    final CrashingKeyValueStore store;
    final PinSet pinSet;
    final SimulatedBlockSource source;

    Victim(Path directory, int crashAt, Moment moment) {
      store = new CrashingKeyValueStore(LevelDbKeyValueStore.open(directory), crashAt, moment);
      source =
          new SimulatedBlockSource(
              HISTORY::block,
              simulation.time(),
              Duration.ofMillis(20),
              simulation.random().fork("loss"),
              0.1);
      SimulatedGossip gossip =
          new SimulatedGossip(simulation.time(), simulation.random(), 0, 0, Duration.ZERO);
      PinSet opened = null;
      try {
        opened =
            PinSet.open(
                ReplicaNetwork.testConfig(),
                store,
                new CrdtPorts(
                    source,
                    new InMemoryBlockStore(),
                    gossip.member("victim"),
                    HISTORY.network.ring.authorizer(),
                    new InMemoryCrdtMetrics()),
                simulation.environment("victim"));
        opened.receiveHeads(
            new RemotePeer("a"),
            new HeadAnnouncement(HISTORY.a.pinSet.heads(), HISTORY.a.pinSet.maxHeight()));
      } catch (CrashingKeyValueStore.SimulatedCrash crash) {
        // died while opening (creating the layout)
      }
      pinSet = opened;
    }

    /** Runs until synchronised; false if the process crashed first. */
    boolean run() {
      if (pinSet == null) {
        return false;
      }
      try {
        return simulation.time().runUntil(this::synchronised, Duration.ofMinutes(5));
      } catch (CrashingKeyValueStore.SimulatedCrash crash) {
        return false;
      }
    }

    boolean synchronised() {
      return pinSet.statusNow().isIdle() && pinSet.stateRoot().equals(HISTORY.a.pinSet.stateRoot());
    }

    void die() {
      store.close(); // the simulation, its tasks and the replica object are simply dropped
    }
  }

  @Test
  void theHistoryHasConcurrentBranchesAndMerges() {
    long merges = 0;
    for (Cid head : HISTORY.a.pinSet.heads()) {
      // Walk the whole history once, counting deltas with more than one parent.
      java.util.ArrayDeque<Cid> work = new java.util.ArrayDeque<>(List.of(head));
      java.util.Set<Cid> seen = new java.util.HashSet<>();
      while (!work.isEmpty()) {
        Cid cid = work.poll();
        if (seen.add(cid)) {
          Delta delta = org.pinring.crdt.internal.DeltaCodec.decode(HISTORY.block(cid));
          merges += delta.parents().size() > 1 ? 1 : 0;
          work.addAll(delta.parents());
        }
      }
      assertThat(seen.size()).isGreaterThanOrEqualTo(10);
    }
    assertThat(merges).isPositive();
    assertThat(HISTORY.a.pinSet.stateRoot()).isEqualTo(HISTORY.b.pinSet.stateRoot());
  }

  @ParameterizedTest
  @EnumSource(Moment.class)
  void aWalkResumesAfterACrashAtEveryWrite(Moment moment) throws Exception {
    Path reference = Files.createDirectory(temporary.resolve("reference-" + moment));
    Victim clean = new Victim(reference, 0, moment);
    assertThat(clean.run()).isTrue();
    int writes = clean.store.writes();
    Map<Cid, PinState> expected = ReplicaNetwork.states(clean.pinSet);
    clean.die();
    assertThat(writes).isGreaterThan(10);

    for (int crashAt = 1; crashAt <= writes; crashAt++) {
      Path directory = Files.createDirectory(temporary.resolve(moment + "-" + crashAt));
      Victim first = new Victim(directory, crashAt, moment);
      boolean finished = first.run();
      assertThat(first.store.crashed()).as("crash at write %d", crashAt).isTrue();
      assertThat(finished).isFalse();
      first.die();

      Victim restarted = new Victim(directory, 0, moment);
      assertThat(restarted.run()).as("resumed after a crash at write %d", crashAt).isTrue();
      assertThat(ReplicaNetwork.states(restarted.pinSet)).isEqualTo(expected);
      assertThat(restarted.pinSet.heads()).isEqualTo(HISTORY.a.pinSet.heads());
      restarted.die();
    }
  }

  @ParameterizedTest
  @EnumSource(Moment.class)
  void acknowledgedSubmissionsSurviveACrashAtEveryWrite(Moment moment) throws Exception {
    TestRing ring = HISTORY.network.ring;
    List<SignedOperation> operations = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      operations.add(ring.pin(TestRing.cid(500 + i)));
    }
    for (int crashAt = 2; crashAt <= 8; crashAt++) {
      Path directory = Files.createDirectory(temporary.resolve("submit-" + moment + "-" + crashAt));
      Simulation simulation = new Simulation(crashAt);
      CrashingKeyValueStore store =
          new CrashingKeyValueStore(LevelDbKeyValueStore.open(directory), crashAt, moment);
      PinSet pinSet = openAlone(simulation, store);
      List<SignedOperation> acknowledged = new ArrayList<>();
      try {
        for (SignedOperation operation : operations) {
          CompletableFuture<List<Cid>> result = pinSet.submit(List.of(operation));
          simulation.time().runUntil(result::isDone, Duration.ofSeconds(1));
          if (!result.isCompletedExceptionally()) {
            acknowledged.add(operation);
          }
        }
      } catch (CrashingKeyValueStore.SimulatedCrash crash) {
        // the process died in the middle of the loop
      }
      store.close();

      Simulation after = new Simulation(crashAt + 100);
      try (KeyValueStore reopened = LevelDbKeyValueStore.open(directory)) {
        PinSet restarted = openAlone(after, reopened);
        after.time().advanceBy(Duration.ofMillis(10));
        for (SignedOperation operation : acknowledged) {
          PinEntry entry = ((PinOperation) operation.operation()).entries().get(0);
          assertThat(restarted.pin(entry.spec().cid()))
              .as("acknowledged before a crash at write %d", crashAt)
              .isPresent();
        }
        restarted.close();
      }
    }
  }

  private static PinSet openAlone(Simulation simulation, KeyValueStore store) {
    return ReplicaNetwork.openAlone(simulation, store, HISTORY.network.ring.authorizer(), "alone");
  }
}
