package org.pinring.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SimulatedTimeTest {

  private final SimulatedTime time = new SimulatedTime();
  private final List<String> events = new ArrayList<>();

  @Test
  void runsTasksInDueTimeOrder() {
    time.schedule(Duration.ofMillis(30), () -> events.add("c"));
    time.schedule(Duration.ofMillis(10), () -> events.add("a"));
    time.schedule(Duration.ofMillis(20), () -> events.add("b"));

    time.advanceBy(Duration.ofSeconds(1));

    assertThat(events).containsExactly("a", "b", "c");
  }

  @Test
  void breaksTiesBySubmissionOrder() {
    for (int i = 0; i < 10; i++) {
      int n = i;
      time.schedule(Duration.ofMillis(5), () -> events.add("t" + n));
    }
    time.execute(() -> events.add("now"));

    time.advanceBy(Duration.ofMillis(5));

    assertThat(events)
        .containsExactly("now", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9");
  }

  @Test
  void clockReadsTheDueTimeWhileATaskRuns() {
    List<Long> seen = new ArrayList<>();
    time.schedule(Duration.ofMillis(7), () -> seen.add(time.monotonicNanos()));

    time.advanceBy(Duration.ofMillis(50));

    assertThat(seen).containsExactly(Duration.ofMillis(7).toNanos());
    assertThat(time.monotonicNanos()).isEqualTo(Duration.ofMillis(50).toNanos());
    assertThat(time.wallTime()).isEqualTo(SimulatedTime.DEFAULT_EPOCH.plusMillis(50));
  }

  @Test
  void advanceRunsTasksDueExactlyAtTheTargetButNotLater() {
    time.schedule(Duration.ofMillis(100), () -> events.add("at"));
    time.schedule(Duration.ofMillis(101), () -> events.add("after"));

    time.advanceBy(Duration.ofMillis(100));

    assertThat(events).containsExactly("at");
    assertThat(time.pendingTasks()).isEqualTo(1);
  }

  @Test
  void tasksScheduledByTasksRunInTheSameAdvanceWhenDue() {
    time.schedule(
        Duration.ofMillis(10),
        () -> {
          events.add("parent");
          time.schedule(Duration.ofMillis(10), () -> events.add("child"));
        });

    time.advanceBy(Duration.ofMillis(20));

    assertThat(events).containsExactly("parent", "child");
  }

  @Test
  void periodicTasksRunAtAFixedRateUntilCancelled() {
    List<Long> runs = new ArrayList<>();
    Cancellable heartbeat =
        time.scheduleAtFixedRate(
            Duration.ofMillis(5), Duration.ofMillis(10), () -> runs.add(time.elapsed().toMillis()));

    time.advanceBy(Duration.ofMillis(40));
    assertThat(heartbeat.cancel()).isTrue();
    time.advanceBy(Duration.ofMillis(100));

    assertThat(runs).containsExactly(5L, 15L, 25L, 35L);
    assertThat(heartbeat.isCancelled()).isTrue();
    assertThat(heartbeat.cancel()).isFalse();
  }

  @Test
  void aPeriodicTaskCanCancelItself() {
    AtomicInteger count = new AtomicInteger();
    Cancellable[] handle = new Cancellable[1];
    handle[0] =
        time.scheduleAtFixedRate(
            Duration.ZERO,
            Duration.ofSeconds(1),
            () -> {
              if (count.incrementAndGet() == 3) {
                handle[0].cancel();
              }
            });

    time.advanceBy(Duration.ofSeconds(10));

    assertThat(count).hasValue(3);
    assertThat(time.pendingTasks()).isZero();
  }

  @Test
  void cancellingAOneShotTaskPreventsIt() {
    Cancellable task = time.schedule(Duration.ofMillis(1), () -> events.add("ran"));

    assertThat(task.cancel()).isTrue();
    time.advanceBy(Duration.ofSeconds(1));

    assertThat(events).isEmpty();
  }

  @Test
  void cancellingACompletedTaskReportsFalse() {
    Cancellable task = time.schedule(Duration.ofMillis(1), () -> events.add("ran"));
    time.advanceBy(Duration.ofMillis(1));

    assertThat(task.cancel()).isFalse();
    assertThat(task.isCancelled()).isFalse();
  }

  @Test
  void runUntilStopsAsSoonAsTheConditionHolds() {
    AtomicInteger count = new AtomicInteger();
    time.scheduleAtFixedRate(Duration.ZERO, Duration.ofMillis(10), count::incrementAndGet);

    boolean reached = time.runUntil(() -> count.get() == 5, Duration.ofMinutes(1));

    assertThat(reached).isTrue();
    assertThat(time.elapsed()).isEqualTo(Duration.ofMillis(40));
  }

  @Test
  void runUntilGivesUpAtTheVirtualDeadline() {
    time.schedule(Duration.ofMinutes(5), () -> events.add("late"));

    boolean reached = time.runUntil(() -> !events.isEmpty(), Duration.ofMinutes(1));

    assertThat(reached).isFalse();
    assertThat(time.elapsed()).isEqualTo(Duration.ofMinutes(1));
    assertThat(events).isEmpty();
  }

  @Test
  void runUntilIdleRefusesToSpinForeverOnPeriodicWork() {
    time.scheduleAtFixedRate(Duration.ZERO, Duration.ofSeconds(1), () -> {});

    assertThatThrownBy(() -> time.runUntilIdle(100))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("pending");
  }

  @Test
  void runUntilIdleDrainsFiniteWork() {
    time.schedule(Duration.ofHours(1), () -> events.add("a"));
    time.schedule(Duration.ofDays(1), () -> events.add("b"));

    assertThat(time.runUntilIdle(10)).isEqualTo(2);
    assertThat(events).containsExactly("a", "b");
  }

  @Test
  void aFailingTaskSurfacesInTheDriverAndDoesNotRepeat() {
    time.scheduleAtFixedRate(
        Duration.ZERO,
        Duration.ofSeconds(1),
        () -> {
          throw new IllegalStateException("boom");
        });

    assertThatThrownBy(() -> time.advanceBy(Duration.ofSeconds(1))).hasMessage("boom");
    assertThat(time.pendingTasks()).isZero();
  }

  @Test
  void rejectsNegativeDelaysAndNonPositivePeriods() {
    assertThatThrownBy(() -> time.schedule(Duration.ofMillis(-1), () -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("delay");
    assertThatThrownBy(() -> time.scheduleAtFixedRate(Duration.ZERO, Duration.ZERO, () -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("period");
  }

  @Test
  void hugeDelaysSaturateInsteadOfOverflowing() {
    time.advanceBy(Duration.ofSeconds(1));
    time.schedule(Duration.ofSeconds(Long.MAX_VALUE), () -> events.add("never"));
    time.schedule(Duration.ofMillis(1), () -> events.add("soon"));

    time.advanceBy(Duration.ofDays(365));

    assertThat(events).containsExactly("soon");
  }
}
