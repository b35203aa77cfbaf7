package org.pinring.allocator;

/**
 * A policy's preference order of peers for each pin, walked by {@link SequentialPlacer}. The order
 * may depend on what has been placed so far ({@link #placed}), but must be a pure function of the
 * problem and that history.
 */
interface CandidateOrder {

  /** Walks the peers for one pin, best first. */
  interface Cursor {
    /** The next peer index, or -1 when there are no more. */
    int next();
  }

  /**
   * A fresh walk over the peers for pin {@code pin}, starting with the most preferred. The cursor
   * may be reused by the next call, so it is valid until then.
   */
  Cursor open(int pin);

  /** Told after {@code peer} got a copy of {@code pin}, for orders that depend on load. */
  default void placed(int pin, int peer) {}
}
