package org.pinring.multiformats.ipld;

/**
 * A finite float. NaN and the infinities are not in the Data Model. Equality is by bit pattern, so
 * {@code -0.0} and {@code 0.0} differ, as their encodings do.
 */
public record IpldFloat(double value) implements Ipld {

  public IpldFloat {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("IPLD floats are finite, not " + value);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IpldFloat that
        && Double.doubleToRawLongBits(value) == Double.doubleToRawLongBits(that.value);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(Double.doubleToRawLongBits(value));
  }

  @Override
  public String kind() {
    return "float";
  }
}
