package org.pinring.threshold;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The public record of one signing session: the group key, the signing package (message and
 * commitment list), every signature share and the resulting signature. Enough for anyone holding
 * the public key package to re-check the session and, if it failed, to see who cheated.
 */
public record SigningTranscript(
    GroupElement groupKey,
    SigningPackage signingPackage,
    SortedMap<Identifier, SignatureShare> shares,
    Signature signature) {

  public SigningTranscript {
    Objects.requireNonNull(groupKey, "groupKey");
    Objects.requireNonNull(signingPackage, "signingPackage");
    Objects.requireNonNull(signature, "signature");
    shares = new TreeMap<>(shares);
  }

  /**
   * Re-checks the session against the public key package: same group key, every share valid, the
   * signature valid.
   *
   * @throws CheaterDetectedException naming the signers whose shares are invalid
   * @throws ProtocolViolationException if the transcript does not belong to this key
   */
  public void check(PublicKeyPackage publicKeys) {
    if (!publicKeys.groupKey().equals(groupKey)) {
      throw new ProtocolViolationException("the transcript is for another group key");
    }
    Signature expected = Frost.aggregate(signingPackage, shares, publicKeys);
    if (!expected.equals(signature)) {
      throw new ProtocolViolationException(
          "the recorded signature is not the aggregate of the shares");
    }
  }

  /** The shares as a plain map (for {@link Frost#aggregate}). */
  public Map<Identifier, SignatureShare> shareMap() {
    return shares;
  }
}
