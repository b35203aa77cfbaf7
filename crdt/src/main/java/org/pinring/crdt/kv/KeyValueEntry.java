package org.pinring.crdt.kv;

import java.util.Objects;

/**
 * One key and its value. The arrays are handed over to the holder of the entry: a store never
 * reuses them after returning the entry.
 */
public final class KeyValueEntry {

  private final byte[] key;
  private final byte[] value;

  public KeyValueEntry(byte[] key, byte[] value) {
    this.key = Objects.requireNonNull(key, "key");
    this.value = Objects.requireNonNull(value, "value");
  }

  /** The key; not copied, do not modify. */
  public byte[] key() {
    return key;
  }

  /** The value; not copied, do not modify. */
  public byte[] value() {
    return value;
  }
}
