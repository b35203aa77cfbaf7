package org.pinring.runtime;

import java.time.Instant;

/** The machine's clocks: {@link System#nanoTime()} and {@link Instant#now()}. */
public final class SystemClock implements Clock {

  private static final SystemClock INSTANCE = new SystemClock();

  private SystemClock() {}

  /** The one instance; it holds no state. */
  public static SystemClock get() {
    return INSTANCE;
  }

  @Override
  public long monotonicNanos() {
    return System.nanoTime();
  }

  @Override
  public Instant wallTime() {
    return Instant.now();
  }

  @Override
  public long wallMillis() {
    return System.currentTimeMillis();
  }
}
