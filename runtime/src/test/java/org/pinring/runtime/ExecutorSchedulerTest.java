package org.pinring.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExecutorSchedulerTest {

  private static final long WAIT_SECONDS = 10;

  private final ExecutorScheduler scheduler = ExecutorScheduler.singleThreaded("test");

  @AfterEach
  void stop() {
    assertThat(scheduler.close(Duration.ofSeconds(WAIT_SECONDS))).isTrue();
  }

  @Test
  void runsSubmittedTasksInOrderOnItsOwnThread() throws InterruptedException {
    List<Integer> order = new CopyOnWriteArrayList<>();
    AtomicBoolean onSchedulerThread = new AtomicBoolean(true);
    CountDownLatch done = new CountDownLatch(100);
    for (int i = 0; i < 100; i++) {
      int n = i;
      scheduler.execute(
          () -> {
            onSchedulerThread.compareAndSet(true, scheduler.inSchedulerThread());
            order.add(n);
            done.countDown();
          });
    }

    assertThat(done.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(order).isSorted().hasSize(100);
    assertThat(onSchedulerThread).isTrue();
    assertThat(scheduler.inSchedulerThread()).isFalse();
  }

  @Test
  void aFailingPeriodicTaskKeepsItsSchedule() throws InterruptedException {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch threeRuns = new CountDownLatch(3);
    Cancellable task =
        scheduler.scheduleAtFixedRate(
            Duration.ZERO,
            Duration.ofMillis(1),
            () -> {
              runs.incrementAndGet();
              threeRuns.countDown();
              throw new IllegalStateException("expected by the test");
            });

    assertThat(threeRuns.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(task.cancel()).isTrue();
    assertThat(task.isCancelled()).isTrue();
  }

  @Test
  void cancelledTasksDoNotRun() throws InterruptedException {
    AtomicBoolean ran = new AtomicBoolean();
    Cancellable task = scheduler.schedule(Duration.ofHours(1), () -> ran.set(true));

    assertThat(task.cancel()).isTrue();
    CountDownLatch barrier = new CountDownLatch(1);
    scheduler.execute(barrier::countDown);
    assertThat(barrier.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(ran).isFalse();
  }

  @Test
  void delayedTasksRunAfterTheirDelay() throws InterruptedException {
    CountDownLatch ran = new CountDownLatch(1);
    long start = SystemClock.get().monotonicNanos();
    long[] elapsed = new long[1];
    scheduler.schedule(
        Duration.ofMillis(20),
        () -> {
          elapsed[0] = SystemClock.get().monotonicNanos() - start;
          ran.countDown();
        });

    assertThat(ran.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(elapsed[0]).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
  }

  @Test
  void rejectsInvalidArguments() {
    assertThatThrownBy(() -> scheduler.schedule(Duration.ofSeconds(-1), () -> {}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> scheduler.scheduleAtFixedRate(Duration.ZERO, Duration.ofSeconds(-1), () -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
