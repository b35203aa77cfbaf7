package org.pinring.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pinring.allocator.Fixtures.MIB;
import static org.pinring.allocator.Fixtures.TIB;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pinring.multiformats.Cid;

class RepairPlanTest {

  private static final long NOW = Duration.ofDays(10).toMillis();
  private static final long LONG_AGO = NOW - Duration.ofHours(25).toMillis();
  private static final Allocator ALLOCATOR =
      new Allocator(RendezvousPolicy.unbounded(), AllocatorConfig.DEFAULTS);

  @Test
  void theNextPeerInRendezvousOrderTakesOverFromAGonePeer() {
    List<PeerState> peers = seenNow(Fixtures.equalPeers(12, TIB));
    List<Pin> pins = Fixtures.pins(200, MIB, 3);
    List<PinHolders> holders = confirmedHolders(ALLOCATOR.place(pins, peers, NOW));
    String gone = Fixtures.peerId(4);
    List<PeerState> later = withLastSeen(peers, gone, LONG_AGO);

    RepairPlan plan = ALLOCATOR.repair(pins, later, holders, NOW);

    assertThat(plan.gonePeers()).containsExactly(gone);
    Placement withoutGone = ALLOCATOR.place(pins, later, NOW);
    int affected = 0;
    for (PinHolders pin : holders) {
      if (!pin.isHeldBy(gone)) {
        continue;
      }
      affected++;
      List<String> after = new ArrayList<>();
      for (Holder holder : pin.holders()) {
        if (!holder.peer().equals(gone)) {
          after.add(holder.peer());
        }
      }
      List<PlanStep> steps = stepsFor(plan, pin.cid());
      assertThat(steps).contains(new PlanStep.ForgetCopy(pin.cid(), gone));
      steps.stream()
          .filter(step -> step instanceof PlanStep.AddCopy)
          .forEach(step -> after.add(step.peer()));
      // Same set as placing from scratch without the gone peer: rendezvous' minimal disruption.
      assertThat(after).containsExactlyInAnyOrderElementsOf(withoutGone.holdersOf(pin.cid()));
    }
    assertThat(plan.affectedPins()).isEqualTo(affected).isPositive();
    assertThat(plan.addedCopies()).isEqualTo(affected);
    assertThat(plan.belowMin()).isEmpty();
  }

  @Test
  void peersWithinTheGracePeriodKeepTheirCopies() {
    List<PeerState> peers = seenNow(Fixtures.equalPeers(6, TIB));
    List<Pin> pins = Fixtures.pins(50, MIB, 3);
    List<PinHolders> holders = confirmedHolders(ALLOCATOR.place(pins, peers, NOW));
    List<PeerState> asleep =
        withLastSeen(peers, Fixtures.peerId(2), NOW - Duration.ofHours(23).toMillis());

    RepairPlan plan = ALLOCATOR.repair(pins, asleep, holders, NOW);

    assertThat(plan.steps()).isEmpty();
    assertThat(plan.gonePeers()).isEmpty();
  }

  @Test
  void replacementsOnlyGoWhereThereIsRoomNow() {
    // Four peers with room for 2 pins each; pins are 1 MiB at replication 2.
    List<PeerState> peers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      peers.add(PeerState.of(Fixtures.peerId(i), 2 * MIB).withLastSeenMillis(NOW));
    }
    List<Pin> pins = Fixtures.pins(3, MIB, 2);
    List<PinHolders> holders = confirmedHolders(ALLOCATOR.place(pins, peers, NOW));
    List<PeerState> later = withLastSeen(peers, Fixtures.peerId(0), LONG_AGO);

    RepairPlan plan = ALLOCATOR.repair(pins, later, holders, NOW);

    Map<String, Long> used = new HashMap<>();
    for (PinHolders pin : holders) {
      for (Holder holder : pin.holders()) {
        used.merge(holder.peer(), MIB, Long::sum);
      }
    }
    for (PlanStep step : plan.steps()) {
      if (step instanceof PlanStep.AddCopy) {
        used.merge(step.peer(), MIB, Long::sum);
      }
    }
    for (PeerState peer : later.subList(1, 4)) {
      assertThat(used.getOrDefault(peer.id(), 0L)).isLessThanOrEqualTo(peer.freeBytes());
    }
  }

  @Test
  void pinsThatCannotGetTheirMinimumBackAreReported() {
    List<PeerState> peers = seenNow(Fixtures.equalPeers(3, TIB));
    List<Pin> pins = Fixtures.pins(5, MIB, 3);
    List<PinHolders> holders = confirmedHolders(ALLOCATOR.place(pins, peers, NOW));
    List<PeerState> later = withLastSeen(peers, Fixtures.peerId(1), LONG_AGO);

    RepairPlan plan = ALLOCATOR.repair(pins, later, holders, NOW);

    assertThat(plan.belowMin()).hasSize(5);
    assertThat(plan.addedCopies()).isZero();
  }

  @Test
  void holdersMissingFromThePeerViewCountAsGone() {
    List<PeerState> peers = seenNow(Fixtures.equalPeers(6, TIB));
    List<Pin> pins = Fixtures.pins(20, MIB, 2);
    List<PinHolders> holders = confirmedHolders(ALLOCATOR.place(pins, peers, NOW));
    List<PeerState> fewer = new ArrayList<>(peers.subList(1, 6));

    RepairPlan plan = ALLOCATOR.repair(pins, fewer, holders, NOW);

    assertThat(plan.gonePeers()).containsExactly(Fixtures.peerId(0));
    assertThat(plan.belowMin()).isEmpty();
  }

  static List<PeerState> seenNow(List<PeerState> peers) {
    return peers.stream().map(peer -> peer.withLastSeenMillis(NOW)).toList();
  }

  static List<PeerState> withLastSeen(List<PeerState> peers, String id, long lastSeen) {
    return peers.stream()
        .map(peer -> peer.id().equals(id) ? peer.withLastSeenMillis(lastSeen) : peer)
        .toList();
  }

  static List<PinHolders> confirmedHolders(Placement placement) {
    List<PinHolders> holders = new ArrayList<>();
    for (Pin pin : placement.problem().pins()) {
      holders.add(
          new PinHolders(
              pin.cid(), placement.holdersOf(pin.cid()).stream().map(Holder::confirmed).toList()));
    }
    return holders;
  }

  private static List<PlanStep> stepsFor(RepairPlan plan, Cid cid) {
    return plan.steps().stream().filter(step -> step.cid().equals(cid)).toList();
  }
}
