package org.pinring.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinring.crdt.kv.InMemoryKeyValueStore;
import org.pinring.crdt.kv.LevelDbKeyValueStore;
import org.pinring.crdt.testing.CrashingKeyValueStore;
import org.pinring.crdt.testing.ReplicaNetwork;
import org.pinring.crdt.testing.TestRing;
import org.pinring.multiformats.Cid;
import org.pinring.runtime.SeededRandom;

/** Checkpoints: deterministic snapshots, verified bootstrap, compaction, and their crash safety. */
class CheckpointTest {

  @TempDir Path temporary;

  private final ReplicaNetwork network = new ReplicaNetwork(21);
  private final ReplicaNetwork.Node a = network.add("a");
  private final ReplicaNetwork.Node b = network.add("b");
  private final TestRing ring = network.ring;
  private final List<SignedOperation> historyPins = new java.util.ArrayList<>();

  /**
   * 24 deltas from two writers (40 CIDs pinned, 3 unpinned, a ring operation), then a checkpoint of
   * them submitted to the DAG as a 25th.
   */
  private SignedOperation historyWithCheckpoint() {
    for (int i = 0; i < 20; i++) {
      ReplicaNetwork.Node writer = i % 2 == 0 ? a : b;
      SignedOperation pin = ring.pin(TestRing.cid(2 * i), TestRing.cid(2 * i + 1));
      historyPins.add(pin);
      network.submit(writer, pin);
      if (i % 6 == 5) {
        network.submit(writer, ring.unpin(writer.pinSet.state(TestRing.cid(2 * i)).orElseThrow()));
      }
    }
    network.submit(a, ring.ringOperation("ban-peer", "p1"));
    assertThat(network.runUntilConverged(Duration.ofMinutes(1))).isTrue();
    Checkpoint checkpoint = network.await(a.pinSet.prepareCheckpoint());
    SignedOperation signed = ring.checkpoint(checkpoint);
    network.submit(a, signed);
    return signed;
  }

  @Test
  void replicasAtTheSameHeadsPrepareTheSameCheckpoint() {
    network.submit(a, ring.pin(TestRing.cid(1)));
    network.submit(b, ring.pin(TestRing.cid(2)));
    network.submit(a, ring.pin(TestRing.cid(3)));
    assertThat(network.runUntilConverged(Duration.ofMinutes(1))).isTrue();
    Checkpoint fromA = network.await(a.pinSet.prepareCheckpoint());
    Checkpoint fromB = network.await(b.pinSet.prepareCheckpoint());
    assertThat(fromA).isEqualTo(fromB);
    assertThat(fromA.stateRoot()).isEqualTo(a.pinSet.stateRoot());
    assertThat(fromA.frontier())
        .extracting(FrontierEntry::delta)
        .containsExactlyElementsOf(a.pinSet.heads());
  }

  @Test
  void aNewReplicaBootstrapsFromACheckpointAndWalksOnlyWhatIsAboveIt() {
    SignedOperation checkpoint = historyWithCheckpoint();
    for (int i = 0; i < 4; i++) {
      network.submit(b, ring.pin(TestRing.cid(1000 + i)));
    }
    assertThat(network.runUntilConverged(Duration.ofMinutes(1))).isTrue();

    ReplicaNetwork.Node joiner = network.add("joiner");
    BootstrapResult result =
        network.await(joiner.pinSet.bootstrap(checkpoint, Optional.of(new RemotePeer("a"))));
    assertThat(result.records()).isEqualTo(41); // 40 CIDs and the ban (the checkpoint is above)
    joiner.pinSet.receiveHeads(
        new RemotePeer("b"), new HeadAnnouncement(b.pinSet.heads(), b.pinSet.maxHeight()));
    assertThat(network.runUntilConverged(Duration.ofMinutes(1))).isTrue();

    assertThat(ReplicaNetwork.states(joiner.pinSet)).isEqualTo(ReplicaNetwork.states(a.pinSet));
    assertThat(joiner.pinSet.stateRoot()).isEqualTo(a.pinSet.stateRoot());
    // Only the checkpoint's own delta and the four above it were fetched, not the 24 below.
    assertThat(joiner.metrics.get(CrdtMetrics.Counter.BLOCKS_FETCHED)).isEqualTo(5);
    assertThat(joiner.pinSet.ringOperations("checkpoint")).containsExactly(checkpoint.operation());
    assertThat(joiner.pinSet.signedCheckpoint(checkpoint.id())).contains(checkpoint);
  }

