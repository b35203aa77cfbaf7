package org.pinring.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.pinring.crdt.internal.StateTree;
import org.pinring.crdt.internal.StateWriter;
import org.pinring.crdt.testing.ReplicaNetwork;
import org.pinring.crdt.testing.TestRing;
import org.pinring.multiformats.Cid;
import org.pinring.runtime.SeededRandom;

/** The state root: incremental maintenance and finding differences between replicas. */
class StateTreeTest {

  private static byte[] hash(long seed) {
    byte[] hash = new byte[32];
    SeededRandom.fromSeed(seed).nextBytes(hash);
    return hash;
  }

  @Provide
  Arbitrary<List<Integer>> buckets() {
    return Arbitraries.integers().between(0, StateTree.BUCKETS - 1).list().ofMaxSize(60);
  }

  @Property(tries = 50)
  void incrementalUpdatesGiveTheRootOfTheFinalLeaves(@ForAll("buckets") List<Integer> writes) {
    StateTree incremental = new StateTree();
    StateTree.NodeSource unused = incremental::nodeHash;
    assertThat(unused).isNotNull();
    java.util.Map<Integer, byte[]> finalLeaves = new java.util.HashMap<>();
    for (int i = 0; i < writes.size(); i++) {
      byte[] leaf = hash(i);
      incremental.setLeaf(writes.get(i), leaf);
      finalLeaves.put(writes.get(i), leaf);
      if (i % 7 == 0) {
        incremental.recompute();
      }
    }
    incremental.recompute();
    StateTree fromScratch = new StateTree();
    finalLeaves.forEach(fromScratch::setLeaf);
    fromScratch.recompute();
    assertThat(incremental.root()).isEqualTo(fromScratch.root());
  }

  @Property(tries = 50)
  void theDiffFindsExactlyTheDifferingBucketsInFewComparisons(
      @ForAll("buckets") List<Integer> shared,
      @ForAll @IntRange(min = 0, max = 20) int differences) {
    StateTree local = new StateTree();
    StateTree remote = new StateTree();
    for (int i = 0; i < shared.size(); i++) {
      local.setLeaf(shared.get(i), hash(i));
      remote.setLeaf(shared.get(i), hash(i));
    }
    Set<Integer> differing = new TreeSet<>();
    SeededRandom random = SeededRandom.fromSeed(differences * 31L + shared.size());
    while (differing.size() < differences) {
      int bucket = random.nextInt(StateTree.BUCKETS);
      differing.add(bucket);
      remote.setLeaf(bucket, hash(-1 - bucket));
    }
    local.recompute();
    remote.recompute();
    long[] comparisons = new long[1];

    List<Integer> found =
        StateTree.differingBuckets(local::nodeHash, remote::nodeHash, comparisons);

    assertThat(new TreeSet<>(found)).isEqualTo(differing);
    assertThat(comparisons[0])
        .isLessThanOrEqualTo(1 + (long) differences * StateTree.INNER_LEVELS * StateTree.FANOUT);
  }

  @Test
  void everyLeafChangesTheRoot() {
    StateTree tree = new StateTree();
    Set<StateRoot> roots = new HashSet<>();
    roots.add(tree.root());
    for (int bucket : new int[] {0, 1, 15, 16, 4095, 4096, 65535}) {
      tree.setLeaf(bucket, hash(bucket));
      tree.recompute();
      roots.add(tree.root());
    }
    assertThat(roots).hasSize(8);
  }

  @Test
  void twoReplicasFindTheCidsTheyDisagreeOn() {
    ReplicaNetwork network = new ReplicaNetwork(5);
    ReplicaNetwork.Node a = network.add("a");
    ReplicaNetwork.Node b = network.add("b");
    List<SignedOperation> shared = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      shared.add(network.ring.pin(TestRing.cid(i)));
    }
    network.submit(a, shared.toArray(new SignedOperation[0]));
    assertThat(network.runUntilConverged(Duration.ofMinutes(1))).isTrue();
    network.gossip.setPartitioned(true);
    Set<Cid> onlyOnA = Set.of(TestRing.cid(100), TestRing.cid(101), TestRing.cid(102));
    network.submit(a, network.ring.pin(onlyOnA.toArray(new Cid[0])));

    List<Integer> buckets =
        StateTree.differingBuckets(a.pinSet.stateTree(), b.pinSet.stateTree(), null);

    Set<Cid> differing = new HashSet<>();
    for (int bucket : buckets) {
      Set<PinState> onB = new HashSet<>(b.pinSet.bucket(bucket));
      for (PinState state : a.pinSet.bucket(bucket)) {
        if (!onB.contains(state)) {
          differing.add(state.cid());
        }
      }
    }
    assertThat(differing).isEqualTo(onlyOnA);
    // Each CID is in the bucket its record key names.
    for (Cid cid : onlyOnA) {
      assertThat(buckets).contains(StateTree.bucketOf(StateWriter.pinRecordKey(cid)));
    }
  }
}
