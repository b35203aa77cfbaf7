package org.pinring.node.bitswap;

/** What a wantlist entry asks for (ipfs/specs BITSWAP.md, "Wantlist"; wire values in comments). */
public enum WantType {
  /** Send me the block (0, the default). */
  BLOCK(0),
  /** Tell me whether you have the block (1; bitswap 1.2.0). */
  HAVE(1);

  private final int wireValue;

  WantType(int wireValue) {
    this.wireValue = wireValue;
  }

  int wireValue() {
    return wireValue;
  }
}
