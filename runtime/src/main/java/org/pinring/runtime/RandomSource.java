package org.pinring.runtime;

import java.util.List;

/**
 * A source of random numbers handed to logic code.
 *
 * <p>The real implementation ({@link SecureRandomSource}) is cryptographically strong; the seeded
 * one ({@link SeededRandom}) replays the same sequence for the same seed, which is what makes
 * simulations reproducible. Code that needs secret key material must take a {@link
 * SecureRandomSource} explicitly rather than any {@code RandomSource}.
 */
public interface RandomSource {

  /** A uniformly distributed 64-bit value. */
  long nextLong();

  /**
   * A uniformly distributed value in {@code [0, bound)}.
   *
   * @throws IllegalArgumentException if {@code bound} is not positive
   */
  int nextInt(int bound);

  /**
   * A uniformly distributed value in {@code [0, bound)}.
   *
   * @throws IllegalArgumentException if {@code bound} is not positive
   */
  long nextLong(long bound);

  /** A uniformly distributed value in {@code [0, 1)} with 53 bits of precision. */
  default double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Fills {@code bytes} with random bytes. */
  void nextBytes(byte[] bytes);

  /**
   * An independent source for one purpose, e.g. one simulated node. For a seeded source the result
   * depends only on this source's seed and {@code purpose}, not on how many values were drawn
   * before, so adding a draw in one component does not perturb another component's stream.
   */
  RandomSource fork(String purpose);

  /** Shuffles {@code list} in place (Fisher-Yates), using this source. */
  default <T> void shuffle(List<T> list) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      T swapped = list.set(j, list.get(i));
      list.set(i, swapped);
    }
  }
}
