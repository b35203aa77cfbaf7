package org.pinring.allocator;

/**
 * The rendezvous preference order as a {@link CandidateOrder}: each walk starts with the pin's best
 * few peers (kept between passes for pins that have a top-up pass); a walk that needs more peers
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
    int[] top = tops[pin];
    if (top == null) {
      Pin spec = problem.pins().get(pin);
      top = ranking.top(pin, spec.replicationMax() + SLACK);
      // Kept only for pins walked again in the top-up pass; a pin short after its soft-cap walk
      // recomputes its ranking, which is rare enough not to be worth the memory for all pins.
      if (spec.replicationMin() < spec.replicationMax()) {
        tops[pin] = top;
      }
    }
    int[] walk = top;
    return new Cursor() {
      private int position;
      private int[] all;

      @Override
      public int next() {
        if (position < walk.length) {
          return walk[position++];
        }
        if (all == null) {
          if (walk.length == ranking.candidateCount()) {
            return -1;
          }
          all = ranking.all(pin);
        }
        return position < all.length ? all[position++] : -1;
      }
    };
  }
}
