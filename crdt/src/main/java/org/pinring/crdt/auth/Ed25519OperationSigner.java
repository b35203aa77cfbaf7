package org.pinring.crdt.auth;

import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.pinring.crdt.Operation;
import org.pinring.crdt.SignedOperation;

/**
 * Signs operations with one Ed25519 key: for single-key rings, development and tests. (Rings with
 * several curators sign with FROST in the threshold module; the result verifies the same way.)
 * Ed25519 signing is deterministic, so equal operations get equal signatures.
 */
public final class Ed25519OperationSigner {

  private final Ed25519PrivateKeyParameters key;

  /**
   * @param seed the 32-byte Ed25519 private key seed
   */
  public Ed25519OperationSigner(byte[] seed) {
    Objects.requireNonNull(seed, "seed");
    if (seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
      throw new IllegalArgumentException("an Ed25519 seed has 32 bytes");
    }
    this.key = new Ed25519PrivateKeyParameters(seed, 0);
  }

  /** The 32-byte public key, for {@link Ed25519Authorizer}. */
  public byte[] publicKey() {
    return key.generatePublicKey().getEncoded();
  }

  public SignedOperation sign(Operation operation) {
    byte[] message = SignedOperation.signingInput(operation);
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, key);
    signer.update(message, 0, message.length);
    return SignedOperation.of(operation, signer.generateSignature());
  }
}
