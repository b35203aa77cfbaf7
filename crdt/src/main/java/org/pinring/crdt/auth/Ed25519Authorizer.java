package org.pinring.crdt.auth;

import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.pinring.crdt.Authorization;
import org.pinring.crdt.Authorizer;
import org.pinring.crdt.Carrier;
import org.pinring.crdt.RingId;
import org.pinring.crdt.SignedOperation;

/**
 * Accepts exactly the operations of one ring signed with one Ed25519 key over {@link
 * SignedOperation#signingInput()}: the check a node makes with the curators' group key (a FROST
 * group signature is an ordinary Ed25519 signature). Everything else is rejected for good.
 *
 * <p>Thread-safe. Bouncy Castle's Ed25519 is used (about 9x faster to verify than the JDK's here,
 * see FACTS); it rejects non-canonical signatures as RFC 8032 requires.
 */
public final class Ed25519Authorizer implements Authorizer {

  /** Length of an Ed25519 signature. */
  public static final int SIGNATURE_BYTES = 64;

  private final RingId ring;
  private final Ed25519PublicKeyParameters key;

  /**
   * @param groupKey the 32-byte Ed25519 public key whose signatures authorize operations
   * @throws IllegalArgumentException if the key is not 32 bytes
   */
  public Ed25519Authorizer(RingId ring, byte[] groupKey) {
    this.ring = Objects.requireNonNull(ring, "ring");
    if (groupKey.length != Ed25519PublicKeyParameters.KEY_SIZE) {
      throw new IllegalArgumentException("an Ed25519 public key has 32 bytes");
    }
    this.key = new Ed25519PublicKeyParameters(groupKey, 0);
  }

  @Override
  public Authorization authorize(SignedOperation operation, Carrier carrier) {
    if (!operation.operation().ring().equals(ring)) {
      return Authorization.reject("operation of ring " + operation.operation().ring());
    }
    byte[] signature = operation.signature();
    if (signature.length != SIGNATURE_BYTES) {
      return Authorization.reject("an Ed25519 signature has 64 bytes, not " + signature.length);
    }
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, key);
    byte[] message = operation.signingInput();
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature)
        ? Authorization.accept()
        : Authorization.reject("bad signature");
  }
}
