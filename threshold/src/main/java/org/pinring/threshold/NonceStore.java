package org.pinring.threshold;

import java.io.IOException;
import java.util.Optional;

/**
 * Where a signer keeps its round-one nonces until round two: the port that makes "a nonce pair is
 * used at most once, ever" (RFC 9591 sections 5.2 and 7.3) hold across crashes.
 *
 * <p>Contract for implementations:
 *
 * <ul>
 *   <li>{@link #put} returns only once the nonces are stored as durably as the implementation
 *       promises; the commitment is released to the coordinator after that.
 *   <li>{@link #take} removes the nonces and makes the removal durable <em>before</em> it returns
 *       them. A crash after {@code take} returned can lose the nonces, never resurrect them. A
 *       second {@code take} of the same commitment finds nothing.
 *   <li>Stored nonces must never come back from a backup or snapshot: an implementation that can
 *       detect a restored copy discards every pending nonce in it.
 * </ul>
 *
 * Implementations must be safe for use from several threads.
 */
public interface NonceStore {

  /** Stores fresh nonces (durably, before returning). */
  void put(SigningNonces nonces) throws IOException;

  /**
   * Removes and returns the nonces that belong to {@code commitment}; the removal is durable before
   * this returns. Empty if there are none (never created, already used, or discarded).
   */
  Optional<SigningNonces> take(SigningCommitment commitment) throws IOException;

  /** How many unused nonce pairs are stored. */
  int pending() throws IOException;
}
