package org.pinring.threshold;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.pinring.runtime.SecureRandomSource;
import org.pinring.threshold.internal.EdwardsPoint;
import org.pinring.threshold.internal.Hashes;
import org.pinring.threshold.internal.Scalar;

/**
 * FROST(Ed25519, SHA-512) signing, RFC 9591 section 5: round one ({@code commit}), round two
 * ({@code sign}), share verification, aggregation with cheater identification, and verification of
 * the result with the cofactored equation the ciphersuite requires (section 6.1).
 *
 * <p>Round one and two are package-private: applications sign through {@link Signer}, which keeps
 * nonces in a {@link NonceStore} so that each nonce pair is used at most once. All methods are
 * stateless and thread-safe.
 */
public final class Frost {

  private Frost() {}

  /**
   * nonce_generate (RFC 9591 section 4.1): H3(32 fresh random bytes || SerializeScalar(sk_i)).
   * Mixing in the secret share hedges against a weak random source.
   */
  static Scalar generateNonce(Scalar secret, byte[] randomBytes) {
    if (randomBytes.length != 32) {
      throw new IllegalArgumentException("nonce randomness is 32 bytes");
    }
    return Hashes.h3(randomBytes, secret.toBytes());
  }

  /** Round one, commit (RFC 9591 section 5.1), with fresh randomness from {@code random}. */
  static SigningNonces commit(KeyPackage key, SecureRandomSource random) {
    byte[] hidingRandomness = new byte[32];
    byte[] bindingRandomness = new byte[32];
    random.nextBytes(hidingRandomness);
    random.nextBytes(bindingRandomness);
    return commit(key, hidingRandomness, bindingRandomness);
  }

  /** Round one with the given randomness: deterministic, for test vectors and transcripts. */
  static SigningNonces commit(KeyPackage key, byte[] hidingRandomness, byte[] bindingRandomness) {
    Scalar d = generateNonce(key.signingShare(), hidingRandomness);
    Scalar e = generateNonce(key.signingShare(), bindingRandomness);
    return new SigningNonces(key.identifier(), d, e);
  }

  /**
   * Round two, sign (RFC 9591 section 5.2): z_i = d_i + e_i * rho_i + lambda_i * sk_i * c. The
   * caller must have taken {@code nonces} out of durable storage already.
   *
   * @throws ProtocolViolationException if this signer's exact commitment is not in the package, or
   *     the package has fewer signers than the threshold
   */
  static SignatureShare sign(SigningPackage signingPackage, SigningNonces nonces, KeyPackage key) {
    SigningCommitment own = signingPackage.commitmentOf(key.identifier());
    if (own == null) {
      throw new ProtocolViolationException(
          "the commitment list does not include signer " + key.identifier());
    }
    if (!own.equals(nonces.commitment())) {
      throw new ProtocolViolationException(
          "the commitment list carries a different commitment for signer " + key.identifier());
    }
    if (signingPackage.commitments().size() < key.minSigners()) {
      throw new ProtocolViolationException(
          "only "
              + signingPackage.commitments().size()
              + " signers, the threshold is "
              + key.minSigners());
    }
    SigningContext context = new SigningContext(key.groupKey(), signingPackage);
    return signShare(context, nonces, key);
  }

  static SignatureShare signShare(SigningContext context, SigningNonces nonces, KeyPackage key) {
    Scalar rho = context.bindingFactor(key.identifier());
    Scalar lambda = context.lambda(key.identifier());
    Scalar z =
        nonces
            .hiding()
            .add(nonces.binding().multiply(rho))
            .add(lambda.multiply(key.signingShare()).multiply(context.challenge()));
    return new SignatureShare(key.identifier(), z);
  }

  /**
   * verify_signature_share (RFC 9591 section 5.3).
   *
   * @throws ProtocolViolationException if the share's signer is not in the package or the key
   */
  public static boolean verifyShare(
      SigningPackage signingPackage, SignatureShare share, PublicKeyPackage publicKeys) {
    SigningContext context = new SigningContext(publicKeys.groupKey(), signingPackage);
    return context.verifyShare(share, publicKeys.verifyingShare(share.identifier()));
  }

  /**
   * aggregate (RFC 9591 section 5.3) followed by verification of the result. If the aggregate does
   * not verify, every share is checked individually and the signers with bad shares are named
   * (identifiable abort, section 5.4).
   *
   * @param shares exactly one share per signer in {@code signingPackage}
   * @throws ProtocolViolationException if shares are missing, extra, from non-members, or fewer
   *     than the threshold
   * @throws CheaterDetectedException naming every signer whose share fails verification
   */
  public static Signature aggregate(
      SigningPackage signingPackage,
      Map<Identifier, SignatureShare> shares,
      PublicKeyPackage publicKeys) {
    List<Identifier> signers = signingPackage.signers();
    if (!new TreeSet<>(shares.keySet()).equals(new TreeSet<>(signers))) {
      throw new ProtocolViolationException(
          "shares from " + new TreeSet<>(shares.keySet()) + " but the signers are " + signers);
    }
    if (signers.size() < publicKeys.minSigners()) {
      throw new ProtocolViolationException(
          "only " + signers.size() + " signers, the threshold is " + publicKeys.minSigners());
    }
    for (Identifier id : signers) {
      publicKeys.verifyingShare(id); // every signer must be a member
      if (!shares.get(id).identifier().equals(id)) {
        throw new ProtocolViolationException("share filed under " + id + " names another signer");
      }
    }
    SigningContext context = new SigningContext(publicKeys.groupKey(), signingPackage);
    Scalar z = Scalar.ZERO;
    for (Identifier id : signers) {
      z = z.add(shares.get(id).share());
    }
    Signature signature = Signature.of(context.groupCommitment(), z);
    if (verify(
        publicKeys.groupKey(),
        signingPackage.messageView(),
        signature,
        context.groupCommitment().point())) {
      return signature;
    }
    List<Identifier> culprits = new ArrayList<>();
    for (Identifier id : signers) {
      if (!context.verifyShare(shares.get(id), publicKeys.verifyingShare(id))) {
        culprits.add(id);
      }
    }
    if (culprits.isEmpty()) {
      throw new FrostException(
          "the aggregate signature is invalid although every share verifies:"
              + " the public key package does not match the signers' keys");
    }
    throw new CheaterDetectedException("invalid signature shares from", culprits);
  }

  /**
   * Ed25519 verification as RFC 9591 section 6.1 requires: RFC 8032 section 5.1.7 with the
   * cofactored equation [8][z]B = [8]R + [8][c]PK. R is decoded with RFC 8032's rules, so a
   * signature whose R has a small-order component is judged by the cofactored equation, which
   * ignores that component.
   */
  public static boolean verify(GroupElement groupKey, byte[] message, Signature signature) {
    Objects.requireNonNull(message, "message");
    EdwardsPoint r = EdwardsPoint.decodeOrNull(signature.rBytes());
    if (r == null) {
      return false;
    }
    return verify(groupKey, message, signature, r);
  }

  /** The cofactored check with R already decoded (the coordinator computed it itself). */
  private static boolean verify(
      GroupElement groupKey, byte[] message, Signature signature, EdwardsPoint r) {
    byte[] rBytes = signature.rBytes();
    Scalar c = Hashes.h2(rBytes, groupKey.encodedView(), message);
    EdwardsPoint check =
        EdwardsPoint.multiScalarMulVartime(
                signature.z(), new Scalar[] {c.negate()}, new EdwardsPoint[] {groupKey.point()})
            .subtract(r);
    return check.mulByCofactor().isIdentity();
  }
}
