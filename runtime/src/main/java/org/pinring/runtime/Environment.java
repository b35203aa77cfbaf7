package org.pinring.runtime;

import java.util.Objects;

/**
 * Everything a logic component needs from the outside world, passed in one value.
 *
 * @param clock where time comes from
 * @param scheduler where deferred and periodic work runs
 * @param random where randomness comes from
 */
public record Environment(Clock clock, Scheduler scheduler, RandomSource random) {

  public Environment {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(random, "random");
  }
}
