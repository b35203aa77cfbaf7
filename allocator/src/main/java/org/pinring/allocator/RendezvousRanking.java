package org.pinring.allocator;

import java.util.Arrays;

/**
 * Weighted rendezvous (highest random weight) ranking of a problem's candidate peers for a pin:
 * peers in descending {@link PlacementHash#score} order, ties broken by peer index (that is, by
 * peer id).
 *
 * <p>{@link #top} finds the best few exactly without computing most scores, in two passes over the
 * peers, against a {@link DrawFilter}: a bar per peer in the hash domain, set so that about {@code
 * 2m + 4} peers pass for {@code m} wanted, whatever the ring size. The first pass computes every
 * peer's draw (with weights, its margin against its bar) in one branch-free loop over primitive
 * arrays, which C2 compiles to SIMD code; the keys are premixed ({@link PlacementHash#premix}) so
 * that each pair costs one XOR and one multiply. The second collects the peers above their bars, in
 * index order, in a loop that does nothing else. Only those few are then ranked: with equal weights
 * the score is a monotone function of the draw, so draws are compared directly and no logarithm is
 * taken; with weights, each gets its exact score (one logarithm each). If fewer than {@code m}
 * peers score above the filter's threshold (rare), a looser filter is tried, and at last every peer
 * passes.
 *
 * <p>Not thread-safe (it reuses buffers): one instance per placement run.
 */
final class RendezvousRanking {

  /**
   * Peers expected to pass the tight filter per peer wanted, plus a constant: enough that fewer
   * than {@code m} of them score above the threshold for only about 0.1% of pins.
   */
  private static final int PASSES_PER_WANTED = 2;

  private static final int EXTRA_PASSES = 4;

  /** How many more peers the loose filter lets through than the tight one. */
  private static final int LOOSE_FACTOR = 8;

  private static final int MAX_WANTED = Pin.MAX_REPLICATION + RendezvousOrder.SLACK;

  private final PlacementProblem problem;
  private final boolean equalWeights;
  private final int[] candidates;
  private final long[] premixedKeys;
  private final double[] weights;
  private final double looseness;

  /** Filters by wanted count, built on first use: tight, loose, then every peer. */
  private final DrawFilter[][] filters = new DrawFilter[MAX_WANTED + 1][];

  /** Per peer, the draw or the margin of the pin being ranked. */
  private final long[] scratch;

  /** Indices (into the candidates) of the peers that passed the filter, in index order. */
  private final int[] passed;

  private final long[] bestDraw = new long[MAX_WANTED];
  private final double[] bestScore = new double[MAX_WANTED];

  RendezvousRanking(PlacementProblem problem) {
    this(problem, 1.0);
  }

  /**
   * @param looseness scales how many peers the filters let through; tests use a small value to
   *     drive the fallbacks, which never changes a result
   */
  RendezvousRanking(PlacementProblem problem, double looseness) {
    this.problem = problem;
    this.looseness = looseness;
    this.candidates = problem.candidates();
    int n = candidates.length;
    premixedKeys = new long[n];
    weights = new double[n];
    boolean equal = true;
    for (int c = 0; c < n; c++) {
      premixedKeys[c] = PlacementHash.premix(problem.peerKey(candidates[c]));
      weights[c] = problem.weight(candidates[c]);
      equal &= weights[c] == weights[0];
    }
    this.equalWeights = equal;
    scratch = new long[n];
    passed = new int[n];
  }

  int candidateCount() {
    return candidates.length;
  }

  /** The {@code m} best peers (problem peer indices) for pin {@code pin}, best first. */
  int[] top(int pin, int m) {
    int[] out = new int[Math.min(m, candidates.length)];
    int found = top(pin, m, out);
    assert found == out.length;
    return out;
  }

  /**
   * Writes the best {@code min(m, candidates)} peers for pin {@code pin} into {@code out}, best
   * first, and returns how many.
   *
   * @throws IllegalArgumentException if {@code m} exceeds the largest replication plus slack
   */
  int top(int pin, int m, int[] out) {
    if (m > MAX_WANTED) {
      throw new IllegalArgumentException("at most " + MAX_WANTED + " peers per ranking: " + m);
    }
    int size = Math.min(m, candidates.length);
    if (size == 0) {
      return 0;
    }
    long pinKey = PlacementHash.premix(problem.pinKey(pin));
    DrawFilter[] levels = filtersFor(size);
    for (int level = 0; !select(levels[level], pinKey, size, out); level++) {
      assert level + 1 < levels.length : "the last filter passes every peer";
    }
    return size;
  }

  /** One pass of the filter; whether it found the {@code size} best peers. */
  private boolean select(DrawFilter filter, long pinKey, int size, int[] out) {
    long[] bars = filter.bars();
    if (equalWeights) {
      drawAll(premixedKeys, pinKey, scratch);
      return topByDraw(bars[0], size, out);
    }
    margins(premixedKeys, bars, pinKey, scratch);
    return topByScore(bars, filter.scoreThreshold(), size, out);
  }

  private DrawFilter[] filtersFor(int size) {
    DrawFilter[] levels = filters[size];
    if (levels == null) {
      double tight = looseness * (PASSES_PER_WANTED * size + EXTRA_PASSES);
      double loose = LOOSE_FACTOR * tight;
      int n = candidates.length;
      levels =
          new DrawFilter[] {
            equalWeights
                ? DrawFilter.forEqualWeights(n, tight)
                : DrawFilter.forWeights(weights, tight),
            equalWeights
                ? DrawFilter.forEqualWeights(n, loose)
                : DrawFilter.forWeights(weights, loose),
            DrawFilter.passAll(n)
          };
      filters[size] = levels;
    }
    return levels;
  }

