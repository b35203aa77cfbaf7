package org.pinring.runtime;

import java.security.SecureRandom;
import java.util.Objects;

/** Randomness from the platform's {@link SecureRandom}. Thread-safe. */
public final class SecureRandomSource implements RandomSource {

  private final SecureRandom random;

  public SecureRandomSource() {
    this(new SecureRandom());
  }

  public SecureRandomSource(SecureRandom random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  @Override
  public long nextLong() {
    return random.nextLong();
  }

  @Override
  public int nextInt(int bound) {
    return random.nextInt(bound);
  }

  @Override
  public long nextLong(long bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    long limit = Long.MAX_VALUE - (Long.MAX_VALUE % bound + 1) % bound;
    long value = random.nextLong() >>> 1;
    while (value > limit) {
      value = random.nextLong() >>> 1;
    }
    return value % bound;
  }

  @Override
  public double nextDouble() {
    return random.nextDouble();
  }

  @Override
  public void nextBytes(byte[] bytes) {
    random.nextBytes(bytes);
  }

  /** Real randomness needs no derivation: every fork is simply another strong source. */
  @Override
  public RandomSource fork(String purpose) {
    Objects.requireNonNull(purpose, "purpose");
    return this;
  }
}
