package org.pinring.libp2p.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * An RSA public key in DER-encoded PKIX form; signatures are RSASSA-PKCS1-v1_5 over SHA-256
 * (peer-ids spec, "RSA"). Moduli outside {@link #MIN_BITS}..{@link #MAX_BITS} are rejected, as
 * go-libp2p does, so a peer cannot make verification arbitrarily slow.
 */
public final class RsaPublicKey implements PublicKey {

  /** Smallest accepted modulus. */
  public static final int MIN_BITS = 2048;

  /** Largest accepted modulus. */
  public static final int MAX_BITS = 8192;

  private final byte[] encoded;
  private final RSAPublicKey key;

  private RsaPublicKey(byte[] encoded, RSAPublicKey key) {
    this.encoded = encoded;
    this.key = key;
  }

  /**
   * The key with this PKIX encoding.
   *
   * @throws InvalidKeyException if the bytes are not an RSA key of an accepted size
   */
  public static RsaPublicKey of(byte[] pkix) {
    RSAPublicKey rsa;
    try {
      java.security.PublicKey decoded =
          KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(pkix));
      if (!(decoded instanceof RSAPublicKey r)) {
        throw new InvalidKeyException("not an RSA public key");
      }
      rsa = r;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new InvalidKeyException("not a DER-encoded RSA public key: " + e.getMessage(), e);
    }
    int bits = rsa.getModulus().bitLength();
    if (bits < MIN_BITS || bits > MAX_BITS) {
      throw new InvalidKeyException(
          "RSA key of " + bits + " bits is outside " + MIN_BITS + ".." + MAX_BITS);
    }
    return new RsaPublicKey(pkix.clone(), rsa);
  }

  @Override
  public KeyType type() {
    return KeyType.RSA;
  }

  @Override
  public byte[] raw() {
    return encoded.clone();
  }

  @Override
  public boolean verify(byte[] data, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance("SHA256withRSA");
      verifier.initVerify(key);
      verifier.update(data);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RsaPublicKey that && Arrays.equals(encoded, that.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "RsaPublicKey(" + key.getModulus().bitLength() + " bits)";
  }
}
