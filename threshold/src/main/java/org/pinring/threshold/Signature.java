package org.pinring.threshold;

import java.util.Arrays;
import java.util.HexFormat;
import org.pinring.threshold.internal.Scalar;

/**
 * A Schnorr signature (R, z) in its 64-byte RFC 8032 encoding R || z (RFC 9591 appendix A): a
 * standard Ed25519 signature. R is kept as received; it is decoded (RFC 8032 rules) when verified.
 */
public final class Signature {

  public static final int BYTES = 64;

  private final byte[] encoded;

  private Signature(byte[] encoded) {
    this.encoded = encoded;
  }

  /**
   * Parses a 64-byte signature; z must be a canonical scalar (RFC 8032 section 5.1.7 rejects S >=
   * L).
   *
   * @throws MalformedInputException on a wrong length or a non-canonical z
   */
  public static Signature fromBytes(byte[] bytes) {
    if (bytes.length != BYTES) {
      throw new MalformedInputException("an Ed25519 signature is 64 bytes, not " + bytes.length);
    }
    try {
      Scalar.decodeCanonical(Arrays.copyOfRange(bytes, 32, 64));
    } catch (IllegalArgumentException e) {
      throw new MalformedInputException("signature scalar is not canonical (S >= L)", e);
    }
    return new Signature(bytes.clone());
  }

  static Signature of(GroupElement r, Scalar z) {
    byte[] out = new byte[BYTES];
    System.arraycopy(r.encodedView(), 0, out, 0, 32);
    System.arraycopy(z.toBytes(), 0, out, 32, 32);
    return new Signature(out);
  }

  byte[] rBytes() {
    return Arrays.copyOfRange(encoded, 0, 32);
  }

  Scalar z() {
    return Scalar.decodeCanonical(Arrays.copyOfRange(encoded, 32, 64));
  }

  public byte[] toBytes() {
    return encoded.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Signature that && Arrays.equals(encoded, that.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(encoded);
  }
}
