package org.pinring.allocator;

/**
 * The rendezvous preference order as a {@link CandidateOrder}: each pin's best few peers are
 * computed once and kept (a pin is walked once per pass and walk); a walk that needs more peers
 * than that switches to the pin's full ranking.
 */
final class RendezvousOrder implements CandidateOrder {

  /** Peers kept per pin beyond its maximum replication, for skips (full peers, spread caps). */
  static final int SLACK = 3;

  private final PlacementProblem problem;
  private final RendezvousRanking ranking;
  private final int[][] tops;

  RendezvousOrder(PlacementProblem problem) {
    this.problem = problem;
    this.ranking = new RendezvousRanking(problem);
    this.tops = new int[problem.pinCount()][];
  }

  @Override
  public Cursor open(int pin) {
    if (tops[pin] == null) {
      tops[pin] = ranking.top(pin, problem.pins().get(pin).replicationMax() + SLACK);
    }
    int[] top = tops[pin];
    return new Cursor() {
      private int position;
      private int[] all;

      @Override
      public int next() {
        if (position < top.length) {
          return top[position++];
        }
        if (all == null) {
          if (top.length == ranking.candidateCount()) {
            return -1;
          }
          all = ranking.all(pin);
        }
        return position < all.length ? all[position++] : -1;
      }
    };
  }
}
