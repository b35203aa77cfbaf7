package org.pinring.runtime;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real scheduler: one daemon thread that runs every task, in due-time order.
 *
 * <p>A single thread is what the {@link Scheduler} contract promises (tasks never overlap), and it
 * matches how protocol state machines are written. A task that throws is logged and, if periodic,
 * keeps its schedule: a bug in one heartbeat must not silently stop all later heartbeats, which is
 * what a bare {@link java.util.concurrent.ScheduledExecutorService} would do.
 *
 * <p>Thread-safe. {@link #close()} stops the thread; tasks still queued are dropped.
 */
public final class ExecutorScheduler implements Scheduler, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ExecutorScheduler.class);
  private static final AtomicInteger instances = new AtomicInteger();

  private final ScheduledThreadPoolExecutor executor;
  private volatile Thread thread;

  private ExecutorScheduler(String threadName) {
    ThreadFactory threads =
        runnable -> {
          Thread created = new Thread(runnable, threadName);
          created.setDaemon(true);
          thread = created;
          return created;
        };
    executor = new ScheduledThreadPoolExecutor(1, threads);
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
  }

  /**
   * A scheduler with its own thread, named {@code name-N} so that thread dumps tell which component
   * owns it.
   */
  public static ExecutorScheduler singleThreaded(String name) {
    Objects.requireNonNull(name, "name");
    return new ExecutorScheduler(name + "-" + instances.incrementAndGet());
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    long delayNanos = Durations.nonNegativeNanos(delay, "delay");
    Objects.requireNonNull(task, "task");
    return new FutureHandle(executor.schedule(guarded(task), delayNanos, TimeUnit.NANOSECONDS));
  }

  @Override
  public Cancellable scheduleAtFixedRate(Duration initialDelay, Duration period, Runnable task) {
    long initialNanos = Durations.nonNegativeNanos(initialDelay, "initialDelay");
    long periodNanos = Durations.positiveNanos(period, "period");
    Objects.requireNonNull(task, "task");
    return new FutureHandle(
        executor.scheduleAtFixedRate(
            guarded(task), initialNanos, periodNanos, TimeUnit.NANOSECONDS));
  }

  @Override
  public void execute(Runnable task) {
    Objects.requireNonNull(task, "task");
    executor.execute(guarded(task));
  }

  /** True when the calling thread is this scheduler's thread. */
  public boolean inSchedulerThread() {
    return Thread.currentThread() == thread;
  }

  /**
   * Stops the thread. Waits up to {@code timeout} for a running task to finish.
   *
   * @return true if the thread stopped within the timeout
   */
  public boolean close(Duration timeout) {
    executor.shutdownNow();
    try {
      return executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }

  private static Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.error("Scheduled task {} failed", task, e);
      }
    };
  }

  private static final class FutureHandle implements Cancellable {
    private final ScheduledFuture<?> future;

    FutureHandle(ScheduledFuture<?> future) {
      this.future = future;
    }

    @Override
    public boolean cancel() {
      return future.cancel(false);
    }

    @Override
    public boolean isCancelled() {
      return future.isCancelled();
    }
  }
}
