package org.pinring.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pinring.allocator.Fixtures.MIB;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pinring.multiformats.Cid;

class RebalancePlanTest {

  private static final long NOW = 1_000_000;

  @Test
  void aJoiningPeerGetsItsCopiesBeforeTheOldOnesAreDropped() {
    Allocator allocator =
        new Allocator(
            RendezvousPolicy.unbounded(), AllocatorConfig.DEFAULTS.withRebalanceFraction(1.0));
    List<PeerState> ring = RepairPlanTest.seenNow(Fixtures.equalPeers(21, Fixtures.TIB));
    List<Pin> pins = Fixtures.pins(300, MIB, 3);
    List<PinHolders> holders =
        RepairPlanTest.confirmedHolders(allocator.place(pins, ring.subList(0, 20), NOW));
    String newcomer = Fixtures.peerId(20);

    RebalancePlan plan = allocator.rebalance(pins, ring, holders, NOW);

    assertThat(plan.copiesStarted()).isPositive();
    for (PlanStep step : plan.steps()) {
      if (step instanceof PlanStep.AddCopy) {
        assertThat(step.peer()).isEqualTo(newcomer);
      } else {
        PlanStep.DropCopy drop = (PlanStep.DropCopy) step;
        assertThat(drop.awaitConfirmed()).containsExactly(newcomer);
        PinHolders before = holdersOf(holders, drop.cid());
        assertThat(drop.isSafe(before, 2)).isFalse();
        PinHolders pending = with(before, Holder.pending(newcomer));
        assertThat(drop.isSafe(pending, 2)).isFalse();
        PinHolders confirmed = with(before, Holder.confirmed(newcomer));
        assertThat(drop.isSafe(confirmed, 2)).isTrue();
        assertThat(drop.isSafe(confirmed, 4)).isFalse();
      }
    }
    long adds = plan.steps().stream().filter(s -> s instanceof PlanStep.AddCopy).count();
    assertThat(plan.steps()).hasSize((int) (2 * adds));
  }

  @Test
  void aRoundStartsAtMostTheConfiguredFractionOfMoves() {
    Allocator allocator =
        new Allocator(
            RendezvousPolicy.standard(), AllocatorConfig.DEFAULTS.withRebalanceFraction(0.01));
    List<PeerState> ring = RepairPlanTest.seenNow(Fixtures.equalPeers(30, Fixtures.TIB));
    List<Pin> pins = Fixtures.pins(2_000, MIB, 3);
    List<PinHolders> holders =
        RepairPlanTest.confirmedHolders(allocator.place(pins, ring.subList(0, 27), NOW));

    RebalancePlan plan = allocator.rebalance(pins, ring, holders, NOW);

    assertThat(plan.moveLimit()).isEqualTo(60);
    assertThat(plan.copiesStarted()).isLessThanOrEqualTo(60).isGreaterThan(50);
    assertThat(plan.pinsDeferred()).isPositive();
  }

  @Test
  void roundsConvergeToTheTargetWithoutEverRiskingAPin() {
    // Capacity doubling on some peers and three joins, rebalanced in small rounds. Every round:
    // adds start pending, then confirm; drops happen only when isSafe says so.
    AllocatorConfig config = AllocatorConfig.DEFAULTS.withRebalanceFraction(0.03);
    Allocator allocator = new Allocator(RendezvousPolicy.standard(), config);
    List<PeerState> before = RepairPlanTest.seenNow(Fixtures.equalPeers(12, 400 * MIB));
    List<Pin> pins = new ArrayList<>();
    for (Pin pin : Fixtures.pins(600, MIB, 3)) {
      pins.add(pin.withReplication(2, 3));
    }
    Map<Cid, PinHolders> holders = new HashMap<>();
    for (PinHolders pin : RepairPlanTest.confirmedHolders(allocator.place(pins, before, NOW))) {
      holders.put(pin.cid(), pin);
    }
    List<PeerState> after = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      long capacity = i % 4 == 0 ? 800 * MIB : 400 * MIB;
      after.add(PeerState.of(Fixtures.peerId(i), capacity).withLastSeenMillis(NOW));
    }

    int rounds = 0;
    while (true) {
      RebalancePlan plan = allocator.rebalance(pins, after, List.copyOf(holders.values()), NOW);
      if (plan.steps().isEmpty()) {
        break;
      }
      assertThat(++rounds).isLessThan(100);
      for (PlanStep step : plan.steps()) {
        if (step instanceof PlanStep.AddCopy) {
          holders.put(step.cid(), with(holders.get(step.cid()), Holder.pending(step.peer())));
        }
      }
      assertNoPeerOverItsSpace(holders, after);
      for (PlanStep step : plan.steps()) {
        if (step instanceof PlanStep.AddCopy) {
          holders.put(step.cid(), with(holders.get(step.cid()), Holder.confirmed(step.peer())));
        }
      }
      for (PlanStep step : plan.steps()) {
        if (step instanceof PlanStep.DropCopy drop) {
          PinHolders current = holders.get(drop.cid());
          if (drop.isSafe(current, 2)) {
            holders.put(drop.cid(), without(current, drop.peer()));
          }
        }
      }
      for (PinHolders pin : holders.values()) {
        assertThat(pin.holders().stream().filter(Holder::isConfirmed).count())
            .isGreaterThanOrEqualTo(2);
      }
    }
    Placement target = allocator.place(pins, after, NOW);
    for (Pin pin : pins) {
      assertThat(holders.get(pin.cid()).holders().stream().map(Holder::peer).toList())
          .containsExactlyInAnyOrderElementsOf(target.holdersOf(pin.cid()));
    }
    assertThat(rounds).isGreaterThan(1);
  }

  @Test
  void aDropCannotWaitForItself() {
    assertThatThrownBy(() -> new PlanStep.DropCopy(Fixtures.cid(1), "a", List.of("a")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertNoPeerOverItsSpace(
      Map<Cid, PinHolders> holders, List<PeerState> peers) {
    Map<String, Long> used = new HashMap<>();
    for (PinHolders pin : holders.values()) {
      for (Holder holder : pin.holders()) {
        used.merge(holder.peer(), MIB, Long::sum);
      }
    }
    for (PeerState peer : peers) {
      assertThat(used.getOrDefault(peer.id(), 0L)).isLessThanOrEqualTo(peer.freeBytes());
    }
  }

  private static PinHolders holdersOf(List<PinHolders> holders, Cid cid) {
    return holders.stream().filter(pin -> pin.cid().equals(cid)).findFirst().orElseThrow();
  }

  private static PinHolders with(PinHolders pin, Holder holder) {
    List<Holder> list = new ArrayList<>(without(pin, holder.peer()).holders());
    list.add(holder);
    return new PinHolders(pin.cid(), list);
  }

  private static PinHolders without(PinHolders pin, String peer) {
    return new PinHolders(
        pin.cid(), pin.holders().stream().filter(h -> !h.peer().equals(peer)).toList());
  }
}
