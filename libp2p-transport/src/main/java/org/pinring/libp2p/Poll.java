package org.pinring.libp2p;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.pinring.runtime.Cancellable;
import org.pinring.runtime.Scheduler;

/** Checks a condition periodically on a {@link Scheduler} until it holds. */
final class Poll {

  private Poll() {}

  /**
   * Calls {@code done} after {@code initialDelay}, then every {@code period}, until it returns
   * true; it is not called again after that, and the periodic task is cancelled.
   *
   * @return completes once {@code done} returned true
   */
  static CompletableFuture<Void> until(
      Scheduler scheduler, Duration initialDelay, Duration period, BooleanSupplier done) {
    CompletableFuture<Void> finished = new CompletableFuture<>();
    AtomicReference<Cancellable> task = new AtomicReference<>();
    task.set(
        scheduler.scheduleAtFixedRate(
            initialDelay,
            period,
            () -> {
              // A real scheduler may run the first check before task is set; the check is then
              // skipped on the next run, which cancels.
              if (finished.isDone() || done.getAsBoolean()) {
                finished.complete(null);
                Cancellable self = task.get();
                if (self != null) {
                  self.cancel();
                }
              }
            }));
    return finished;
  }
}
