package org.pinring.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.pinring.crdt.testing.ReplicaNetwork;
import org.pinring.crdt.testing.TestRing;

class ReplicationSmokeTest {

  @Test
  void aPinOnOneReplicaReachesTheOther() {
    ReplicaNetwork network = new ReplicaNetwork(1);
    ReplicaNetwork.Node a = network.add("a");
    ReplicaNetwork.Node b = network.add("b");
    network.simulation.time().advanceBy(Duration.ofMillis(10));

    network.submit(a, network.ring.pin(TestRing.cid(1), TestRing.cid(2)));

    assertThat(network.runUntilConverged(Duration.ofSeconds(10))).isTrue();
    assertThat(b.pinSet.pin(TestRing.cid(1))).isPresent();
    assertThat(b.pinSet.stateRoot()).isEqualTo(a.pinSet.stateRoot());
    assertThat(b.pinSet.heads()).isEqualTo(a.pinSet.heads());
  }
}
