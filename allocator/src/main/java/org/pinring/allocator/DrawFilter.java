package org.pinring.allocator;

import java.util.Arrays;

/**
 * A conservative filter for the best few peers of a pin, in the hash domain: for a score threshold
 * {@code S}, every candidate peer gets the largest 52-bit draw with which it certainly cannot score
 * above {@code S}. A peer whose draw is at most its bar is skipped without computing its score; a
 * peer above its bar may or may not beat {@code S}, and its exact score decides. So if at least
 * {@code m} peers turn out to score above {@code S}, the best {@code m} are among the peers above
 * their bars, and nothing else needs a score (see {@link RendezvousRanking}).
 *
 * <p>The threshold is chosen so that about {@code expected} peers pass for a random pin. It only
 * decides how much work a pin takes, never a result: any threshold gives the same ranking, a bad
 * one is only slower. That is why {@link Math#exp}, whose last bit may differ between JVMs, may be
 * used here, and it is why the bars are lowered by a safety margin (never raised).
 *
 * <p>Immutable.
 */
final class DrawFilter {

  /** The largest 52-bit draw. */
  private static final long MAX_DRAW = (1L << 52) - 1;

  private final long[] bars;
  private final double scoreThreshold;

  private DrawFilter(long[] bars, double scoreThreshold) {
    this.bars = bars;
    this.scoreThreshold = scoreThreshold;
  }

  /** A filter every peer passes: the exact fallback. */
  static DrawFilter passAll(int candidates) {
    long[] bars = new long[candidates];
    Arrays.fill(bars, -1L);
    return new DrawFilter(bars, 0.0);
  }

  /**
   * A filter for {@code candidates} peers of equal weight that about {@code expected} pass. With
   * equal weights the score is a monotone function of the draw, so the bar is exact: a peer scores
   * above the threshold exactly when its draw is above the bar.
   */
  static DrawFilter forEqualWeights(int candidates, double expected) {
    if (expected >= candidates) {
      return passAll(candidates);
    }
    long above = (long) Math.floor(expected / candidates * 0x1.0p52);
    long[] bars = new long[candidates];
    Arrays.fill(bars, MAX_DRAW - above);
    return new DrawFilter(bars, 0.0);
  }

  /**
   * A filter for peers of the given weights that about {@code expected} pass: the threshold {@code
   * S} solves {@code sum over peers of P(w / E > S) = sum (1 - exp(-w / S)) = expected} (by
   * bisection; the sum falls as {@code S} grows).
   */
  static DrawFilter forWeights(double[] weights, double expected) {
    if (expected >= weights.length) {
      return passAll(weights.length);
    }
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    // P(w / E > S) = 1 - exp(-w / S) <= w / S, so at S = total / expected the sum is at most
    // `expected`; at S 2^-60 times that it is nearly the number of peers.
    double high = total / expected;
    double low = high * 0x1.0p-60;
    for (int i = 0; i < 100 && high - low > 1e-12 * high; i++) {
      double middle = Math.sqrt(low * high);
      if (expectedAbove(weights, middle) > expected) {
        low = middle;
      } else {
        high = middle;
      }
    }
    long[] bars = new long[weights.length];
    for (int c = 0; c < weights.length; c++) {
      bars[c] = drawBar(weights[c], high);
    }
    return new DrawFilter(bars, high);
  }

  private static double expectedAbove(double[] weights, double threshold) {
    double sum = 0;
    for (double w : weights) {
      sum += -Math.expm1(-w / threshold);
    }
    return sum;
  }

  /**
   * The largest 52-bit draw that cannot give weight {@code w} a score above {@code s}, lowered by a
   * safety margin. {@code w / E(u) > s} needs {@code x > exp(-w / s)} with {@code x = (2u + 1) /
   * 2^53}. Lowering {@code x} by a relative 1e-9 raises {@code E} by 1e-9, far more than the errors
   * of {@link Math#exp} (one ulp), of {@link PlacementHash#ln} (about 1e-15 relative) and of the
   * final division, so a draw at or below the bar gives a computed score of at most {@code s}.
   */
  static long drawBar(double w, double s) {
    double x = Math.exp(-w / s) * (1.0 - 1e-9);
    long bar = (long) ((x * 0x1.0p53 - 1.0) / 2.0) - 2;
    return Math.max(bar, -1);
  }

  /** Per candidate peer, the largest draw that cannot score above the threshold. */
  long[] bars() {
    return bars;
  }

  /**
   * The threshold score {@code S} of a filter for weighted peers, 0 for {@link #passAll}. Filters
   * for equal weights are exact (passing is scoring above the threshold) and do not use it.
   */
  double scoreThreshold() {
    return scoreThreshold;
  }
}
