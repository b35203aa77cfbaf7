package org.pinring.libp2p.internal.noise;

import java.util.Arrays;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.pinring.runtime.RandomSource;

/** An X25519 key pair (RFC 7748) for Noise, computed with Bouncy Castle. */
public final class X25519KeyPair {

  /** Key length. */
  public static final int BYTES = 32;

  private final byte[] privateKey;
  private final byte[] publicKey;

  private X25519KeyPair(byte[] privateKey) {
    this.privateKey = privateKey;
    this.publicKey = new byte[BYTES];
    X25519.scalarMultBase(privateKey, 0, publicKey, 0);
  }

  /**
   * A fresh key pair. The source must be cryptographically strong in production; tests and the
   * testbed pass a seeded one to make handshakes reproducible.
   */
  public static X25519KeyPair generate(RandomSource random) {
    byte[] key = new byte[BYTES];
    random.nextBytes(key);
    return new X25519KeyPair(key);
  }

  /** The key pair with this private key (clamped by X25519 itself). */
  public static X25519KeyPair fromPrivateKey(byte[] privateKey) {
    if (privateKey.length != BYTES) {
      throw new IllegalArgumentException("an X25519 private key has 32 bytes");
    }
    return new X25519KeyPair(privateKey.clone());
  }

  /** A copy of the public key. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /**
   * The Diffie-Hellman output with {@code remotePublicKey}.
   *
   * @throws NoiseException if the result is all zeros (a low-order remote key)
   */
  byte[] agree(byte[] remotePublicKey) throws NoiseException {
    byte[] shared = new byte[BYTES];
    if (!X25519.calculateAgreement(privateKey, 0, remotePublicKey, 0, shared, 0)) {
      throw new NoiseException("remote X25519 key is of low order");
    }
    return shared;
  }

  @Override
  public String toString() {
    return "X25519KeyPair(public " + Arrays.hashCode(publicKey) + ")";
  }
}
