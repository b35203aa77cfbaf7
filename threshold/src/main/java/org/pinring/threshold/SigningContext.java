package org.pinring.threshold;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pinring.threshold.internal.EdwardsPoint;
import org.pinring.threshold.internal.Hashes;
import org.pinring.threshold.internal.Scalar;

/**
 * The values every party derives from a signing package: binding factors (RFC 9591 section 4.4),
 * the group commitment (4.5), the challenge (4.6) and the signers' Lagrange coefficients (4.2).
 * Signers, the coordinator and the share verifier share this one computation.
 */
final class SigningContext {

  private final GroupElement groupKey;
  private final SigningPackage signingPackage;
  private final byte[] bindingPrefix;
  private final Map<Identifier, Scalar> bindingFactors = new HashMap<>();
  private final GroupElement groupCommitment;
  private final Scalar challenge;
  private final List<Identifier> signers;

  SigningContext(GroupElement groupKey, SigningPackage signingPackage) {
    this.groupKey = groupKey;
    this.signingPackage = signingPackage;
    this.signers = signingPackage.signers();
    List<SigningCommitment> commitments = signingPackage.commitments();

    byte[] encodedList = new byte[96 * commitments.size()];
    for (int i = 0; i < commitments.size(); i++) {
      System.arraycopy(commitments.get(i).encode(), 0, encodedList, 96 * i, 96);
    }
    // rho_input_prefix = SerializeElement(PK) || H4(msg) || H5(encode_group_commitment_list).
    bindingPrefix = new byte[32 + 64 + 64];
    System.arraycopy(groupKey.encodedView(), 0, bindingPrefix, 0, 32);
    System.arraycopy(Hashes.h4(signingPackage.messageView()), 0, bindingPrefix, 32, 64);
    System.arraycopy(Hashes.h5(encodedList), 0, bindingPrefix, 96, 64);

    Scalar[] factors = new Scalar[commitments.size()];
    EdwardsPoint[] bindingCommitments = new EdwardsPoint[commitments.size()];
    EdwardsPoint hidingSum = EdwardsPoint.IDENTITY;
    for (int i = 0; i < commitments.size(); i++) {
      SigningCommitment c = commitments.get(i);
      Scalar rho = Hashes.h1(bindingFactorInput(c.identifier()));
      bindingFactors.put(c.identifier(), rho);
      factors[i] = rho;
      bindingCommitments[i] = c.binding().point();
      hidingSum = hidingSum.add(c.hiding().point());
    }
    // R = sum(D_i) + sum([rho_i]E_i); binding factors are public, so one variable-time
    // multi-scalar multiplication serves all signers.
    EdwardsPoint r =
        hidingSum.add(EdwardsPoint.multiScalarMulVartime(null, factors, bindingCommitments));
    // R depends only on the public commitments and binding factors: variable-time encoding.
    groupCommitment = GroupElement.ofPublic(r);
    challenge =
        Hashes.h2(
            groupCommitment.encodedView(), groupKey.encodedView(), signingPackage.messageView());
  }

  /** The exact bytes H1 hashes for {@code id}: prefix || SerializeScalar(id). */
  byte[] bindingFactorInput(Identifier id) {
    byte[] input = new byte[bindingPrefix.length + 32];
    System.arraycopy(bindingPrefix, 0, input, 0, bindingPrefix.length);
    System.arraycopy(id.toBytes(), 0, input, bindingPrefix.length, 32);
    return input;
  }

  /**
   * binding_factor_for_participant.
   *
   * @throws ProtocolViolationException if {@code id} is not a signer
   */
  Scalar bindingFactor(Identifier id) {
    Scalar rho = bindingFactors.get(id);
    if (rho == null) {
      throw new ProtocolViolationException("participant " + id + " is not in the signing package");
    }
    return rho;
  }

  GroupElement groupCommitment() {
    return groupCommitment;
  }

  Scalar challenge() {
    return challenge;
  }

  Scalar lambda(Identifier id) {
    return Polynomials.lagrangeAtZero(signers, id);
  }

  List<Identifier> signers() {
    return new ArrayList<>(signers);
  }

  GroupElement groupKey() {
    return groupKey;
  }

  SigningPackage signingPackage() {
    return signingPackage;
  }

  /**
   * verify_signature_share (RFC 9591 section 5.3): [z_i]B == D_i + [rho_i]E_i + [c * lambda_i]PK_i.
   */
  boolean verifyShare(SignatureShare share, GroupElement verifyingShare) {
    SigningCommitment c = signingPackage.commitmentOf(share.identifier());
    if (c == null) {
      throw new ProtocolViolationException(
          "participant " + share.identifier() + " is not in the signing package");
    }
    Scalar rho = bindingFactor(share.identifier());
    Scalar weight = challenge.multiply(lambda(share.identifier()));
    // [z]B - [rho]E - [c*lambda]PK_i must equal D_i.
    EdwardsPoint lhs =
        EdwardsPoint.multiScalarMulVartime(
            share.share(),
            new Scalar[] {rho.negate(), weight.negate()},
            new EdwardsPoint[] {c.binding().point(), verifyingShare.point()});
    return lhs.equals(c.hiding().point());
  }
}
