package org.pinring.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * Virtual time: a {@link Clock} and a {@link Scheduler} in one, where time moves only when the
 * driver says so.
 *
 * <p>Tasks run in the thread that calls {@link #runNext()}, {@link #advanceBy(Duration)} or {@link
 * #runUntil(BooleanSupplier, Duration)}, ordered by due time and, for equal due times, by the order
 * in which they were scheduled (a global sequence number). Nothing else influences the order, so
 * the same program with the same inputs replays the same events exactly.
 *
 * <p>Exceptions thrown by a task propagate out of the driving call: in a simulation a failing task
 * is a bug that the test must see. A periodic task that threw is not rescheduled.
 *
 * <p>Scheduling is thread-safe (tasks may be submitted from anywhere), but determinism holds only
 * when all submissions come from the driving thread or from tasks.
 */
public final class SimulatedTime implements Clock, Scheduler {

  /** The wall-clock instant that virtual time zero corresponds to unless chosen otherwise. */
  public static final Instant DEFAULT_EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  private final Instant epoch;
  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private long nowNanos;
  private long nextSequence;
  private long tasksRun;

  /** Virtual time starting at zero, with wall time starting at {@link #DEFAULT_EPOCH}. */
  public SimulatedTime() {
    this(DEFAULT_EPOCH);
  }

  /** Virtual time starting at zero, with wall time starting at {@code epoch}. */
  public SimulatedTime(Instant epoch) {
    this.epoch = Objects.requireNonNull(epoch, "epoch");
  }

  @Override
  public synchronized long monotonicNanos() {
    return nowNanos;
  }

  @Override
  public synchronized Instant wallTime() {
    return epoch.plusNanos(nowNanos);
  }

  /** Virtual time elapsed since the start. */
  public synchronized Duration elapsed() {
    return Duration.ofNanos(nowNanos);
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    long delayNanos = Durations.nonNegativeNanos(delay, "delay");
    return enqueue(delayNanos, 0, Objects.requireNonNull(task, "task"));
  }

  @Override
  public Cancellable scheduleAtFixedRate(Duration initialDelay, Duration period, Runnable task) {
    long initialNanos = Durations.nonNegativeNanos(initialDelay, "initialDelay");
    long periodNanos = Durations.positiveNanos(period, "period");
    return enqueue(initialNanos, periodNanos, Objects.requireNonNull(task, "task"));
  }

  @Override
  public void execute(Runnable task) {
    enqueue(0, 0, Objects.requireNonNull(task, "task"));
  }

  private synchronized Task enqueue(long delayNanos, long periodNanos, Runnable action) {
    Task task = new Task(saturatingAdd(nowNanos, delayNanos), nextSequence++, periodNanos, action);
    queue.add(task);
    return task;
  }

  /** Number of scheduled runs still pending (cancelled tasks excluded once they are skipped). */
  public synchronized int pendingTasks() {
    int pending = 0;
    for (Task task : queue) {
      if (!task.cancelled) {
        pending++;
      }
    }
    return pending;
  }

  /** Total task runs so far: a cheap progress measure for simulations. */
  public synchronized long tasksRun() {
    return tasksRun;
  }

  /**
   * Runs the earliest pending task, moving virtual time forward to its due time.
   *
   * @return false if nothing was pending
   */
  public boolean runNext() {
    Task task = pollRunnable(Long.MAX_VALUE);
    if (task == null) {
      return false;
    }
    runTask(task);
    return true;
  }

  /**
   * Runs every task due within {@code duration} from now (including tasks those tasks schedule
   * within the window), then leaves the clock exactly {@code duration} later.
   */
  public void advanceBy(Duration duration) {
    long target;
    synchronized (this) {
      target = saturatingAdd(nowNanos, Durations.nonNegativeNanos(duration, "duration"));
    }
    advanceTo(target);
  }

  private void advanceTo(long targetNanos) {
    for (Task task = pollRunnable(targetNanos); task != null; task = pollRunnable(targetNanos)) {
      runTask(task);
    }
    synchronized (this) {
      nowNanos = Math.max(nowNanos, targetNanos);
    }
  }

  /**
   * Runs tasks in order until {@code condition} holds or virtual time reaches {@code timeout} from
   * now, whichever comes first. The condition is checked before the first task and after each one.
   * This is how tests wait for an event without sleeping.
   *
   * @return whether the condition holds at the end
   */
  public boolean runUntil(BooleanSupplier condition, Duration timeout) {
    long deadline;
    synchronized (this) {
      deadline = saturatingAdd(nowNanos, Durations.nonNegativeNanos(timeout, "timeout"));
    }
    while (!condition.getAsBoolean()) {
      Task task = pollRunnable(deadline);
      if (task == null) {
        synchronized (this) {
          nowNanos = Math.max(nowNanos, deadline);
        }
        return condition.getAsBoolean();
      }
      runTask(task);
    }
    return true;
  }

  /**
   * Runs tasks until none is pending.
   *
   * @param maxTasks a bound on task runs, since periodic tasks never let the queue empty
   * @return the number of tasks run
   * @throws IllegalStateException if the bound is reached with tasks still pending
   */
  public long runUntilIdle(long maxTasks) {
    long runs = 0;
    while (runs < maxTasks) {
      if (!runNext()) {
        return runs;
      }
      runs++;
    }
    if (pendingTasks() > 0) {
      throw new IllegalStateException(
          "still " + pendingTasks() + " task(s) pending after " + maxTasks + " runs");
    }
    return runs;
  }

  private synchronized Task pollRunnable(long notAfterNanos) {
    while (true) {
      Task head = queue.peek();
      if (head == null || head.dueNanos > notAfterNanos) {
        return null;
      }
      queue.poll();
      if (!head.cancelled) {
        nowNanos = Math.max(nowNanos, head.dueNanos);
        return head;
      }
    }
  }

  private void runTask(Task task) {
    synchronized (this) {
      tasksRun++;
    }
    boolean completed = false;
    try {
      task.action.run();
      completed = true;
    } finally {
      synchronized (this) {
        if (completed && task.periodNanos > 0 && !task.cancelled) {
          task.dueNanos = saturatingAdd(task.dueNanos, task.periodNanos);
          task.sequence = nextSequence++;
          queue.add(task);
        } else {
          task.done = true;
        }
      }
    }
  }

  private static long saturatingAdd(long a, long b) {
    long sum = a + b;
    return sum < a ? Long.MAX_VALUE : sum;
  }

  private final class Task implements Cancellable, Comparable<Task> {
    private final long periodNanos;
    private final Runnable action;
    private long dueNanos;
    private long sequence;
    private boolean cancelled;
    private boolean done;

    Task(long dueNanos, long sequence, long periodNanos, Runnable action) {
      this.dueNanos = dueNanos;
      this.sequence = sequence;
      this.periodNanos = periodNanos;
      this.action = action;
    }

    @Override
    public boolean cancel() {
      synchronized (SimulatedTime.this) {
        if (cancelled || done) {
          return false;
        }
        cancelled = true;
        queue.remove(this);
        return true;
      }
    }

    @Override
    public boolean isCancelled() {
      synchronized (SimulatedTime.this) {
        return cancelled;
      }
    }

    @Override
    public int compareTo(Task other) {
      int byTime = Long.compare(dueNanos, other.dueNanos);
      return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
    }
  }
}
