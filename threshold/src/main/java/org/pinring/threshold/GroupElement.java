package org.pinring.threshold;

import com.google.errorprone.annotations.Immutable;
import java.util.Arrays;
import java.util.HexFormat;
import org.pinring.threshold.internal.EdwardsPoint;

/**
 * An element of the prime-order subgroup of edwards25519 other than the identity: what RFC 9591
 * calls an Element after DeserializeElement (section 6.1). Group keys, verifying shares, nonce
 * commitments and VSS commitments are group elements. Public values.
 */
@Immutable
public final class GroupElement {

  /** Encoded size (RFC 9591: Ne = 32). */
  public static final int BYTES = 32;

  private final EdwardsPoint point;

  @SuppressWarnings("Immutable") // a private copy, never handed out
  private final byte[] encoded;

  private GroupElement(EdwardsPoint point, byte[] encoded) {
    this.point = point;
    this.encoded = encoded;
  }

  /**
   * DeserializeElement: RFC 8032 decoding, then rejection of the identity and of any point outside
   * the prime-order subgroup (which includes every small-order point).
   *
   * @throws MalformedInputException naming the reason
   */
  public static GroupElement fromBytes(byte[] bytes) {
    if (bytes.length != BYTES) {
      throw new MalformedInputException("a group element is 32 bytes, not " + bytes.length);
    }
    EdwardsPoint point = EdwardsPoint.decodeOrNull(bytes);
    if (point == null) {
      throw new MalformedInputException("not the canonical encoding of an edwards25519 point");
    }
    if (point.isIdentity()) {
      throw new MalformedInputException("the identity element is not allowed here");
    }
    if (!point.isTorsionFree()) {
      throw new MalformedInputException(
          "point is not in the prime-order subgroup (it has a small-order component)");
    }
    return new GroupElement(point, bytes.clone());
  }

  /**
   * Wraps a point computed by this module from validated inputs.
   *
   * @throws ProtocolViolationException if the point is the identity (SerializeElement fails)
   */
  static GroupElement of(EdwardsPoint point) {
    if (point.isIdentity()) {
      throw new ProtocolViolationException("computed the identity element, which has no encoding");
    }
    return new GroupElement(point, point.encode());
  }

  /**
   * Like {@link #of}, for a point computed from public values only (scalars and points), such as
   * the group commitment: it is encoded with a variable-time inversion.
   *
   * @throws ProtocolViolationException if the point is the identity (SerializeElement fails)
   */
  static GroupElement ofPublic(EdwardsPoint point) {
    if (point.isIdentity()) {
      throw new ProtocolViolationException("computed the identity element, which has no encoding");
    }
    return new GroupElement(point, point.encodeVartime());
  }

  /**
   * Wraps several computed points, encoding them with one shared inversion.
   *
   * @throws ProtocolViolationException if a point is the identity
   */
  static GroupElement[] ofAll(EdwardsPoint... points) {
    byte[][] encoded = EdwardsPoint.encodeAll(points);
    GroupElement[] out = new GroupElement[points.length];
    for (int i = 0; i < points.length; i++) {
      if (points[i].isIdentity()) {
        throw new ProtocolViolationException(
            "computed the identity element, which has no encoding");
      }
      out[i] = new GroupElement(points[i], encoded[i]);
    }
    return out;
  }

  EdwardsPoint point() {
    return point;
  }

  public byte[] toBytes() {
    return encoded.clone();
  }

  byte[] encodedView() {
    return encoded;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GroupElement that && Arrays.equals(encoded, that.encoded);
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
