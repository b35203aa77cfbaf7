package org.pinring.libp2p.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A secp256k1 public key in the Bitcoin encoding (33-byte compressed or 65-byte uncompressed
 * point). Signatures are ECDSA over SHA-256 in DER form (peer-ids spec, "Secp256k1").
 */
public final class Secp256k1PublicKey implements PublicKey {

  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
  private static final ECDomainParameters DOMAIN =
      new ECDomainParameters(CURVE.getCurve(), CURVE.getG(), CURVE.getN(), CURVE.getH());

  private final byte[] encoded;
  private final ECPublicKeyParameters parameters;

  private Secp256k1PublicKey(byte[] encoded, ECPoint point) {
    this.encoded = encoded;
    this.parameters = new ECPublicKeyParameters(point, DOMAIN);
  }

  /**
   * The key with this point encoding.
   *
   * @throws InvalidKeyException if the bytes are not a valid point on secp256k1
   */
  public static Secp256k1PublicKey of(byte[] encoded) {
    if (encoded.length != 33 && encoded.length != 65) {
      throw new InvalidKeyException(
          "a secp256k1 public key has 33 or 65 bytes, not " + encoded.length);
    }
    try {
      ECPoint point = CURVE.getCurve().decodePoint(encoded).normalize();
      if (point.isInfinity() || !point.isValid()) {
        throw new InvalidKeyException("the bytes are not a valid secp256k1 point");
      }
      return new Secp256k1PublicKey(encoded.clone(), point);
    } catch (IllegalArgumentException e) {
      throw new InvalidKeyException("the bytes are not a valid secp256k1 point", e);
    }
  }

  @Override
  public KeyType type() {
    return KeyType.SECP256K1;
  }

  @Override
  public byte[] raw() {
    return encoded.clone();
  }

  @Override
  public boolean verify(byte[] data, byte[] signature) {
    BigInteger[] rs = DerSignature.decode(signature);
    if (rs == null) {
      return false;
    }
    ECDSASigner signer = new ECDSASigner();
    signer.init(false, parameters);
    return signer.verifySignature(Sha256.digest(data), rs[0], rs[1]);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secp256k1PublicKey that && Arrays.equals(encoded, that.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "Secp256k1PublicKey(" + HexFormat.of().formatHex(encoded) + ")";
  }
}
