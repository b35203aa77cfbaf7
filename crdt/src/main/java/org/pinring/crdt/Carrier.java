package org.pinring.crdt;

import java.util.Objects;
import java.util.Optional;
import org.pinring.multiformats.Cid;

/**
 * How an operation reached the replica: the delta that carried it and the peer that relayed that
 * delta's head, or a local submission.
 *
 * @param delta the carrying delta, empty for a local submission (not yet packed)
 * @param height that delta's height, 0 for a local submission
 * @param relayedBy the peer whose announcement led to the delta, if any
 */
public record Carrier(Optional<Cid> delta, long height, Optional<RemotePeer> relayedBy) {

  public Carrier {
    Objects.requireNonNull(delta, "delta");
    Objects.requireNonNull(relayedBy, "relayedBy");
  }

  /** An operation submitted on this node. */
  public static Carrier local() {
    return new Carrier(Optional.empty(), 0, Optional.empty());
  }
}
