package org.pinring.runtime;

import java.time.Duration;
import java.util.Objects;

/** Argument checks shared by the schedulers. */
final class Durations {

  private Durations() {}

  static long nonNegativeNanos(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + duration);
    }
    return saturatedNanos(duration);
  }

  static long positiveNanos(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + duration);
    }
    return saturatedNanos(duration);
  }

  /** Durations beyond about 292 years are clamped instead of overflowing. */
  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
