package org.pinring.crdt;

import java.util.Objects;

/**
 * A peer as the node layer names it (e.g. a libp2p peer id in text). Opaque to the CRDT: used only
 * to ask a {@link BlockSource} for blocks where they are likely to be, and to report misbehaviour.
 */
public record RemotePeer(String id) {

  public RemotePeer {
    Objects.requireNonNull(id, "id");
    if (id.isEmpty() || id.length() > 256) {
      throw new IllegalArgumentException("a peer id has 1 to 256 characters");
    }
  }
}
