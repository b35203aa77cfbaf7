package org.pinring.allocator;

import java.util.Locale;

/**
 * Weighted rendezvous hashing, optionally with bounded loads; the default policy.
 *
 * <p>Every pin ranks the peers by {@code weight / -ln(U)}, with {@code U} a uniform draw from a
 * stable hash of (peer, pin) and the weight the peer's free space times its reliability factor, and
 * takes the best peers that can hold it (see {@link SequentialPlacer}). The ranking of a pin
 * depends only on that pin and the peers, so a peer joining or leaving moves only the copies it
 * takes or held.
 *
 * <p>With a load bound {@code c}, each peer also has a soft cap of {@code (1 + c)} times its fair
 * share of the bytes to place (its share of the total weight), which trims the random excess of
 * plain hashing ("consistent hashing with bounded loads", Mirrokni, Thorup and Zadimoghaddam 2018,
 * applied to rendezvous rankings): a pin whose preferred peer is at its cap goes to its next
 * preferred peer. See docs/allocator.md for measured balance and movement.
 */
public final class RendezvousPolicy implements PlacementPolicy {

  /** The load bound of the default policy: no peer above 1.10 times its fair share. */
  public static final double DEFAULT_LOAD_BOUND = 0.10;

  private final double loadBound;

  private RendezvousPolicy(double loadBound) {
    this.loadBound = loadBound;
  }

  /** Rendezvous hashing with loads bounded by {@code (1 + loadBound)} times the fair share. */
  public static RendezvousPolicy bounded(double loadBound) {
    if (!(loadBound >= 0.0 && loadBound <= 100.0)) {
      throw new IllegalArgumentException("loadBound must be in [0, 100]: " + loadBound);
    }
    return new RendezvousPolicy(loadBound);
  }

  /** The default: bounded loads with {@link #DEFAULT_LOAD_BOUND}. */
  public static RendezvousPolicy standard() {
    return bounded(DEFAULT_LOAD_BOUND);
  }

  /** Plain weighted rendezvous hashing: only the peers' free space limits their load. */
  public static RendezvousPolicy unbounded() {
    return new RendezvousPolicy(Double.POSITIVE_INFINITY);
  }

  /** The load bound, or infinity for plain rendezvous hashing. */
  public double loadBound() {
    return loadBound;
  }

  @Override
  public String name() {
    if (Double.isInfinite(loadBound)) {
      return "rendezvous-unbounded";
    }
    return loadBound == DEFAULT_LOAD_BOUND
        ? "rendezvous"
        : String.format(Locale.ROOT, "rendezvous-bounded-%.2f", loadBound);
  }

  @Override
  public Placement place(PlacementProblem problem) {
    long[] softCaps = Double.isInfinite(loadBound) ? null : softCaps(problem, loadBound);
    return new SequentialPlacer(problem, new RendezvousOrder(problem), softCaps).run(name());
  }

  /**
   * {@code floor((1 + bound) * demand * weight / totalWeight)} per peer, never above its budget,
   * where the demand is every pin's size times its maximum replication. Sums run in canonical peer
   * and pin order so every JVM computes the same caps.
   */
  static long[] softCaps(PlacementProblem problem, double bound) {
    double demand = 0;
    for (int x = 0; x < problem.pinCount(); x++) {
      demand += (double) problem.pinSize(x) * problem.replicationMax(x);
    }
    double totalWeight = 0;
    for (int p : problem.candidates()) {
      totalWeight += problem.weight(p);
    }
    long[] caps = new long[problem.peerCount()];
    for (int p : problem.candidates()) {
      double fair = demand * (problem.weight(p) / totalWeight);
      double cap = Math.floor((1.0 + bound) * fair);
      caps[p] = cap >= problem.budget(p) ? problem.budget(p) : (long) cap;
    }
    return caps;
  }

  @Override
  public String toString() {
    return name();
  }
}
