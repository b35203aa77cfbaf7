package org.pinring.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pinring.allocator.Fixtures.GIB;
import static org.pinring.allocator.Fixtures.MIB;
import static org.pinring.allocator.Fixtures.TIB;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The balance and movement figures the design promises, on generated rings with fixed seeds. Load
 * is compared with each peer's fair share: the placed bytes split in proportion to the peers'
 * weights (their free space, all reliabilities being equal here).
 */
class PlacementStatisticsTest {

  private static final int PEERS = 1_000;
  private static final int PINS = 100_000;
  private static final int REPLICATION = 3;

  @Test
  void plainRendezvousKeepsMaxOverMeanLoadWithin125Percent() {
    Placement placement =
        RendezvousPolicy.unbounded()
            .place(Fixtures.problem(Fixtures.pins(PINS, MIB, REPLICATION), equalRing()));

    assertThat(placement.belowMin()).isEmpty();
    assertThat(placement.totalCopies()).isEqualTo((long) PINS * REPLICATION);
    // Poisson noise of ~300 copies per peer: the worst of 1,000 peers lands near 1.2.
    assertThat(placement.maxLoadRatio()).isBetween(1.10, 1.25);
  }

  @Test
  void boundedLoadsKeepMaxOverMeanLoadWithin110Percent() {
    Placement placement =
        RendezvousPolicy.standard()
            .place(Fixtures.problem(Fixtures.pins(PINS, MIB, REPLICATION), equalRing()));

    assertThat(placement.belowMin()).isEmpty();
    assertThat(placement.totalCopies()).isEqualTo((long) PINS * REPLICATION);
    assertThat(placement.maxLoadRatio()).isLessThanOrEqualTo(1.10);
  }

  @Test
  void heterogeneousCapacitiesGetLoadInProportion() {
    List<PeerState> peers = Fixtures.logUniformPeers(PEERS, GIB, 2 * TIB, 7);
    int pins = 300_000;
    Placement placement =
        RendezvousPolicy.standard()
            .place(Fixtures.problem(Fixtures.pins(pins, MIB, REPLICATION), peers));
    PlacementProblem problem = placement.problem();
    long[] load = placement.loadBytes();
    double totalCapacity = 0;
    for (PeerState peer : problem.peers()) {
      totalCapacity += peer.capacityBytes();
    }
    double placed = (double) pins * REPLICATION * MIB;
    double smallHalfLoad = 0;
    double smallHalfShare = 0;
    int checkedPerPeer = 0;
    for (int p = 0; p < problem.peerCount(); p++) {
      double share = placed * problem.peers().get(p).capacityBytes() / totalCapacity;
      // The bound holds for every peer, whatever its size: never above 1.10 times its share.
      assertThat(load[p]).isLessThanOrEqualTo((long) (1.10 * share));
      if (share >= 2_000 * MIB) {
        // Peers expecting >= 2,000 copies: Poisson noise is <= 2.2%, so 10% is a real test.
        assertThat(load[p] / share).as("peer %d", p).isBetween(0.90, 1.10);
        checkedPerPeer++;
      }
      if (problem.peers().get(p).capacityBytes() < median(problem)) {
        smallHalfLoad += load[p];
        smallHalfShare += share;
      }
    }
    assertThat(checkedPerPeer).isGreaterThan(100);
    // The smaller half of the ring (1 GB to ~45 GB) gets its share too, within 10%.
    assertThat(smallHalfLoad / smallHalfShare).isBetween(0.90, 1.10);
  }

  @Test
  void oneJoiningPeerMovesAboutROverNOfTheCopies() {
    // 100 peers and 100,000 pins: the joining peer expects R * pins / (N + 1) = 2,970 copies.
    int peers = 100;
    List<Pin> pins = Fixtures.pins(PINS, MIB, REPLICATION);
    List<PeerState> ring = Fixtures.equalPeers(peers + 1, TIB);
    double expected = (double) REPLICATION / peers;
    for (PlacementPolicy policy :
        List.of(RendezvousPolicy.unbounded(), RendezvousPolicy.standard())) {
      Placement before = policy.place(Fixtures.problem(pins, ring.subList(0, peers)));
      Placement after = policy.place(Fixtures.problem(pins, ring));

      double movedPerPin = Fixtures.moved(before, after) / (double) PINS;
      assertThat(movedPerPin).as(policy.name()).isBetween(0.9 * expected, 1.1 * expected);
    }
  }

  @Test
  void plainRendezvousMovesOnlyTheCopiesTheNewPeerTakes() {
    List<Pin> pins = Fixtures.pins(PINS, MIB, REPLICATION);
    List<PeerState> ring = Fixtures.equalPeers(PEERS + 1, TIB);
    Placement before =
        RendezvousPolicy.unbounded().place(Fixtures.problem(pins, ring.subList(0, PEERS)));
    Placement after = RendezvousPolicy.unbounded().place(Fixtures.problem(pins, ring));

    long newcomer = after.loadBytes()[after.problem().indexOfPeer(Fixtures.peerId(PEERS))] / MIB;
    assertThat(Fixtures.moved(before, after)).isEqualTo(newcomer);
  }

  @Test
  void boundedLoadsCostLittleExtraMovementWhenPeersHoldFewCopies() {
    // 1,000 peers with ~300 copies each: the cap binds for some peers, and a join moves a few
    // copies besides those the newcomer takes (measured ~5-14%; see docs/allocator.md).
    List<Pin> pins = Fixtures.pins(PINS, MIB, REPLICATION);
    List<PeerState> ring = Fixtures.equalPeers(PEERS + 1, TIB);
    Placement before =
        RendezvousPolicy.standard().place(Fixtures.problem(pins, ring.subList(0, PEERS)));
    Placement after = RendezvousPolicy.standard().place(Fixtures.problem(pins, ring));

    long newcomer = after.loadBytes()[after.problem().indexOfPeer(Fixtures.peerId(PEERS))] / MIB;
    assertThat(Fixtures.moved(before, after)).isBetween(newcomer, (long) (1.25 * newcomer));
  }

  private static List<PeerState> equalRing() {
    return Fixtures.equalPeers(PEERS, TIB);
  }

  private static long median(PlacementProblem problem) {
    return problem.peers().stream()
        .mapToLong(PeerState::capacityBytes)
        .sorted()
        .skip(problem.peerCount() / 2)
        .findFirst()
        .orElseThrow();
  }
}
