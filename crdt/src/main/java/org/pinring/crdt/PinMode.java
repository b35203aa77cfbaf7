package org.pinring.crdt;

import java.util.Locale;

/** How much of the DAG under a pinned CID is kept. */
public enum PinMode {
  /** The block and everything it links to, recursively. */
  RECURSIVE,
  /** The block alone. */
  DIRECT;

  /** The name used in encodings: {@code recursive} or {@code direct}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException for an unknown name
   */
  public static PinMode fromWireName(String name) {
    for (PinMode mode : values()) {
      if (mode.wireName().equals(name)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("unknown pin mode '" + name + "'");
  }
}
