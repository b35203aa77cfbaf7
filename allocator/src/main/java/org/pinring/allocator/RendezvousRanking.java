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
 * arrays, which C2 compiles to SIMD code. The second visits the peers: with equal weights the score
 * is a monotone function of the draw, so draws are compared directly against a bar that starts at
 * the filter's and rises with the kept draws, and no logarithm is taken; with weights, only the
 * peers with a negative margin get their exact score (one logarithm each). If fewer than {@code m}
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
  private final long[] keys;
  private final double[] weights;
  private final double looseness;

  /** Filters by wanted count, built on first use: tight, loose, then every peer. */
  private final DrawFilter[][] filters = new DrawFilter[MAX_WANTED + 1][];

  /** Per peer, the draw or the margin of the pin being ranked. */
  private final long[] scratch;

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
    keys = new long[n];
    weights = new double[n];
    boolean equal = true;
    for (int c = 0; c < n; c++) {
      keys[c] = problem.peerKey(candidates[c]);
      weights[c] = problem.weight(candidates[c]);
      equal &= weights[c] == weights[0];
    }
    this.equalWeights = equal;
    scratch = new long[n];
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
    long pinKey = problem.pinKey(pin);
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
      drawAll(keys, pinKey, scratch);
      return topByDraw(bars[0], size, out);
    }
    margins(keys, bars, pinKey, scratch);
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
   * static loop over primitive arrays with no branch, which C2 vectorises.
   */
  private static void margins(long[] peerKeys, long[] bars, long pinKey, long[] out) {
    for (int c = 0; c < peerKeys.length; c++) {
      out[c] = bars[c] - PlacementHash.uniform52(PlacementHash.draw(peerKeys[c], pinKey));
    }
  }

  /** The 52-bit draws of every peer for one pin: a small static loop that C2 vectorises. */
  private static void drawAll(long[] peerKeys, long pinKey, long[] out) {
    for (int c = 0; c < peerKeys.length; c++) {
      out[c] = PlacementHash.uniform52(PlacementHash.draw(peerKeys[c], pinKey));
    }
  }

  /**
   * Equal weights: the best draws win, and the filter is one bar for every peer. Kept draws raise
   * the bar further, so most peers cost one comparison. Every draw above the filter's bar scores
   * above its threshold, so the result is complete once {@code size} draws were above it.
   */
  private boolean topByDraw(long filterBar, int size, int[] out) {
    long[] drawn = scratch;
    long[] kept = bestDraw;
    int count = 0;
    long bar = filterBar;
    for (int c = 0; c < drawn.length; c++) {
      long u = drawn[c];
      // Visiting is in index order, so an equal draw (a tie) never displaces a kept peer.
      if (u <= bar) {
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
      if (count == size) {
        bar = kept[size - 1];
      }
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
    for (int c = 0; c < margins.length; c++) {
      long margin = margins[c];
      if (margin >= 0) {
        continue;
      }
      double score = weights[c] / PlacementHash.exponential(bars[c] - margin);
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
    long pinKey = problem.pinKey(pin);
    int n = candidates.length;
    double[] scores = new double[n];
    Integer[] order = new Integer[n];
    for (int c = 0; c < n; c++) {
      long u = PlacementHash.uniform52(PlacementHash.draw(keys[c], pinKey));
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
