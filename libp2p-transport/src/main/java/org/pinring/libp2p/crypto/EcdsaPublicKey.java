package org.pinring.libp2p.crypto;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * An ECDSA public key (NIST curves, typically P-256). Signatures are ECDSA over SHA-256 in DER form
 * (peer-ids spec, "ECDSA"), verified with the JDK's provider.
 *
 * <p>Signatures are accepted in DER form (go-libp2p, the spec) and in the r || s form js-libp2p's
 * WebCrypto writes.
 *
 * <p>The spec says only "ASN.1 DER", and the two main implementations differ: go-libp2p writes a
 * PKIX {@code SubjectPublicKeyInfo}, js-libp2p writes {@code SEQUENCE { INTEGER 1, [0] curve OID,
 * [1] BIT STRING point }}. Both are accepted, and a key keeps the bytes it arrived in, since peer
 * IDs hash those exact bytes.
 */
public final class EcdsaPublicKey implements PublicKey {

  private final byte[] encoded;
  private final ECPublicKey key;

  private EcdsaPublicKey(byte[] encoded, ECPublicKey key) {
    this.encoded = encoded;
    this.key = key;
  }

  /**
   * The key with this PKIX (SubjectPublicKeyInfo) encoding.
   *
   * @throws InvalidKeyException if the bytes are not an EC public key
   */
  public static EcdsaPublicKey of(byte[] encoded) {
    byte[] pkix = toPkix(encoded);
    try {
      java.security.PublicKey decoded =
          KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(pkix));
      if (!(decoded instanceof ECPublicKey ec)) {
        throw new InvalidKeyException("not an EC public key");
      }
      return new EcdsaPublicKey(encoded.clone(), ec);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new InvalidKeyException("not a DER-encoded EC public key: " + e.getMessage(), e);
    }
  }

  /** The PKIX form of either accepted encoding; DER only (re-encoding must give the input). */
  private static byte[] toPkix(byte[] encoded) {
    try {
      ASN1Sequence sequence = ASN1Sequence.getInstance(encoded);
      if (!Arrays.equals(sequence.getEncoded("DER"), encoded)) {
        throw new InvalidKeyException("EC public key is not in DER form");
      }
      if (sequence.size() == 2) {
        return encoded; // SubjectPublicKeyInfo: the JDK validates the rest
      }
      if (sequence.size() == 3
          && sequence.getObjectAt(0) instanceof ASN1Integer version
          && version.hasValue(1)
          && sequence.getObjectAt(1) instanceof ASN1TaggedObject curveTag
          && curveTag.getTagNo() == 0
          && sequence.getObjectAt(2) instanceof ASN1TaggedObject pointTag
          && pointTag.getTagNo() == 1) {
        ASN1ObjectIdentifier curve = ASN1ObjectIdentifier.getInstance(curveTag, true);
        ASN1BitString point = ASN1BitString.getInstance(pointTag, true);
        return new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve),
                point.getOctets())
            .getEncoded("DER");
      }
      throw new InvalidKeyException("unrecognised EC public key structure");
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      throw new InvalidKeyException("not a DER-encoded EC public key: " + e.getMessage(), e);
    }
  }

  @Override
  public KeyType type() {
    return KeyType.ECDSA;
  }

  @Override
  public byte[] raw() {
    return encoded.clone();
  }

  @Override
  public boolean verify(byte[] data, byte[] signature) {
    String algorithm;
    if (DerSignature.decode(signature) != null) {
      algorithm = "SHA256withECDSA";
    } else if (signature.length == 2 * coordinateBytes()) {
      // js-libp2p signs with WebCrypto, which writes r || s (IEEE P1363) instead of DER.
      algorithm = "SHA256withECDSAinP1363Format";
    } else {
      return false;
    }
    try {
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(key);
      verifier.update(data);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private int coordinateBytes() {
    return (key.getParams().getCurve().getField().getFieldSize() + 7) / 8;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EcdsaPublicKey that && Arrays.equals(encoded, that.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "EcdsaPublicKey(" + HexFormat.of().formatHex(encoded) + ")";
  }
}
