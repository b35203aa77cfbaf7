package org.pinring.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pinring.allocator.Fixtures.MIB;
import static org.pinring.allocator.Fixtures.TIB;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FairnessTest {

  @Test
  void reliablePeersGetMoreButAtMostTheFloorsInverse() {
    List<PeerState> peers = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      peers.add(PeerState.of(Fixtures.peerId(i), TIB).withReliability(i % 2 == 0 ? 1.0 : 0.0));
    }
    Placement placement =
        RendezvousPolicy.standard().place(Fixtures.problem(Fixtures.pins(60_000, MIB, 3), peers));
    long[] load = placement.loadBytes();
    double reliable = 0;
    double unreliable = 0;
    for (int p = 0; p < load.length; p++) {
      if (placement.problem().peers().get(p).reliability() == 1.0) {
        reliable += load[p];
      } else {
        unreliable += load[p];
      }
    }
    // Weight factor 1.0 against the floor 0.5: twice the load, and no more.
    assertThat(reliable / unreliable).isBetween(1.9, 2.05);
    assertThat(placement.maxLoadRatio()).isLessThanOrEqualTo(1.10);
  }

  @Test
  void oneReliablePeerNeverHoldsMostCopiesOfItsTagGroup() {
    // A region of five peers: one perfectly reliable, four never seen to pass an audit.
    List<PeerState> peers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      peers.add(
          PeerState.of(Fixtures.peerId(i), TIB)
              .withReliability(i == 0 ? 1.0 : 0.0)
              .withTags(Map.of("region", "eu")));
    }
    for (int i = 5; i < 15; i++) {
      peers.add(PeerState.of(Fixtures.peerId(i), TIB).withTags(Map.of("region", "us")));
    }
    List<Pin> pins = new ArrayList<>();
    for (Pin pin : Fixtures.pins(20_000, MIB, 3)) {
      pins.add(pin.spreadAcross(SpreadConstraint.across("region")));
    }
    Placement placement = RendezvousPolicy.standard().place(Fixtures.problem(pins, peers));
    long[] load = placement.loadBytes();
    long region = 0;
    for (int p = 0; p < 5; p++) {
      region += load[p];
    }
    double reliableShare =
        (double) load[placement.problem().indexOfPeer(Fixtures.peerId(0))] / region;

    assertThat(reliableShare).isBetween(0.25, 0.40);
    for (int x = 0; x < pins.size(); x++) {
      // Two regions, replication three: never all three copies in one region.
      long inEu =
          placement.holdersOf(x).stream()
              .filter(id -> id.compareTo(Fixtures.peerId(5)) < 0)
              .count();
      assertThat(inEu).isBetween(1L, 2L);
    }
  }
}
