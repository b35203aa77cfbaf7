package org.pinring.node.bitswap;

/** A block presence's answer (bitswap 1.2.0). */
public enum PresenceType {
  /** The sender has the block (0). */
  HAVE(0),
  /** The sender does not have the block (1). */
  DONT_HAVE(1);

  private final int wireValue;

  PresenceType(int wireValue) {
    this.wireValue = wireValue;
  }

  int wireValue() {
    return wireValue;
  }
}
