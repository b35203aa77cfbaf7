package org.pinring.allocator;

import java.util.List;
import java.util.Objects;
import org.pinring.multiformats.Cid;

/**
 * What to do about peers gone longer than the grace period: forget their copies and start new ones
 * so that every affected pin is back at its maximum replication where space allows.
 *
 * @param gonePeers the holders counted as gone, sorted
 * @param steps {@link PlanStep.ForgetCopy} for every copy on a gone peer and {@link
 *     PlanStep.AddCopy} for every replacement, grouped by pin in canonical pin order
 * @param affectedPins pins that had a copy on a gone peer
 * @param belowMin pins that stay below their minimum replication even after the plan
 */
public record RepairPlan(
    List<String> gonePeers, List<PlanStep> steps, int affectedPins, List<Cid> belowMin) {

  public RepairPlan {
    gonePeers = List.copyOf(Objects.requireNonNull(gonePeers, "gonePeers"));
    steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
    belowMin = List.copyOf(Objects.requireNonNull(belowMin, "belowMin"));
  }

  /** The number of new copies the plan starts. */
  public long addedCopies() {
    return steps.stream().filter(step -> step instanceof PlanStep.AddCopy).count();
  }
}
