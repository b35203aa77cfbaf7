package org.pinring.runtime;

import java.time.Instant;
import java.util.Objects;

/**
 * A deterministic world for tests and the testbed: one {@link SimulatedTime} shared by every
 * participant and one seed from which each participant's randomness is forked by name.
 *
 * <p>Print {@link #seed()} when a simulated run fails: rerunning with it replays the failure.
 */
public final class Simulation {

  private final long seed;
  private final SimulatedTime time;
  private final SeededRandom random;

  public Simulation(long seed) {
    this(seed, SimulatedTime.DEFAULT_EPOCH);
  }

  public Simulation(long seed, Instant epoch) {
    this.seed = seed;
    this.time = new SimulatedTime(Objects.requireNonNull(epoch, "epoch"));
    this.random = SeededRandom.fromSeed(seed);
  }

  public long seed() {
    return seed;
  }

  /** The virtual clock and scheduler shared by all participants. */
  public SimulatedTime time() {
    return time;
  }

  /** The root random source; prefer {@link #environment(String)} for participants. */
  public SeededRandom random() {
    return random;
  }

  /**
   * The environment of one named participant: the shared virtual time and a random source forked
   * from the seed by {@code name}, so each participant's draws are independent of the others'.
   */
  public Environment environment(String name) {
    return new Environment(time, time, random.fork(name));
  }

  @Override
  public String toString() {
    return "Simulation(seed=" + seed + ", t=" + time.elapsed() + ")";
  }
}
