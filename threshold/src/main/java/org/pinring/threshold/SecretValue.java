package org.pinring.threshold;

import java.util.Objects;
import org.pinring.threshold.internal.Scalar;

/**
 * A secret scalar sent from one participant to another over a confidential, authenticated channel:
 * a DKG share f_j(i), a refresh share, a repair delta or sigma. Never printed.
 */
public final class SecretValue {

  private final Scalar value;

  SecretValue(Scalar value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  /**
   * Decodes a received value.
   *
   * @throws MalformedInputException if the bytes are not a canonical scalar
   */
  public static SecretValue fromBytes(byte[] bytes) {
    try {
      return new SecretValue(Scalar.decodeCanonical(bytes));
    } catch (IllegalArgumentException e) {
      throw new MalformedInputException("bad secret value: " + e.getMessage(), e);
    }
  }

  Scalar scalar() {
    return value;
  }

  /** SerializeScalar of the value. Secret. */
  public byte[] toBytes() {
    return value.toBytes();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretValue that && value.equals(that.value);
  }

  @Override
  public int hashCode() {
    return SecretValue.class.hashCode();
  }

  @Override
  public String toString() {
    return "SecretValue(redacted)";
  }
}
