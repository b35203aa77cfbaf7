package org.pinring.multiformats.ipld;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A byte string. A final class rather than a record because a record would expose the mutable
 * array; the bytes are copied in and out, so the value stays immutable.
 */
public final class IpldBytes implements Ipld {

  private final byte[] value;

  public IpldBytes(byte[] value) {
    this.value = Objects.requireNonNull(value, "value").clone();
  }

  /** A copy of the bytes. */
  public byte[] value() {
    return value.clone();
  }

  /** Length without copying. */
  public int length() {
    return value.length;
  }

  /** The bytes themselves, for the encoder in this package only; never modified. */
  byte[] unsafeArray() {
    return value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IpldBytes that && Arrays.equals(value, that.value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "IpldBytes[" + HexFormat.of().formatHex(value) + "]";
  }

  @Override
  public String kind() {
    return "bytes";
  }
}
