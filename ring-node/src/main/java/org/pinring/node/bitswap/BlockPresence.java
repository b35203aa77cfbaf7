package org.pinring.node.bitswap;

import java.util.Objects;
import org.pinring.multiformats.Cid;

/** "I have" or "I don't have" this block (bitswap 1.2.0). */
public record BlockPresence(Cid cid, PresenceType type) {

  public BlockPresence {
    Objects.requireNonNull(cid, "cid");
    Objects.requireNonNull(type, "type");
  }
}
