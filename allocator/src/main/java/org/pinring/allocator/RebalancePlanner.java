package org.pinring.allocator;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Builds a {@link RebalancePlan}; see {@link Allocator#rebalance}.
 *
 * <p>Pins are visited in canonical order, pins with a copy on a peer that holds more than its
 * budget first (their moves relieve it). A pin moves as a whole (all its new holders this round) or
 * not at all, and only if every new holder has room now on top of what it already holds, so no peer
 * goes over its budget while old copies wait for their drop.
 */
final class RebalancePlanner {

  private final PlacementProblem problem;
  private final Placement target;
  private final HolderTable holders;
  private final long[] used;

  RebalancePlanner(PlacementProblem problem, Placement target, HolderTable holders) {
    this.problem = problem;
    this.target = target;
    this.holders = holders;
    this.used = holders.usedBytes();
  }

  RebalancePlan plan() {
    long limit = Math.max(1, (long) (problem.config().rebalanceFraction() * target.totalCopies()));
    boolean[] overBudget = new boolean[problem.peerCount()];
    for (int p = 0; p < overBudget.length; p++) {
      overBudget[p] = used[p] > problem.budget(p);
    }
    List<Integer> urgent = new ArrayList<>();
    List<Integer> rest = new ArrayList<>();
    for (int x = 0; x < problem.pinCount(); x++) {
      boolean relieves = false;
      for (int p : holders.liveHolders(x)) {
        relieves |= overBudget[p];
      }
      (relieves ? urgent : rest).add(x);
    }
    List<PlanStep> steps = new ArrayList<>();
    long started = 0;
    int deferred = 0;
    for (List<Integer> group : List.of(urgent, rest)) {
      for (int x : group) {
        Move move = moveFor(x);
        if (move == null) {
          continue;
        }
        if (started + move.adds.size() > limit || !fits(x, move.adds)) {
          deferred++;
          continue;
        }
        started += move.adds.size();
        emit(x, move, steps);
      }
    }
    return new RebalancePlan(steps, limit, started, deferred);
  }

  private record Move(List<Integer> adds, List<Integer> drops) {}

  /** The difference between pin {@code x}'s live holders and its target, or null if none. */
  private Move moveFor(int x) {
    List<Integer> live = holders.liveHolders(x);
    List<Integer> wanted = new ArrayList<>(target.copies(x));
    for (int k = 0; k < target.copies(x); k++) {
      wanted.add(target.holderIndex(x, k));
    }
    List<Integer> adds = new ArrayList<>();
    for (int p : wanted) {
      if (!live.contains(p)) {
        adds.add(p);
      }
    }
    List<Integer> drops = new ArrayList<>();
    for (int p : live) {
      if (!wanted.contains(p)) {
        drops.add(p);
      }
    }
    if (adds.isEmpty() && drops.isEmpty()) {
      return null;
    }
    return new Move(adds, drops);
  }

  private boolean fits(int x, List<Integer> adds) {
    long size = problem.pinSize(x);
    for (int p : adds) {
      if (used[p] + size > problem.budget(p)) {
        return false;
      }
    }
    return true;
  }

  private void emit(int x, Move move, List<PlanStep> steps) {
    Pin pin = problem.pins().get(x);
    long size = problem.pinSize(x);
    for (int p : move.adds) {
      used[p] += size;
      steps.add(new PlanStep.AddCopy(pin.cid(), problem.peers().get(p).id()));
    }
    if (move.drops.isEmpty()) {
      return;
    }
    // Drops wait until every target holder has confirmed, new and old alike.
    PinHolders current = holders.holders(x);
    TreeSet<String> await = new TreeSet<>();
    for (int k = 0; k < target.copies(x); k++) {
      String id = problem.peers().get(target.holderIndex(x, k)).id();
      if (current == null || !current.isConfirmedBy(id)) {
        await.add(id);
      }
    }
    for (int p : move.drops) {
      steps.add(new PlanStep.DropCopy(pin.cid(), problem.peers().get(p).id(), List.copyOf(await)));
    }
  }
}
