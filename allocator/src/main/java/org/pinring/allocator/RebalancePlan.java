package org.pinring.allocator;

import java.util.List;
import java.util.Objects;

/**
 * One bounded round of moving copies towards the target placement.
 *
 * @param steps for every pin moved this round, {@link PlanStep.AddCopy} for its new holders and
 *     {@link PlanStep.DropCopy} (waiting for the new copies' confirmation) for holders it no longer
 *     needs; grouped by pin
 * @param moveLimit the most new copies this round may start ({@link
 *     AllocatorConfig#rebalanceFraction()} of the target copies, at least one)
 * @param copiesStarted new copies this round starts, at most {@code moveLimit}
 * @param pinsDeferred pins that still differ from the target and wait for a later round (over the
 *     limit, or a new holder has no room until its own drops happen)
 */
public record RebalancePlan(
    List<PlanStep> steps, long moveLimit, long copiesStarted, int pinsDeferred) {

  public RebalancePlan {
    steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
  }
}