  /**
   * {@code bar - draw} for every peer: negative exactly for the peers above their bars. A small
   * static loop over primitive arrays with no branch, which C2 vectorises. The keys are premixed
   * ({@link PlacementHash#premix}).
   */
  private static void margins(
      long[] premixedPeerKeys, long[] bars, long premixedPinKey, long[] out) {
    for (int c = 0; c < premixedPeerKeys.length; c++) {
      out[c] =
          bars[c]
              - PlacementHash.uniform52(
                  PlacementHash.drawPremixed(premixedPeerKeys[c], premixedPinKey));
    }
  }

  /** The 52-bit draws of every peer for one pin: a small static loop that C2 vectorises. */
  private static void drawAll(long[] premixedPeerKeys, long premixedPinKey, long[] out) {
    for (int c = 0; c < premixedPeerKeys.length; c++) {
      out[c] =
          PlacementHash.uniform52(PlacementHash.drawPremixed(premixedPeerKeys[c], premixedPinKey));
    }
  }

  /**
   * Collects into {@link #passed} the indices whose value is above {@code bar} (draws) or below
   * zero (margins, with {@code bar} -1), in index order, and returns how many. Kept apart from the
   * selection on purpose: this loop has nothing in it but the comparison, and runs about twice as
   * fast as one that also maintains the best few as it goes.
   */
  private int collectAbove(long bar) {
    long[] values = scratch;
    int[] out = passed;
    int count = 0;
    for (int c = 0; c < values.length; c++) {
      if (values[c] > bar) {
        out[count++] = c;
      }
    }
    return count;
  }

  private int collectNegative() {
    long[] values = scratch;
    int[] out = passed;
    int count = 0;
    for (int c = 0; c < values.length; c++) {
      if (values[c] < 0) {
        out[count++] = c;
      }
    }
    return count;
  }

  /**
   * Equal weights: the best draws win, and the filter is one bar for every peer. Every draw above
   * the filter's bar scores above its threshold, so the result is complete once {@code size} draws
   * were above it.
   */
  private boolean topByDraw(long filterBar, int size, int[] out) {
    long[] drawn = scratch;
    long[] kept = bestDraw;
    int passing = collectAbove(filterBar);
    int count = 0;
    for (int i = 0; i < passing; i++) {
      int c = passed[i];
      long u = drawn[c];
      // Visiting is in index order, so an equal draw (a tie) never displaces a kept peer.
      if (count == size && u <= kept[size - 1]) {
        continue;
      }
      int at = count < size ? count++ : size - 1;
      while (at > 0 && kept[at - 1] < u) {
        kept[at] = kept[at - 1];
        out[at] = out[at - 1];
        at--;
      }
      kept[at] = u;
      out[at] = candidates[c];
    }
    return count == size;
  }

  /**
   * Weighted peers: exact scores for the peers above their bars. Every other peer scores at most
   * {@code threshold}, so the result is complete once {@code size} scores exceed it.
   */
  private boolean topByScore(long[] bars, double threshold, int size, int[] out) {
    double[] kept = bestScore;
    int count = 0;
    int above = 0;
    long[] margins = scratch;
    int passing = collectNegative();
    for (int i = 0; i < passing; i++) {
      int c = passed[i];
      double score = weights[c] / PlacementHash.exponential(bars[c] - margins[c]);
      int peer = candidates[c];
      if (score > threshold) {
        above++;
      }
      if (count == size && !precedes(score, peer, kept[size - 1], out[size - 1])) {
        continue;
      }
      int at = count < size ? count++ : size - 1;
      while (at > 0 && precedes(score, peer, kept[at - 1], out[at - 1])) {
        kept[at] = kept[at - 1];
        out[at] = out[at - 1];
        at--;
      }
      kept[at] = score;
      out[at] = peer;
    }
    return above >= size;
  }

  /** Ranking order: higher score first, then lower peer index. */
  private static boolean precedes(double score, int peer, double otherScore, int otherPeer) {
    return score > otherScore || (score == otherScore && peer < otherPeer);
  }

  /** Every candidate peer for pin {@code pin}, best first (a full sort: the slow path). */
  int[] all(int pin) {
    long pinKey = PlacementHash.premix(problem.pinKey(pin));
    int n = candidates.length;
    double[] scores = new double[n];
    Integer[] order = new Integer[n];
    for (int c = 0; c < n; c++) {
      long u = PlacementHash.uniform52(PlacementHash.drawPremixed(premixedKeys[c], pinKey));
      // With equal weights the draw orders the peers exactly as the score would.
      scores[c] = equalWeights ? u : weights[c] / PlacementHash.exponential(u);
      order[c] = c;
    }
    Arrays.sort(
        order,
        (a, b) -> {
          int byScore = Double.compare(scores[b], scores[a]);
          return byScore != 0 ? byScore : Integer.compare(candidates[a], candidates[b]);
        });
    int[] peers = new int[n];
    for (int i = 0; i < n; i++) {
      peers[i] = candidates[order[i]];
    }
    return peers;
  }

  @Override
  public String toString() {
    return "RendezvousRanking("
        + candidates.length
        + " peers, "
        + (equalWeights ? "equal weights" : "weighted")
        + ")";
  }
}
