package org.pinring.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The property the testbed relies on: a simulation is a function of its seed. A small world of
 * nodes with random heartbeats, random one-off work and random cancellations is run twice per seed
 * and must produce the same event log, entry by entry.
 */
class SimulationDeterminismTest {

  @Property(tries = 30)
  void theSameSeedReplaysTheSameEvents(@ForAll long seed) {
    assertThat(run(seed)).isEqualTo(run(seed));
  }

  @Test
  void differentSeedsGiveDifferentRuns() {
    assertThat(run(1)).isNotEqualTo(run(2));
  }

  @Test
  void theLogIsNotTrivial() {
    List<String> log = run(12345);
    assertThat(log.size()).isGreaterThan(500);
    assertThat(log).anyMatch(line -> line.contains("cancel"));
  }

  private static List<String> run(long seed) {
    Simulation simulation = new Simulation(seed);
    List<String> log = new ArrayList<>();
    for (int n = 0; n < 20; n++) {
      new Node("node-" + n, simulation.environment("node-" + n), log).start();
    }
    simulation.time().advanceBy(Duration.ofMinutes(2));
    return log;
  }

  /** A toy participant that uses every part of its environment. */
  private static final class Node {
    private final String name;
    private final Environment env;
    private final List<String> log;
    private Cancellable heartbeat;

    Node(String name, Environment env, List<String> log) {
      this.name = name;
      this.env = env;
      this.log = log;
    }

    void start() {
      Duration period = Duration.ofMillis(500 + env.random().nextInt(1500));
      heartbeat = env.scheduler().scheduleAtFixedRate(period, period, this::beat);
    }

    private void beat() {
      log.add(env.clock().monotonicNanos() + " " + name + " beat");
      if (env.random().nextInt(4) == 0) {
        Duration delay = Duration.ofMillis(env.random().nextInt(3000));
        env.scheduler()
            .schedule(delay, () -> log.add(env.clock().monotonicNanos() + " " + name + " work"));
      }
      if (env.random().nextInt(60) == 0) {
        heartbeat.cancel();
        log.add(env.clock().monotonicNanos() + " " + name + " cancel");
        env.scheduler().schedule(Duration.ofSeconds(5), this::start);
      }
    }
  }
}
