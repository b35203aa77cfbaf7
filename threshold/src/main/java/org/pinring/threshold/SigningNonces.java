package org.pinring.threshold;

import java.util.Objects;
import org.pinring.threshold.internal.EdwardsPoint;
import org.pinring.threshold.internal.Scalar;

/**
 * A signer's secret nonce pair (d, e) from round one with its public commitment. Secret, and usable
 * for exactly one signature share: {@link NonceStore} implementations keep them, and {@link Signer}
 * takes them out of the store (durably) before it computes a share.
 */
public final class SigningNonces {

  private final Scalar hiding;
  private final Scalar binding;
  private final SigningCommitment commitment;

  SigningNonces(Identifier identifier, Scalar hiding, Scalar binding) {
    this.hiding = Objects.requireNonNull(hiding, "hiding");
    this.binding = Objects.requireNonNull(binding, "binding");
    GroupElement[] commitments =
        GroupElement.ofAll(EdwardsPoint.mulBase(hiding), EdwardsPoint.mulBase(binding));
    this.commitment = new SigningCommitment(identifier, commitments[0], commitments[1]);
  }

  /**
   * Rebuilds nonces from their stored form, checking that they still match their commitment.
   *
   * @throws MalformedInputException if a scalar is not canonical or does not match the commitment
   */
  public static SigningNonces fromStored(
      SigningCommitment commitment, byte[] hidingNonce, byte[] bindingNonce) {
    Scalar d;
    Scalar e;
    try {
      d = Scalar.decodeCanonical(hidingNonce);
      e = Scalar.decodeCanonical(bindingNonce);
    } catch (IllegalArgumentException ex) {
      throw new MalformedInputException("bad stored nonce: " + ex.getMessage(), ex);
    }
    SigningNonces nonces = new SigningNonces(commitment.identifier(), d, e);
    if (!nonces.commitment.equals(commitment)) {
      throw new MalformedInputException("stored nonces do not match their commitment");
    }
    return nonces;
  }

  Scalar hiding() {
    return hiding;
  }

  Scalar binding() {
    return binding;
  }

  public SigningCommitment commitment() {
    return commitment;
  }

  /** The hiding nonce's 32-byte encoding, for a {@link NonceStore} to persist. Secret. */
  public byte[] hidingNonceBytes() {
    return hiding.toBytes();
  }

  /** The binding nonce's 32-byte encoding, for a {@link NonceStore} to persist. Secret. */
  public byte[] bindingNonceBytes() {
    return binding.toBytes();
  }

  @Override
  public String toString() {
    return "SigningNonces(" + commitment.identifier() + ", redacted)";
  }
}
