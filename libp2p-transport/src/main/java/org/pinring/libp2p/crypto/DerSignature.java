package org.pinring.libp2p.crypto;

import java.io.IOException;
import java.math.BigInteger;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

/** The DER {@code SEQUENCE { r INTEGER, s INTEGER }} form of an ECDSA signature. */
final class DerSignature {

  /** Bound on a DER ECDSA signature (P-521 needs 139 bytes). */
  static final int MAX_BYTES = 160;

  private DerSignature() {}

  /**
   * The (r, s) pair, or null if {@code der} is not a canonical DER signature with positive parts.
   */
  static BigInteger[] decode(byte[] der) {
    if (der.length == 0 || der.length > MAX_BYTES) {
      return null;
    }
    try {
      ASN1Primitive primitive = ASN1Primitive.fromByteArray(der);
      if (!(primitive instanceof ASN1Sequence sequence) || sequence.size() != 2) {
        return null;
      }
      if (!(sequence.getObjectAt(0) instanceof ASN1Integer r)
          || !(sequence.getObjectAt(1) instanceof ASN1Integer s)) {
        return null;
      }
      // Reject BER variants: the signature must re-encode to exactly the same bytes.
      if (!java.util.Arrays.equals(sequence.getEncoded("DER"), der)) {
        return null;
      }
      BigInteger rValue = r.getValue();
      BigInteger sValue = s.getValue();
      if (rValue.signum() <= 0 || sValue.signum() <= 0) {
        return null;
      }
      return new BigInteger[] {rValue, sValue};
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }
}
