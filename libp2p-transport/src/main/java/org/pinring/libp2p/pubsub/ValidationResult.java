package org.pinring.libp2p.pubsub;

/** A topic validator's verdict (gossipsub v1.1, "Extended Validators"). */
public enum ValidationResult {
  /** Deliver to the application and forward. */
  ACCEPT,
  /** Invalid: drop and penalise the peers that sent it (P4). */
  REJECT,
  /** Drop without penalty (e.g. stale, or not checkable yet). */
  IGNORE
}
