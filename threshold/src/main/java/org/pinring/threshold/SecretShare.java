package org.pinring.threshold;

import java.util.Objects;
import org.pinring.threshold.internal.Scalar;

/**
 * What a trusted dealer sends one participant: its identifier, its share f(i) and the VSS
 * commitment. {@link #verify} performs vss_verify (RFC 9591 appendix C.2) and yields the key
 * package. Secret.
 */
public final class SecretShare {

  private final Identifier identifier;
  private final Scalar share;
  private final VssCommitment commitment;

  SecretShare(Identifier identifier, Scalar share, VssCommitment commitment) {
    this.identifier = Objects.requireNonNull(identifier, "identifier");
    this.share = Objects.requireNonNull(share, "share");
    this.commitment = Objects.requireNonNull(commitment, "commitment");
  }

  /**
   * A received share.
   *
   * @throws MalformedInputException if the share is not a canonical scalar
   */
  public static SecretShare fromParts(
      Identifier identifier, byte[] share, VssCommitment commitment) {
    try {
      return new SecretShare(identifier, Scalar.decodeCanonical(share), commitment);
    } catch (IllegalArgumentException e) {
      throw new MalformedInputException("bad secret share: " + e.getMessage(), e);
    }
  }

  public Identifier identifier() {
    return identifier;
  }

  Scalar share() {
    return share;
  }

  /** SerializeScalar(f(i)). Secret. */
  public byte[] shareBytes() {
    return share.toBytes();
  }

  public VssCommitment commitment() {
    return commitment;
  }

  /**
   * vss_verify, then the key package. The caller must also make sure every participant received the
   * same commitment (RFC 9591 appendix C: compare it over the broadcast channel).
   *
   * @throws ProtocolViolationException if the share does not match the commitment (the dealer
   *     cheated or the share was corrupted): abort and investigate out of band
   */
  public KeyPackage verify() {
    if (!commitment.verify(identifier, share)) {
      throw new ProtocolViolationException(
          "the share for " + identifier + " does not match the dealer's commitment");
    }
    return new KeyPackage(identifier, share, commitment.groupKey(), commitment.size());
  }

  @Override
  public String toString() {
    return "SecretShare(" + identifier + ", redacted)";
  }
}
