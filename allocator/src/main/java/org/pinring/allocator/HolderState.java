package org.pinring.allocator;

/** How far a holder has got with its copy of a pin. */
public enum HolderState {
  /** Asked to pin; has not confirmed yet. Counts against its space, not towards safety. */
  PENDING,
  /** Confirmed holding the whole DAG. Only confirmed copies make it safe to drop another copy. */
  CONFIRMED
}
