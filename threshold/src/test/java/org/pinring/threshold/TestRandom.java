package org.pinring.threshold;

import java.security.SecureRandom;
import org.pinring.runtime.SecureRandomSource;
import org.pinring.runtime.SeededRandom;

/**
 * Reproducible "secure" randomness for tests: a SecureRandom whose bytes come from a seeded
 * generator. Never for real keys.
 */
final class TestRandom {

  private TestRandom() {}

  static SecureRandomSource seeded(long seed) {
    SeededRandom source = SeededRandom.fromSeed(seed);
    return new SecureRandomSource(
        new SecureRandom() {
          private static final long serialVersionUID = 1L;

          @Override
          public void nextBytes(byte[] bytes) {
            source.nextBytes(bytes);
          }

          @Override
          public long nextLong() {
            return source.nextLong();
          }

          @Override
          public int nextInt(int bound) {
            return source.nextInt(bound);
          }
        });
  }
}
