package org.pinring.runtime;

import java.time.Instant;

/**
 * A source of time. Implementations are thread-safe.
 *
 * <p>Two readings are offered because they answer different questions: {@link #monotonicNanos()}
 * measures elapsed time and never goes backwards, while {@link #wallTime()} names a moment that
 * other machines can understand (timestamps in records, expiry) and may jump when the system clock
 * is corrected.
 */
public interface Clock {

  /**
   * Nanoseconds from an arbitrary, fixed origin. Only differences between two readings of the same
   * clock are meaningful; they are never negative.
   */
  long monotonicNanos();

  /** The current wall-clock time. */
  Instant wallTime();

  /** The current wall-clock time in milliseconds since the Unix epoch. */
  default long wallMillis() {
    return wallTime().toEpochMilli();
  }
}
