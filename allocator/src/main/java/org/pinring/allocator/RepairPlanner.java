package org.pinring.allocator;

import java.util.ArrayList;
import java.util.List;
import org.pinring.multiformats.Cid;

/** Builds a {@link RepairPlan}; see {@link Allocator#repair}. */
final class RepairPlanner {

  private final PlacementProblem problem;
  private final Placement target;
  private final HolderTable holders;
  private final long[] used;
  private RendezvousRanking ranking;

  RepairPlanner(PlacementProblem problem, Placement target, HolderTable holders) {
    this.problem = problem;
    this.target = target;
    this.holders = holders;
    this.used = holders.usedBytes();
  }

  RepairPlan plan() {
    List<PlanStep> steps = new ArrayList<>();
    List<Cid> belowMin = new ArrayList<>();
    int affected = 0;
    for (int x = 0; x < problem.pinCount(); x++) {
      PinHolders current = holders.holders(x);
      if (current == null) {
        continue;
      }
      List<Integer> live = holders.liveHolders(x);
      if (live.size() == current.holders().size()) {
        continue;
      }
      affected++;
      Pin pin = problem.pins().get(x);
      for (int k = 0; k < current.holders().size(); k++) {
        if (holders.peerIndex(x, k) < 0) {
          steps.add(new PlanStep.ForgetCopy(pin.cid(), current.holders().get(k).peer()));
        }
      }
      int copies = live.size() + replace(x, live, steps);
      if (copies < pin.replicationMin()) {
        belowMin.add(pin.cid());
      }
    }
    return new RepairPlan(holders.gonePeers(), steps, affected, belowMin);
  }

  /** Adds replacements for pin {@code x} until it is back at its maximum; returns how many. */
  private int replace(int x, List<Integer> live, List<PlanStep> steps) {
    Pin pin = problem.pins().get(x);
    int needed = pin.replicationMax() - live.size();
    if (needed <= 0) {
      return 0;
    }
    List<Integer> chosen = new ArrayList<>(live);
    SpreadCount spread = SpreadCount.of(problem, x, used, chosen);
    int added = 0;
    for (int k = 0; k < target.copies(x) && added < needed; k++) {
      added += tryAdd(x, target.holderIndex(x, k), chosen, spread, steps);
    }
    if (added < needed) {
      // The target's peers lack room right now: the next peers in rendezvous order step in.
      if (ranking == null) {
        ranking = new RendezvousRanking(problem);
      }
      for (int peer : ranking.all(x)) {
        if (added == needed) {
          break;
        }
        added += tryAdd(x, peer, chosen, spread, steps);
      }
    }
    return added;
  }

  private int tryAdd(
      int x, int peer, List<Integer> chosen, SpreadCount spread, List<PlanStep> out) {
    long size = problem.pinSize(x);
    if (chosen.contains(peer) || used[peer] + size > problem.budget(peer) || !spread.admits(peer)) {
      return 0;
    }
    chosen.add(peer);
    spread.add(peer);
    used[peer] += size;
    out.add(new PlanStep.AddCopy(problem.pins().get(x).cid(), problem.peers().get(peer).id()));
    return 1;
  }
}
