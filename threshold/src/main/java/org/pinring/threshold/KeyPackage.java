package org.pinring.threshold;

import java.util.Objects;
import org.pinring.threshold.internal.EdwardsPoint;
import org.pinring.threshold.internal.Scalar;

/**
 * Everything one participant needs to sign: its identifier, its secret signing share sk_i, its
 * verifying share PK_i = [sk_i]B, the group public key and the threshold. Trusted-dealer key
 * generation, the DKG, refresh and repair all produce this same type. Secret.
 */
public final class KeyPackage {

  private final Identifier identifier;
  private final Scalar signingShare;
  private final GroupElement verifyingShare;
  private final GroupElement groupKey;
  private final int minSigners;

  /**
   * @throws ProtocolViolationException if the verifying share is not [signingShare]B or the
   *     threshold is below 2
   */
  KeyPackage(Identifier identifier, Scalar signingShare, GroupElement groupKey, int minSigners) {
    this.identifier = Objects.requireNonNull(identifier, "identifier");
    this.signingShare = Objects.requireNonNull(signingShare, "signingShare");
    this.groupKey = Objects.requireNonNull(groupKey, "groupKey");
    if (minSigners < 2 || minSigners > Limits.MAX_PARTICIPANTS) {
      throw new ProtocolViolationException("bad threshold " + minSigners);
    }
    this.minSigners = minSigners;
    this.verifyingShare = GroupElement.of(EdwardsPoint.mulBase(signingShare));
  }

  /**
   * Rebuilds a key package from its stored parts.
   *
   * @throws MalformedInputException if the share is not a canonical scalar
   * @throws ProtocolViolationException if the stored verifying share does not match the share
   */
  public static KeyPackage fromParts(
      Identifier identifier,
      byte[] signingShare,
      GroupElement verifyingShare,
      GroupElement groupKey,
      int minSigners) {
    Scalar share;
    try {
      share = Scalar.decodeCanonical(signingShare);
    } catch (IllegalArgumentException e) {
      throw new MalformedInputException("bad signing share: " + e.getMessage(), e);
    }
    KeyPackage key = new KeyPackage(identifier, share, groupKey, minSigners);
    if (!key.verifyingShare.equals(verifyingShare)) {
      throw new ProtocolViolationException("the verifying share does not match the signing share");
    }
    return key;
  }

  public Identifier identifier() {
    return identifier;
  }

  Scalar signingShare() {
    return signingShare;
  }

  /** SerializeScalar(sk_i), for encrypted storage only. Secret. */
  public byte[] signingShareBytes() {
    return signingShare.toBytes();
  }

  public GroupElement verifyingShare() {
    return verifyingShare;
  }

  public GroupElement groupKey() {
    return groupKey;
  }

  public int minSigners() {
    return minSigners;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyPackage that
        && identifier.equals(that.identifier)
        && signingShare.equals(that.signingShare)
        && groupKey.equals(that.groupKey)
        && minSigners == that.minSigners;
  }

  @Override
  public int hashCode() {
    return Objects.hash(identifier, groupKey, minSigners);
  }

  @Override
  public String toString() {
    return "KeyPackage(" + identifier + ", group " + groupKey + ", t=" + minSigners + ")";
  }
}
