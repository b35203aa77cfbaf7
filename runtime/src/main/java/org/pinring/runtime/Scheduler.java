package org.pinring.runtime;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Runs work later or periodically.
 *
 * <p>Contract shared by all implementations: tasks submitted to one scheduler never run
 * concurrently with each other, so a protocol state machine driven only by its scheduler needs no
 * locking. Tasks run in order of their due time; tasks due at the same instant run in submission
 * order. A task that throws does not stop the scheduler; what happens to the exception is the
 * implementation's choice (logged by the real one, rethrown to the driver by the simulated one, so
 * tests fail loudly).
 *
 * <p>Methods may be called from any thread.
 */
public interface Scheduler extends Executor {

  /**
   * Runs {@code task} once, after {@code delay}.
   *
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  Cancellable schedule(Duration delay, Runnable task);

  /**
   * Runs {@code task} first after {@code initialDelay}, then every {@code period} measured from the
   * previous due time (fixed rate, so a periodic heartbeat does not drift), until cancelled.
   *
   * @throws IllegalArgumentException if {@code initialDelay} is negative or {@code period} is not
   *     positive
   */
  Cancellable scheduleAtFixedRate(Duration initialDelay, Duration period, Runnable task);

  /** Runs {@code task} as soon as possible, after the work already due now. */
  @Override
  void execute(Runnable task);
}
