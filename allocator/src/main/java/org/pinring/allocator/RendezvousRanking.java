package org.pinring.allocator;

import java.util.Arrays;

/**
 * Weighted rendezvous (highest random weight) ranking of a problem's candidate peers for a pin:
 * peers in descending {@link PlacementHash#score} order, ties broken by peer index (that is, by
 * peer id).
 *
 * <p>{@link #top} finds the best few in one pass without computing most scores. The draws of all
 * peers are computed first in a tight loop the JIT can vectorise; then a draw too small to beat the
 * worst kept score, even with the largest weight of its class, is skipped after one integer
 * comparison. Peers are visited heaviest first in classes whose weights differ by less than a
 * factor of two, so the bar rises quickly and stays tight for light peers. When all weights are
 * equal the score is a monotone function of the draw, so the draw itself is compared and no
 * logarithm is taken at all.
 *
 * <p>Not thread-safe (it reuses a buffer): one instance per placement run.
 */
final class RendezvousRanking {

  private final PlacementProblem problem;
  private final boolean equalWeights;

  /** Candidate peers in visiting order: by index, or heaviest first when weights differ. */
  private final int[] visit;

  private final long[] keys;
  private final double[] weights;

  /** For each visiting position, the largest weight of its class. */
  private final double[] classWeight;

  /** For each visiting position, whether a new class starts there. */
  private final boolean[] classStart;

  private final long[] draws;

  RendezvousRanking(PlacementProblem problem) {
    this.problem = problem;
    int[] candidates = problem.candidates();
    int n = candidates.length;
    boolean equal = true;
    for (int p : candidates) {
      equal &= problem.weight(p) == problem.weight(candidates[0]);
    }
    this.equalWeights = equal;
    this.visit = equal ? candidates.clone() : byWeightDescending(problem, candidates);
    keys = new long[n];
    weights = new double[n];
    classWeight = new double[n];
    classStart = new boolean[n];
    for (int c = 0; c < n; c++) {
      keys[c] = problem.peerKey(visit[c]);
      weights[c] = problem.weight(visit[c]);
      boolean starts = c == 0 || weights[c] < classWeight[c - 1] / 2;
      classStart[c] = starts;
      classWeight[c] = starts ? weights[c] : classWeight[c - 1];
    }
    draws = new long[n];
  }

  private static int[] byWeightDescending(PlacementProblem problem, int[] candidates) {
    Integer[] boxed = new Integer[candidates.length];
    for (int i = 0; i < boxed.length; i++) {
      boxed[i] = candidates[i];
    }
    Arrays.sort(
        boxed,
        (a, b) -> {
          int byWeight = Double.compare(problem.weight(b), problem.weight(a));
          return byWeight != 0 ? byWeight : Integer.compare(a, b);
        });
    int[] order = new int[boxed.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = boxed[i];
    }
    return order;
  }

  int candidateCount() {
    return visit.length;
  }

  /** The {@code m} best peers (problem peer indices) for pin {@code pin}, best first. */
  int[] top(int pin, int m) {
    int size = Math.min(m, visit.length);
    if (size == 0) {
      return new int[0];
    }
    drawAll(keys, problem.pinKey(pin), draws);
    return equalWeights ? topByDraw(size) : topByScore(size);
  }

  /** The draws of every peer for one pin: a small static loop that C2 compiles tightly. */
  private static void drawAll(long[] peerKeys, long pinKey, long[] out) {
    for (int c = 0; c < peerKeys.length; c++) {
      out[c] = PlacementHash.draw(peerKeys[c], pinKey);
    }
  }

  private int[] topByDraw(int size) {
    long[] drawn = draws;
    long[] bestDraw = new long[size];
    int[] best = new int[size];
    int kept = 0;
    long bar = -1;
    for (int c = 0; c < drawn.length; c++) {
      long u = PlacementHash.uniform52(drawn[c]);
      // Visiting is in index order, so an equal draw (a tie) never displaces a kept peer.
      if (u <= bar) {
        continue;
      }
      int at = kept < size ? kept++ : size - 1;
      while (at > 0 && bestDraw[at - 1] < u) {
        bestDraw[at] = bestDraw[at - 1];
        best[at] = best[at - 1];
        at--;
      }
      bestDraw[at] = u;
      best[at] = visit[c];
      if (kept == size) {
        bar = bestDraw[size - 1];
      }
    }
    return best;
  }

  private int[] topByScore(int size) {
    double[] bestScore = new double[size];
    int[] best = new int[size];
    int kept = 0;
    long bar = -1;
    boolean barStale = false;
    for (int c = 0; c < draws.length; c++) {
      if (kept == size && (barStale || classStart[c])) {
        bar = drawBar(classWeight[c], bestScore[size - 1]);
        barStale = false;
      }
      long u = PlacementHash.uniform52(draws[c]);
      if (u <= bar) {
        continue;
      }
      double score = weights[c] / PlacementHash.exponential(u);
      int peer = visit[c];
      if (kept == size && !precedes(score, peer, bestScore[size - 1], best[size - 1])) {
        continue;
      }
      int at = kept < size ? kept++ : size - 1;
      while (at > 0 && precedes(score, peer, bestScore[at - 1], best[at - 1])) {
        bestScore[at] = bestScore[at - 1];
        best[at] = best[at - 1];
        at--;
      }
      bestScore[at] = score;
      best[at] = peer;
      barStale = kept == size;
    }
    return best;
  }

  /** Ranking order: higher score first, then lower peer index. */
  private static boolean precedes(double score, int peer, double otherScore, int otherPeer) {
    return score > otherScore || (score == otherScore && peer < otherPeer);
  }

  /**
   * The largest 52-bit draw that cannot beat {@code worstKept} with any weight up to {@code
   * weight}, lowered by a safety margin: {@code w / E(u) >= s} needs {@code x >= exp(-w / s)} with
   * {@code x = (2u + 1) / 2^53}. Only a filter: {@link Math#exp} may differ in its last bit between
   * JVMs, and the margin makes the filter conservative, so results never depend on it.
   */
  private static long drawBar(double weight, double worstKept) {
    double x = Math.exp(-weight / worstKept) * (1.0 - 1e-9);
    long bar = (long) ((x * 0x1.0p53 - 1.0) / 2.0) - 2;
    return Math.max(bar, -1);
  }

  /** Every candidate peer for pin {@code pin}, best first (a full sort: the slow path). */
  int[] all(int pin) {
    long pinKey = problem.pinKey(pin);
    int n = visit.length;
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
          return byScore != 0 ? byScore : Integer.compare(visit[a], visit[b]);
        });
    int[] peers = new int[n];
    for (int i = 0; i < n; i++) {
      peers[i] = visit[order[i]];
    }
    return peers;
  }

  @Override
  public String toString() {
    return "RendezvousRanking("
        + visit.length
        + " peers, "
        + (equalWeights ? "equal weights" : "weighted")
        + ")";
  }
}
