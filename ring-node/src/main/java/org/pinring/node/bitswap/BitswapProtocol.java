package org.pinring.node.bitswap;

import java.util.List;
import java.util.Optional;

/**
 * The Bitswap protocol ids and what each version may carry (ipfs/specs BITSWAP.md). PinRing speaks
 * 1.2.0 and reads messages of every version; it writes to a peer only what its version knows.
 */
public enum BitswapProtocol {
  V120("/ipfs/bitswap/1.2.0"),
  V110("/ipfs/bitswap/1.1.0"),
  V100("/ipfs/bitswap/1.0.0"),
  /** The 1.0.0 protocol under its oldest name. */
  LEGACY("/ipfs/bitswap");

  /** Every id, newest first: the order PinRing proposes them in. */
  public static final List<String> IDS = List.of(V120.id(), V110.id(), V100.id(), LEGACY.id());

  private final String id;

  BitswapProtocol(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** Whether block payloads carry CID prefixes (1.1.0+) rather than bare CIDv0 blocks. */
  public boolean hasPrefixes() {
    return this == V120 || this == V110;
  }

  /** Whether want-have, send-dont-have and block presences exist (1.2.0). */
  public boolean hasPresences() {
    return this == V120;
  }

  public static Optional<BitswapProtocol> forId(String id) {
    for (BitswapProtocol protocol : values()) {
      if (protocol.id.equals(id)) {
        return Optional.of(protocol);
      }
    }
    return Optional.empty();
  }
}
