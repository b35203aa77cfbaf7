package org.pinring.allocator;

import java.util.List;

/**
 * Copies of one pin per spread-tag value against the pin's per-value cap, for the planners (the
 * placement loop keeps its own). A pin without a spread constraint admits every peer.
 */
final class SpreadCount {

  private final TagIndex tags;
  private final int cap;
  private final int[] perValue;

  private SpreadCount(TagIndex tags, int cap) {
    this.tags = tags;
    this.cap = cap;
    this.perValue = tags == null ? null : new int[tags.valueCount()];
  }

  /** The count for pin {@code x} with {@code holders} already holding it. */
  static SpreadCount of(PlacementProblem problem, int x, long[] used, List<Integer> holders) {
    Pin pin = problem.pins().get(x);
    if (pin.spread().isEmpty()) {
      return new SpreadCount(null, 0);
    }
    SpreadConstraint constraint = pin.spread().orElseThrow();
    TagIndex tags = problem.tagIndex(constraint.tag());
    int[] peersPerValue = new int[tags.valueCount()];
    long size = problem.pinSize(x);
    for (int peer : problem.candidates()) {
      if (holders.contains(peer) || used[peer] + size <= problem.budget(peer)) {
        peersPerValue[tags.valueOf(peer)]++;
      }
    }
    SpreadCount count =
        new SpreadCount(
            tags, TagIndex.capFor(peersPerValue, pin.replicationMax(), constraint.maxPerValue()));
    for (int holder : holders) {
      count.add(holder);
    }
    return count;
  }

  boolean admits(int peer) {
    return tags == null || perValue[tags.valueOf(peer)] < cap;
  }

  void add(int peer) {
    if (tags != null) {
      perValue[tags.valueOf(peer)]++;
    }
  }
}
