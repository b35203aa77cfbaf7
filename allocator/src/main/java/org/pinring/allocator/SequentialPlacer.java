package org.pinring.allocator;

/**
 * The placement loop every built-in policy shares; policies differ only in their {@link
 * CandidateOrder} and in the per-peer caps they pass.
 *
 * <p>Pins are placed one at a time in canonical order, so that the space used by earlier pins is
 * known when a later pin is placed (no peer ever exceeds its budget). Two passes follow IPFS
 * Cluster's meaning of replication: the first gives every pin its {@code replicationMin} copies,
 * the second tops pins up to {@code replicationMax}, so scarce space goes to minimums first. For
 * each pin the walk takes peers in preference order, skipping a peer that already has the pin, that
 * would go over its cap, or whose spread-tag value already has its share of copies. Soft caps (the
 * bounded-load limit) are tried first; if they leave a pin short, a second walk uses only the hard
 * budgets, so balancing never costs a copy that space allows.
 */
final class SequentialPlacer {

  private final PlacementProblem problem;
  private final CandidateOrder order;
  private final long[] softCaps;
  private final int[] offsets;
  private final int[] counts;
  private final int[] holders;
  private final long[] used;

  /**
   * @param softCaps per-peer soft caps in bytes, or null for none (hard budgets only)
   */
  SequentialPlacer(PlacementProblem problem, CandidateOrder order, long[] softCaps) {
    this.problem = problem;
    this.order = order;
    this.softCaps = softCaps;
    this.offsets = Placement.offsets(problem);
    this.counts = new int[problem.pinCount()];
    this.holders = new int[offsets[problem.pinCount()]];
    this.used = new long[problem.peerCount()];
  }

  Placement run(String policyName) {
    int pins = problem.pinCount();
    boolean topUp = false;
    for (int x = 0; x < pins; x++) {
      int min = problem.replicationMin(x);
      fill(x, min);
      topUp |= problem.replicationMax(x) > min;
    }
    if (topUp) {
      for (int x = 0; x < pins; x++) {
        fill(x, problem.replicationMax(x));
      }
    }
    return new Placement(problem, policyName, offsets, counts, holders);
  }

  private void fill(int x, int target) {
    int before = counts[x];
    if (before >= target) {
      return;
    }
    Spread spread = problem.hasSpread(x) ? spreadFor(x, problem.pins().get(x)) : null;
    if (softCaps != null) {
      walk(x, target, softCaps, spread);
    }
    if (counts[x] < target) {
      walk(x, target, null, spread);
    }
    long size = problem.pinSize(x);
    for (int k = before; k < counts[x]; k++) {
      int peer = holders[offsets[x] + k];
      used[peer] += size;
      order.placed(x, peer);
    }
  }

  private void walk(int x, int target, long[] caps, Spread spread) {
    long size = problem.pinSize(x);
    CandidateOrder.Cursor cursor = order.open(x);
    for (int peer = cursor.next(); peer >= 0 && counts[x] < target; peer = cursor.next()) {
      long cap = caps == null ? problem.budget(peer) : caps[peer];
      if (used[peer] + size > cap || holds(x, peer)) {
        continue;
      }
      if (spread != null && !spread.admits(peer)) {
        continue;
      }
      holders[offsets[x] + counts[x]++] = peer;
      if (spread != null) {
        spread.add(peer);
      }
    }
  }

  /** Whether {@code peer} already got a copy of pin {@code x} (in this pass or an earlier one). */
  private boolean holds(int x, int peer) {
    int start = offsets[x];
    for (int k = 0; k < counts[x]; k++) {
      if (holders[start + k] == peer) {
        return true;
      }
    }
    return false;
  }

  private Spread spreadFor(int x, Pin pin) {
    SpreadConstraint constraint = pin.spread().orElseThrow();
    TagIndex tags = problem.tagIndex(constraint.tag());
    long size = problem.pinSize(x);
    // The cap depends on how many peers of each value can still take the pin.
    int[] peersPerValue = new int[tags.valueCount()];
    for (int peer : problem.candidates()) {
      if (used[peer] + size <= problem.budget(peer)) {
        peersPerValue[tags.valueOf(peer)]++;
      }
    }
    int cap = TagIndex.capFor(peersPerValue, pin.replicationMax(), constraint.maxPerValue());
    Spread spread = new Spread(tags, cap);
    for (int k = 0; k < counts[x]; k++) {
      spread.add(holders[offsets[x] + k]);
    }
    return spread;
  }

  /** Copies per tag value of the pin being placed, against the per-value cap. */
  private static final class Spread {
    private final TagIndex tags;
    private final int cap;
    private final int[] perValue;

    Spread(TagIndex tags, int cap) {
      this.tags = tags;
      this.cap = cap;
      this.perValue = new int[tags.valueCount()];
    }

    boolean admits(int peer) {
      return perValue[tags.valueOf(peer)] < cap;
    }

    void add(int peer) {
      perValue[tags.valueOf(peer)]++;
    }
  }
}
