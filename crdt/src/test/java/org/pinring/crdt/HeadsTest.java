package org.pinring.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pinring.crdt.kv.InMemoryKeyValueStore;
import org.pinring.crdt.testing.ReplicaNetwork;
import org.pinring.crdt.testing.TestRing;
import org.pinring.multiformats.Cid;

/** Heads in memory and in the store stay equal, whatever lands in one batch. */
class HeadsTest {

  private final ReplicaNetwork network = new ReplicaNetwork(31);

  @Test
  void aLargeSubmissionBecomesAChainWithOneHead() {
    ReplicaNetwork.Node a = network.add("a");
    List<SignedOperation> operations = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      operations.add(network.ring.pin(TestRing.cid(i)));
    }
    List<Cid> deltas = network.submit(a, operations.toArray(new SignedOperation[0]));
    assertThat(deltas).hasSize(3); // 1024 operations per delta at most
    assertThat(a.pinSet.heads()).containsExactly(deltas.get(2));
    assertThat(a.pinSet.maxHeight()).isEqualTo(3);
    assertThat(headsInStore(a)).containsExactly(deltas.get(2));
  }

  @Test
  void aWalkedChainLeavesTheSameHeadsInMemoryAndOnDisk() {
    ReplicaNetwork.Node writer = network.add("writer");
    for (int i = 0; i < 30; i++) {
      network.submit(writer, network.ring.pin(TestRing.cid(i)));
    }
    ReplicaNetwork.Node reader =
        network.add("reader", new InMemoryKeyValueStore(), network.ring.authorizer());
    reader.pinSet.receiveHeads(
        new RemotePeer("writer"),
        new HeadAnnouncement(writer.pinSet.heads(), writer.pinSet.maxHeight()));
    assertThat(network.runUntilConverged(Duration.ofMinutes(1))).isTrue();
    assertThat(reader.pinSet.heads()).isEqualTo(writer.pinSet.heads()).hasSize(1);
    assertThat(headsInStore(reader)).isEqualTo(reader.pinSet.heads());
  }

  private static List<Cid> headsInStore(ReplicaNetwork.Node node) {
    List<Cid> heads = new ArrayList<>();
    try (var it = node.store.scan(new byte[] {'h'})) {
      while (it.hasNext()) {
        heads.add(org.pinring.crdt.internal.StoreLayout.cidOf(it.next().key()));
      }
    }
    return heads;
  }
}