  @Test
  void aCheckpointTheAuthorizerDoesNotTrustIsRefused() {
    SignedOperation genuine = historyWithCheckpoint();
    TestRing stranger = new TestRing(SeededRandom.fromSeed(4), TestRing.seed(77));
    SignedOperation forged =
        stranger.checkpoint(((CheckpointOperation) genuine.operation()).checkpoint());
    ReplicaNetwork.Node joiner = network.add("joiner");

    CompletableFuture<BootstrapResult> result = joiner.pinSet.bootstrap(forged, Optional.empty());
    network.simulation.time().runUntil(result::isDone, Duration.ofMinutes(1));
    assertThatThrownBy(result::join)
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(UnauthorizedOperationException.class);
    assertThat(joiner.pinSet.recordCount()).isZero();
  }

  @Test
  void aSnapshotThatDoesNotReproduceItsCheckpointIsRejectedAndLeavesTheReplicaEmpty() {
    SignedOperation genuine = historyWithCheckpoint();
    Checkpoint real = ((CheckpointOperation) genuine.operation()).checkpoint();
    byte[] wrongRoot = real.stateRoot().toBytes();
    wrongRoot[0] ^= 1;
    // Validly signed, but claiming a root the snapshot does not have.
    SignedOperation lying =
        ring.checkpoint(new Checkpoint(real.frontier(), StateRoot.of(wrongRoot), real.snapshot()));
    ReplicaNetwork.Node joiner = network.add("joiner");

    CompletableFuture<BootstrapResult> result = joiner.pinSet.bootstrap(lying, Optional.empty());
    network.simulation.time().runUntil(result::isDone, Duration.ofMinutes(1));
    assertThatThrownBy(result::join)
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(BootstrapException.class)
        .hasMessageContaining("does not match the checkpoint");
    assertThat(joiner.pinSet.recordCount()).isZero();
    assertThat(joiner.pinSet.heads()).isEmpty();

    assertThat(network.await(joiner.pinSet.bootstrap(genuine, Optional.empty())).records())
        .isPositive();
    assertThat(joiner.pinSet.stateRoot()).isEqualTo(real.stateRoot());
  }

