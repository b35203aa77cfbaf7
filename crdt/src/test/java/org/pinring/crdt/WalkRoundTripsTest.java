package org.pinring.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pinring.crdt.testing.ReplicaNetwork;
import org.pinring.crdt.testing.TestRing;

/**
 * Round trips of a walk grow with the number of missing blocks divided by the answer size, not with
 * the depth of the DAG (the weakness of go-ds-crdt this module must not share). Measured on a
 * linear history, the worst case for level-by-level walking, with 20 ms per round trip.
 */
class WalkRoundTripsTest {

  private static ReplicaNetwork.Node writerWith(ReplicaNetwork network, int deltas) {
    ReplicaNetwork.Node writer = network.add("writer");
    for (int i = 0; i < deltas; i++) {
      network.submit(writer, network.ring.pin(TestRing.cid(i)));
    }
    return writer;
  }

  private static ReplicaNetwork.Node joinAndWalk(
      ReplicaNetwork network, ReplicaNetwork.Node writer) {
    ReplicaNetwork.Node reader = network.add("reader");
    reader.pinSet.receiveHeads(
        new RemotePeer("writer"),
        new HeadAnnouncement(writer.pinSet.heads(), writer.pinSet.maxHeight()));
    assertThat(network.runUntilConverged(Duration.ofHours(1))).isTrue();
    assertThat(reader.pinSet.stateRoot()).isEqualTo(writer.pinSet.stateRoot());
    return reader;
  }

  @ParameterizedTest
  @ValueSource(ints = {40, 160, 640})
  void subDagWalksNeedAboutDepthOverAnswerSizeRoundTrips(int depth) {
    ReplicaNetwork network = new ReplicaNetwork(depth);
    ReplicaNetwork.Node writer = writerWith(network, depth);
    ReplicaNetwork.Node reader = joinAndWalk(network, writer);
    int perAnswer = ReplicaNetwork.testConfig().maxBlocksPerResponse();
    assertThat(reader.source.requests()).isLessThanOrEqualTo(depth / perAnswer + 2);
    assertThat(reader.metrics.get(CrdtMetrics.Counter.BLOCKS_FETCHED)).isEqualTo(depth);
  }

  @Test
  void levelByLevelWalksNeedOneRoundTripPerLevel() {
    int depth = 160;
    ReplicaNetwork subDag = new ReplicaNetwork(1);
    ReplicaNetwork.Node fast = joinAndWalk(subDag, writerWith(subDag, depth));
    long subDagTime = subDag.simulation.time().elapsed().toMillis();

    ReplicaNetwork levels =
        new ReplicaNetwork(
            1, ReplicaNetwork.testConfig().withWalkMode(CrdtConfig.WalkMode.LEVEL_BY_LEVEL), 0, 0);
    ReplicaNetwork.Node slow = joinAndWalk(levels, writerWith(levels, depth));

    assertThat(slow.source.requests()).isGreaterThanOrEqualTo(depth);
    assertThat(fast.source.requests()).isLessThan(slow.source.requests() / 10);
    assertThat(levels.simulation.time().elapsed().toMillis()).isGreaterThan(subDagTime);
  }
}
