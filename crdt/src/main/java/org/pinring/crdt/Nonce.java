package org.pinring.crdt;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.pinring.runtime.RandomSource;

/**
 * {@value CrdtLimits#NONCE_BYTES} random bytes that make every issued operation unique: pinning the
 * same CID again after an unpin is a new operation with a new tag, not a replay of the old one.
 */
public final class Nonce {

  private final byte[] bytes;

  private Nonce(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * @throws IllegalArgumentException unless {@code bytes} has {@link CrdtLimits#NONCE_BYTES} bytes
   */
  public static Nonce of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != CrdtLimits.NONCE_BYTES) {
      throw new IllegalArgumentException(
          "a nonce has " + CrdtLimits.NONCE_BYTES + " bytes, not " + bytes.length);
    }
    return new Nonce(bytes.clone());
  }

  /** A fresh nonce drawn from {@code random}. */
  public static Nonce random(RandomSource random) {
    byte[] bytes = new byte[CrdtLimits.NONCE_BYTES];
    random.nextBytes(bytes);
    return new Nonce(bytes);
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Nonce that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes);
  }
}
