package org.pinring.crdt;

import java.util.Objects;

/**
 * An {@link Authorizer}'s verdict on one operation.
 *
 * @param verdict accept, reject for good, or defer (decide later)
 * @param reason why, for logs and the rejected-delta record; empty for an acceptance
 */
public record Authorization(Verdict verdict, String reason) {

  /** What to do with the operation. */
  public enum Verdict {
    /** Authorized: merge it. */
    ACCEPT,
    /**
     * Not authorized, and never will be (bad signature, wrong ring): the delta carrying it is
     * recorded as rejected and never retried.
     */
    REJECT,
    /**
     * Cannot be decided now (e.g. signed by a group key of a descriptor version this node has not
     * seen yet): the carrying delta stays pending and is retried with backoff.
     */
    DEFER
  }

  private static final Authorization ACCEPTED = new Authorization(Verdict.ACCEPT, "");

  public Authorization {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(reason, "reason");
  }

  public static Authorization accept() {
    return ACCEPTED;
  }

  public static Authorization reject(String reason) {
    return new Authorization(Verdict.REJECT, reason);
  }

  public static Authorization defer(String reason) {
    return new Authorization(Verdict.DEFER, reason);
  }
}
