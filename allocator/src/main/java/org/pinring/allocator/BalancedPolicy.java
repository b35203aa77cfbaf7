package org.pinring.allocator;

import java.util.TreeSet;

/**
 * IPFS Cluster's "balanced" allocator, for comparison: each pin goes to the peers with the most
 * free space (spread across a tag when asked), one pin after another. Unlike IPFS Cluster, whose
 * leader works from metrics refreshed every few seconds, the free space here is updated after every
 * pin, which is the best this policy can do. It balances fill well but is not a rendezvous scheme:
 * any change in free space reshuffles later pins, which shows as large movement.
 */
public final class BalancedPolicy implements PlacementPolicy {

  @Override
  public String name() {
    return "balanced";
  }

  @Override
  public Placement place(PlacementProblem problem) {
    return new SequentialPlacer(problem, new FreeSpaceOrder(problem), null).run(name());
  }

  @Override
  public String toString() {
    return name();
  }

  /** Peers by remaining free space, most first, ties by peer id. */
  private static final class FreeSpaceOrder implements CandidateOrder {
    private final PlacementProblem problem;
    private final long[] remaining;
    private final TreeSet<Integer> byRemaining;

    FreeSpaceOrder(PlacementProblem problem) {
      this.problem = problem;
      this.remaining = new long[problem.peerCount()];
      this.byRemaining =
          new TreeSet<>(
              (a, b) -> {
                int bySpace = Long.compare(remaining[b], remaining[a]);
                return bySpace != 0 ? bySpace : Integer.compare(a, b);
              });
      for (int p : problem.candidates()) {
        remaining[p] = problem.budget(p);
        byRemaining.add(p);
      }
    }

    @Override
    public Cursor open(int pin) {
      var iterator = byRemaining.iterator();
      return () -> iterator.hasNext() ? iterator.next() : -1;
    }

    @Override
    public void placed(int pin, int peer) {
      byRemaining.remove(peer);
      remaining[peer] -= problem.pinSize(pin);
      byRemaining.add(peer);
    }
  }
}