  @Test
  void onlyAnEmptyReplicaBootstraps() {
    SignedOperation checkpoint = historyWithCheckpoint();
    CompletableFuture<BootstrapResult> result = b.pinSet.bootstrap(checkpoint, Optional.empty());
    network.simulation.time().runUntil(result::isDone, Duration.ofMinutes(1));
    assertThatThrownBy(result::join).hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void aBootstrapInterruptedByACrashStartsOverFromEmpty() throws Exception {
    SignedOperation checkpoint = historyWithCheckpoint();
    Checkpoint real = ((CheckpointOperation) checkpoint.operation()).checkpoint();
    for (int crashAt = 2; crashAt <= 6; crashAt++) {
      Path directory = Files.createDirectory(temporary.resolve("boot-" + crashAt));
      CrashingKeyValueStore store =
          new CrashingKeyValueStore(
              LevelDbKeyValueStore.open(directory),
              crashAt,
              CrashingKeyValueStore.Moment.AFTER_WRITE);
      ReplicaNetwork.Node joiner = network.add("joiner-" + crashAt, store, ring.authorizer());
      CompletableFuture<BootstrapResult> result =
          joiner.pinSet.bootstrap(checkpoint, Optional.empty());
      try {
        network.simulation.time().runUntil(result::isDone, Duration.ofMinutes(1));
      } catch (CrashingKeyValueStore.SimulatedCrash crash) {
        // died mid-import
      }
      assertThat(store.crashed()).isTrue();
      network.stop(joiner, false);
      store.close();

      try (LevelDbKeyValueStore reopened = LevelDbKeyValueStore.open(directory)) {
        ReplicaNetwork.Node again = network.add("again-" + crashAt, reopened, ring.authorizer());
        assertThat(again.pinSet.recordCount()).isZero();
        assertThat(again.pinSet.heads()).isEmpty();
        network.await(again.pinSet.bootstrap(checkpoint, Optional.empty()));
        assertThat(again.pinSet.stateRoot()).isEqualTo(real.stateRoot());
        network.stop(again, false);
      }
    }
  }

  @Test
  void compactionReleasesEveryDeltaBelowTheFrontierAndChangesNoState() {
    SignedOperation checkpoint = historyWithCheckpoint();
    Checkpoint real = ((CheckpointOperation) checkpoint.operation()).checkpoint();
    assertThat(network.runUntilConverged(Duration.ofMinutes(1))).isTrue();
    StateRoot before = a.pinSet.stateRoot();
    int blocksBefore = a.blocks.size();

    long compacted = network.await(a.pinSet.compact(checkpoint.id()));

    // 24 deltas are at or below the frontier; the frontier itself is kept.
    assertThat(compacted).isEqualTo(24 - real.frontier().size());
    assertThat(a.blocks.size()).isEqualTo(blocksBefore - (int) compacted);
    assertThat(a.pinSet.stateRoot()).isEqualTo(before);
    for (FrontierEntry entry : real.frontier()) {
      assertThat(a.blocks.has(entry.delta())).isTrue();
    }
    assertThat(network.await(a.pinSet.compact(checkpoint.id()))).isZero(); // idempotent

    // The compacted replica keeps working, and joiners still come in through the checkpoint.
    network.submit(a, ring.pin(TestRing.cid(9999)));
    network.stop(b, false); // b, uncompacted, no longer serves anything
    ReplicaNetwork.Node joiner = network.add("joiner");
    network.await(joiner.pinSet.bootstrap(checkpoint, Optional.empty()));
    joiner.pinSet.receiveHeads(
        new RemotePeer("a"), new HeadAnnouncement(a.pinSet.heads(), a.pinSet.maxHeight()));
    assertThat(network.runUntilConverged(Duration.ofMinutes(1))).isTrue();
    assertThat(joiner.pinSet.pin(TestRing.cid(9999))).isPresent();
  }

  @Test
  void compactionResumesAfterACrash() throws Exception {
    SignedOperation checkpoint = historyWithCheckpoint();
    Checkpoint real = ((CheckpointOperation) checkpoint.operation()).checkpoint();
    Path directory = Files.createDirectory(temporary.resolve("compact"));
    // A LevelDB replica that follows a and then compacts, crashing after its second batch.
    try (LevelDbKeyValueStore disk = LevelDbKeyValueStore.open(directory)) {
      ReplicaNetwork.Node follower = network.add("follower", disk, ring.authorizer());
      follower.pinSet.receiveHeads(
          new RemotePeer("a"), new HeadAnnouncement(a.pinSet.heads(), a.pinSet.maxHeight()));
      assertThat(network.runUntilConverged(Duration.ofMinutes(1))).isTrue();
      network.stop(follower, true);
    }
    long expected = 24L - real.frontier().size();
    CrashingKeyValueStore crashing =
        new CrashingKeyValueStore(
            LevelDbKeyValueStore.open(directory), 3, CrashingKeyValueStore.Moment.AFTER_WRITE);
    ReplicaNetwork.Node victim = network.add("victim", crashing, ring.authorizer());
    CompletableFuture<Long> first = victim.pinSet.compact(checkpoint.id());
    try {
      network.simulation.time().runUntil(first::isDone, Duration.ofMinutes(1));
    } catch (CrashingKeyValueStore.SimulatedCrash crash) {
      // died mid-compaction
    }
    assertThat(crashing.crashed()).isTrue();
    long releasedBeforeCrash = victim.blocks.released();
    network.stop(victim, false);
    crashing.close();

    try (LevelDbKeyValueStore reopened = LevelDbKeyValueStore.open(directory)) {
      ReplicaNetwork.Node resumed = network.add("resumed", reopened, ring.authorizer());
      // Opening resumes the stored work list; compacting again then finds nothing left.
      network.simulation.time().advanceBy(Duration.ofSeconds(1));
      assertThat(network.await(resumed.pinSet.compact(checkpoint.id()))).isZero();
      long compactedFlags = 0;
      try (var it = reopened.scan(new byte[] {'d'})) {
        while (it.hasNext()) {
          compactedFlags += (it.next().value()[0] & 2) != 0 ? 1 : 0;
        }
      }
      assertThat(compactedFlags).isEqualTo(expected);
      assertThat(releasedBeforeCrash).isLessThanOrEqualTo(expected);
      network.stop(resumed, false);
    }
  }

  @Test
  void compactionSurvivesACrashAtEveryWriteAndOldOperationsStayHarmless() throws Exception {
    SignedOperation checkpoint = historyWithCheckpoint();
    Checkpoint real = ((CheckpointOperation) checkpoint.operation()).checkpoint();
    // Operations from below the frontier whose adds were removed: their tombstones are gone.
    List<SignedOperation> old = new java.util.ArrayList<>();
    for (int i = 5; i < 20; i += 6) {
      old.add(historyPins.get(i));
    }
    Path pristine = Files.createDirectory(temporary.resolve("pristine"));
    try (LevelDbKeyValueStore disk = LevelDbKeyValueStore.open(pristine)) {
      ReplicaNetwork.Node follower = network.add("follower", disk, ring.authorizer());
      follower.pinSet.receiveHeads(
          new RemotePeer("a"), new HeadAnnouncement(a.pinSet.heads(), a.pinSet.maxHeight()));
      assertThat(network.runUntilConverged(Duration.ofMinutes(1))).isTrue();
      network.stop(follower, true);
    }
    StateRoot root = a.pinSet.stateRoot();
    java.util.Map<Cid, PinState> states = ReplicaNetwork.states(a.pinSet);
    long expected = 24L - real.frontier().size();
    boolean crashed = true;
    for (int crashAt = 1; crashed; crashAt++) {
      for (CrashingKeyValueStore.Moment moment : CrashingKeyValueStore.Moment.values()) {
        Path directory = temporary.resolve("crash-" + crashAt + "-" + moment);
        copyDirectory(pristine, directory);
        CrashingKeyValueStore crashing =
            new CrashingKeyValueStore(LevelDbKeyValueStore.open(directory), crashAt, moment);
        ReplicaNetwork.Node victim =
            network.add("victim-" + crashAt + moment, crashing, ring.authorizer());
        CompletableFuture<Long> first = victim.pinSet.compact(checkpoint.id());
        try {
          network.simulation.time().runUntil(first::isDone, Duration.ofMinutes(1));
        } catch (CrashingKeyValueStore.SimulatedCrash crash) {
          // died mid-compaction
        }
        crashed = crashing.crashed();
        network.stop(victim, false);
        crashing.close();

        try (LevelDbKeyValueStore reopened = LevelDbKeyValueStore.open(directory)) {
          ReplicaNetwork.Node resumed =
              network.add("resumed-" + crashAt + moment, reopened, ring.authorizer());
          network.simulation.time().advanceBy(Duration.ofSeconds(1));
          network.await(resumed.pinSet.compact(checkpoint.id()));
          assertThat(compactedDeltas(reopened))
              .as("crash at %d %s", crashAt, moment)
              .isEqualTo(expected);
          assertThat(resumed.pinSet.stateRoot()).isEqualTo(root);
          assertThat(ReplicaNetwork.states(resumed.pinSet)).isEqualTo(states);
          // Replays of operations from below the frontier, in new deltas, change nothing.
          for (SignedOperation replay : old) {
            assertThat(resumed.pinSet.isRetired(replay.id())).isTrue();
            network.await(resumed.pinSet.submit(List.of(replay)));
          }
          assertThat(resumed.pinSet.stateRoot()).isEqualTo(root);
          network.stop(resumed, false);
        }
      }
    }
  }

  private static long compactedDeltas(LevelDbKeyValueStore store) {
    long compacted = 0;
    try (var it = store.scan(new byte[] {'d'})) {
      while (it.hasNext()) {
        compacted += (it.next().value()[0] & 2) != 0 ? 1 : 0;
      }
    }
    return compacted;
  }

  private static void copyDirectory(Path from, Path to) throws java.io.IOException {
    Files.createDirectories(to);
    try (var files = Files.list(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (!file.getFileName().toString().equals("LOCK")) {
          Files.copy(file, to.resolve(file.getFileName()));
        }
      }
    }
  }

  @Test
  void exportingDetectsACorruptStore() {
    network.submit(a, ring.pin(TestRing.cid(1)));
    InMemoryKeyValueStore store = (InMemoryKeyValueStore) a.store;
    // Damage one record hash of a bucket behind the replica's back (format 3: the hash is in the
    // key of the record's bucket entry, b BUCKET HASH).
    org.pinring.crdt.kv.KeyValueEntry entry;
    try (var it = store.scan(new byte[] {'b'})) {
      entry = it.next();
    }
    byte[] damaged = entry.key().clone();
    damaged[3] ^= 1;
    store.write(
        new org.pinring.crdt.kv.WriteBatch().delete(entry.key()).put(damaged, entry.value()),
        org.pinring.crdt.kv.KeyValueStore.Durability.SYNC);
    CompletableFuture<Checkpoint> result = a.pinSet.prepareCheckpoint();
    network.simulation.time().runUntil(result::isDone, Duration.ofSeconds(1));
    assertThatThrownBy(result::join).hasMessageContaining("do not match its leaf hash");
  }

  @Test
  void checkpointsOfAnEmptyReplicaAreRefused() {
    ReplicaNetwork.Node empty = network.add("empty");
    CompletableFuture<Checkpoint> result = empty.pinSet.prepareCheckpoint();
    network.simulation.time().runUntil(result::isDone, Duration.ofSeconds(1));
    assertThatThrownBy(result::join).hasMessageContaining("nothing to checkpoint");
    List<Cid> none = empty.pinSet.heads();
    assertThat(none).isEmpty();
  }
}
