package org.pinring.crdt;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The identifier of a ring, bound into every operation and delta so that nothing signed for one
 * ring can be replayed into another. Opaque bytes (the node layer derives them from the ring
 * descriptor), 1 to {@link CrdtLimits#MAX_RING_ID_BYTES} long.
 */
public final class RingId {

  private final byte[] bytes;

  private RingId(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * @throws IllegalArgumentException if empty or longer than the limit
   */
  public static RingId of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length == 0 || bytes.length > CrdtLimits.MAX_RING_ID_BYTES) {
      throw new IllegalArgumentException(
          "a ring id has 1 to " + CrdtLimits.MAX_RING_ID_BYTES + " bytes, not " + bytes.length);
    }
    return new RingId(bytes.clone());
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RingId that && Arrays.equals(bytes, that.bytes);
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
