package org.pinring.libp2p;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.pinring.runtime.SimulatedTime;

class PollTest {

  private final SimulatedTime time = new SimulatedTime();

  @Test
  void checksAfterTheDelayThenEachPeriodUntilTheConditionHoldsAndNeverAfter() {
    List<Duration> checks = new ArrayList<>();
    CompletableFuture<Void> done =
        Poll.until(
            time,
            Duration.ofMillis(20),
            Duration.ofMillis(50),
            () -> {
              checks.add(time.elapsed());
              return checks.size() == 3;
            });

    time.advanceBy(Duration.ofMillis(119));
    assertThat(done).isNotDone();
    time.advanceBy(Duration.ofMillis(1));
    assertThat(done).isDone();
    time.advanceBy(Duration.ofSeconds(10));

    assertThat(checks)
        .containsExactly(Duration.ofMillis(20), Duration.ofMillis(70), Duration.ofMillis(120));
    assertThat(time.pendingTasks()).isZero();
  }

  @Test
  void aConditionTrueAtOnceCompletesAtTheFirstCheck() {
    CompletableFuture<Void> done =
        Poll.until(time, Duration.ZERO, Duration.ofMillis(50), () -> true);

    time.runUntilIdle(10);

    assertThat(done).isDone();
    assertThat(time.pendingTasks()).isZero();
  }
}
