package org.pinring.threshold;

import java.util.HexFormat;
import java.util.Objects;
import org.pinring.threshold.internal.Scalar;

/** A signer's round-two output z_i (RFC 9591 section 5.2). Public once released. */
public final class SignatureShare {

  private final Identifier identifier;
  private final Scalar share;

  SignatureShare(Identifier identifier, Scalar share) {
    this.identifier = Objects.requireNonNull(identifier, "identifier");
    this.share = Objects.requireNonNull(share, "share");
  }

  /**
   * DeserializeScalar of a received share.
   *
   * @throws MalformedInputException if the bytes are not a canonical scalar
   */
  public static SignatureShare fromBytes(Identifier identifier, byte[] share) {
    try {
      return new SignatureShare(identifier, Scalar.decodeCanonical(share));
    } catch (IllegalArgumentException e) {
      throw new MalformedInputException("bad signature share: " + e.getMessage(), e);
    }
  }

  public Identifier identifier() {
    return identifier;
  }

  Scalar share() {
    return share;
  }

  /** SerializeScalar(z_i). */
  public byte[] shareBytes() {
    return share.toBytes();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignatureShare that
        && identifier.equals(that.identifier)
        && share.equals(that.share);
  }

  @Override
  public int hashCode() {
    return identifier.hashCode();
  }

  @Override
  public String toString() {
    return "SignatureShare(" + identifier + ", " + HexFormat.of().formatHex(shareBytes()) + ")";
  }
}
