package org.pinring.libp2p.crypto;

import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** An Ed25519 public key (RFC 8032), 32 bytes. */
public final class Ed25519PublicKey implements PublicKey {

  /** The encoded key length. */
  public static final int BYTES = 32;

  private final byte[] key;

  /** The decoded, validated point: verifying with it skips decoding and re-validating the key. */
  private final Ed25519.PublicPoint point;

  private Ed25519PublicKey(byte[] key, Ed25519.PublicPoint point) {
    this.key = key;
    this.point = point;
  }

  /**
   * The key with this 32-byte encoding.
   *
   * @throws InvalidKeyException if the length is wrong or the bytes are not a curve point
   */
  public static Ed25519PublicKey of(byte[] key) {
    if (key.length != BYTES) {
      throw new InvalidKeyException(
          "an Ed25519 public key has " + BYTES + " bytes, not " + key.length);
    }
    Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(key, 0);
    if (point == null) {
      throw new InvalidKeyException("the bytes are not a valid Ed25519 public key");
    }
    return new Ed25519PublicKey(key.clone(), point);
  }

  @Override
  public KeyType type() {
    return KeyType.ED25519;
  }

  @Override
  public byte[] raw() {
    return key.clone();
  }

  @Override
  public boolean verify(byte[] data, byte[] signature) {
    if (signature.length != Ed25519.SIGNATURE_SIZE) {
      return false;
    }
    return Ed25519.verify(signature, 0, point, data, 0, data.length);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Ed25519PublicKey that && Arrays.equals(key, that.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "Ed25519PublicKey(" + HexFormat.of().formatHex(key) + ")";
  }
}
