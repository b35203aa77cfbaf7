package org.pinring.allocator;

/**
 * The rendezvous preference order as a {@link CandidateOrder}: each walk starts with the pin's best
 * few peers (kept between passes for pins that have a top-up pass); a walk that needs more peers
 * than that switches to the pin's full ranking.
 *
 * <p>Walks reuse one cursor and one buffer, so that placing a million pins allocates nothing per
 * pin: a cursor is valid until the next {@link #open}.
 */
final class RendezvousOrder implements CandidateOrder {

  /** Peers kept per pin beyond its maximum replication, for skips (full peers, spread caps). */
  static final int SLACK = 3;

  private final PlacementProblem problem;
  private final RendezvousRanking ranking;
  private final int[][] tops;
  private final int[] buffer = new int[Pin.MAX_REPLICATION + SLACK];
  private final Walk walk = new Walk();

  RendezvousOrder(PlacementProblem problem) {
    this.problem = problem;
    this.ranking = new RendezvousRanking(problem);
    this.tops = new int[problem.pinCount()][];
  }

  @Override
  public Cursor open(int pin) {
    int[] top = tops[pin];
    if (top != null) {
      walk.reset(pin, top, top.length);
      return walk;
    }
    int max = problem.replicationMax(pin);
    int wanted = max + SLACK;
    if (problem.replicationMin(pin) < max) {
      // Kept only for pins walked again in the top-up pass; a pin short after its soft-cap walk
      // recomputes its ranking, which is rare enough not to be worth the memory for all pins.
      top = ranking.top(pin, wanted);
      tops[pin] = top;
      walk.reset(pin, top, top.length);
    } else {
      walk.reset(pin, buffer, ranking.top(pin, wanted, buffer));
    }
    return walk;
  }

  /** The best few peers of one pin, then, if the walk needs more, its full ranking. */
  private final class Walk implements Cursor {
    private int pin;
    private int[] top;
    private int length;
    private int position;
    private int[] all;

    void reset(int pin, int[] top, int length) {
      this.pin = pin;
      this.top = top;
      this.length = length;
      this.position = 0;
      this.all = null;
    }

    @Override
    public int next() {
      if (position < length) {
        return top[position++];
      }
      if (all == null) {
        if (length == ranking.candidateCount()) {
          return -1;
        }
        all = ranking.all(pin);
      }
      return position < all.length ? all[position++] : -1;
    }
  }
}
