package org.pinring.libp2p.crypto;

import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.pinring.runtime.SecureRandomSource;

/**
 * An Ed25519 private key (RFC 8032), signing with Bouncy Castle. Its {@code Data} encoding is the
 * 32-byte seed followed by the 32-byte public key (peer-ids spec, "Ed25519").
 */
public final class Ed25519PrivateKey implements PrivateKey {

  /** Seed length. */
  public static final int SEED_BYTES = 32;

  private final byte[] seed;
  private final Ed25519PublicKey publicKey;

  private Ed25519PrivateKey(byte[] seed) {
    this.seed = seed;
    byte[] pub = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, pub, 0);
    this.publicKey = Ed25519PublicKey.of(pub);
  }

  /** A new key from strong randomness. */
  public static Ed25519PrivateKey generate(SecureRandomSource random) {
    byte[] seed = new byte[SEED_BYTES];
    random.nextBytes(seed);
    return new Ed25519PrivateKey(seed);
  }

  /** The key with this 32-byte seed (RFC 8032 private key). */
  public static Ed25519PrivateKey fromSeed(byte[] seed) {
    if (seed.length != SEED_BYTES) {
      throw new InvalidKeyException(
          "an Ed25519 seed has " + SEED_BYTES + " bytes, not " + seed.length);
    }
    return new Ed25519PrivateKey(seed.clone());
  }

  /**
   * The key from its {@code Data} field: seed plus public key (64 bytes), or the legacy form with
   * the public key twice (96 bytes), whose copies must agree. The public key must match the seed.
   */
  static Ed25519PrivateKey fromRaw(byte[] raw) {
    if (raw.length != 64 && raw.length != 96) {
      throw new InvalidKeyException(
          "an Ed25519 private key has 64 (or legacy 96) bytes, not " + raw.length);
    }
    if (raw.length == 96 && !Arrays.equals(raw, 32, 64, raw, 64, 96)) {
      throw new InvalidKeyException("legacy Ed25519 private key holds two different public keys");
    }
    Ed25519PrivateKey key = new Ed25519PrivateKey(Arrays.copyOfRange(raw, 0, SEED_BYTES));
    if (!Arrays.equals(key.publicKey.raw(), Arrays.copyOfRange(raw, 32, 64))) {
      throw new InvalidKeyException("Ed25519 private key does not match its public key");
    }
    return key;
  }

  @Override
  public KeyType type() {
    return KeyType.ED25519;
  }

  @Override
  public Ed25519PublicKey publicKey() {
    return publicKey;
  }

  @Override
  public byte[] sign(byte[] data) {
    byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, data, 0, data.length, signature, 0);
    return signature;
  }

  @Override
  public byte[] raw() {
    byte[] raw = Arrays.copyOf(seed, 64);
    System.arraycopy(publicKey.raw(), 0, raw, 32, 32);
    return raw;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Ed25519PrivateKey that && Arrays.equals(seed, that.seed);
  }

  @Override
  public int hashCode() {
    return publicKey.hashCode();
  }

  /** Never prints secret material. */
  @Override
  public String toString() {
    return "Ed25519PrivateKey(public " + publicKey + ")";
  }
}
