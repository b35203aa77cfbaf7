package org.pinring.crdt;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The Merkle root of a replica's state: 32 bytes that are equal on two replicas exactly when their
 * state records are equal (up to SHA-256 collisions): the same live adds, the same tombstones and
 * the same ring operations. Operation sets with the same effect (two unpins naming the same tags)
 * give the same root. How it is computed is specified in {@code docs/crdt.md}.
 */
public final class StateRoot {

  public static final int BYTES = 32;

  private final byte[] hash;

  private StateRoot(byte[] hash) {
    this.hash = hash;
  }

  /**
   * @throws IllegalArgumentException unless {@code hash} has {@link #BYTES} bytes
   */
  public static StateRoot of(byte[] hash) {
    Objects.requireNonNull(hash, "hash");
    if (hash.length != BYTES) {
      throw new IllegalArgumentException(
          "a state root has " + BYTES + " bytes, not " + hash.length);
    }
    return new StateRoot(hash.clone());
  }

  public byte[] toBytes() {
    return hash.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StateRoot that && Arrays.equals(hash, that.hash);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(hash);
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(hash);
  }
}
