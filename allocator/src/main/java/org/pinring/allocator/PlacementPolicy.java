package org.pinring.allocator;

/**
 * A way to place pins on peers. Implementations are pure functions of the {@link PlacementProblem}:
 * the same problem gives the same {@link Placement} on every peer and every JVM, which is what lets
 * peers agree without a coordinator. Different policies can be compared on the same problem.
 *
 * <p>Contract every policy keeps (checked by the shared property tests): no peer gets more bytes
 * than its {@link PeerState#freeBytes()}; a pin never gets more than {@link Pin#replicationMax()}
 * copies nor two copies on one peer; spreading constraints are honoured.
 */
public interface PlacementPolicy {

  /** A short name for reports and the CLI, e.g. {@code rendezvous}. */
  String name();

  /** Places every pin of {@code problem}. */
  Placement place(PlacementProblem problem);
}
