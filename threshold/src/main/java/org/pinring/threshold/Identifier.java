package org.pinring.threshold;

import com.google.errorprone.annotations.Immutable;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import org.pinring.threshold.internal.Scalar;

/**
 * A participant identifier: a non-zero scalar (RFC 9591 section 3.1, "NonZeroScalar"). The usual
 * identifiers are 1..n; any non-zero scalar is allowed, as in the reference implementations.
 * Identifiers are public, ordered by their integer value (never by their little-endian bytes).
 */
@Immutable
public final class Identifier implements Comparable<Identifier> {

  private final Scalar value;

  private Identifier(Scalar value) {
    if (value.isZero()) {
      throw new MalformedInputException("an identifier must not be zero");
    }
    this.value = value;
  }

  /**
   * The identifier with a small positive value.
   *
   * @throws MalformedInputException if {@code value} is not positive
   */
  public static Identifier of(long value) {
    if (value <= 0) {
      throw new MalformedInputException("an identifier must be positive, not " + value);
    }
    return new Identifier(Scalar.fromLong(value));
  }

  /**
   * SerializeScalar form: 32 little-endian bytes of a canonical, non-zero scalar.
   *
   * @throws MalformedInputException if the bytes are not such a scalar
   */
  public static Identifier fromBytes(byte[] bytes) {
    try {
      return new Identifier(Scalar.decodeCanonical(bytes));
    } catch (IllegalArgumentException e) {
      throw new MalformedInputException("bad identifier: " + e.getMessage(), e);
    }
  }

  static Identifier of(Scalar value) {
    return new Identifier(value);
  }

  Scalar scalar() {
    return value;
  }

  public byte[] toBytes() {
    return value.toBytes();
  }

  /** The value, if it fits a long (identifiers 1..n always do); otherwise -1. */
  public long toLong() {
    BigInteger big = toBigInteger();
    return big.bitLength() < 63 ? big.longValue() : -1;
  }

  private BigInteger toBigInteger() {
    byte[] le = value.toBytes();
    byte[] be = new byte[le.length];
    for (int i = 0; i < le.length; i++) {
      be[i] = le[le.length - 1 - i];
    }
    return new BigInteger(1, be);
  }

  @Override
  public int compareTo(Identifier other) {
    return value.compareVartime(other.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Identifier that && value.equals(that.value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(value.toBytes());
  }

  /** Decimal for ordinary identifiers, hex of the scalar encoding for huge derived ones. */
  @Override
  public String toString() {
    long small = toLong();
    return small > 0 ? Long.toString(small) : HexFormat.of().formatHex(value.toBytes());
  }
}
