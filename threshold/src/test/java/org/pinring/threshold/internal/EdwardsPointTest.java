package org.pinring.threshold.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;

class EdwardsPointTest {

  private static final HexFormat HEX = HexFormat.of();

  /** The eight points of small order (the torsion subgroup), canonically encoded. */
  static final List<String> SMALL_ORDER =
      List.of(
          "0100000000000000000000000000000000000000000000000000000000000000",
          "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
          "0000000000000000000000000000000000000000000000000000000000000000",
          "0000000000000000000000000000000000000000000000000000000000000080",
          "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
          "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
          "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
          "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85");

  @Test
  void curveConstantAndGeneratorAreRfc8032s() {
    assertThat(HEX.formatHex(Field.encode(EdwardsPoint.D)))
        .isEqualTo("a3785913ca4deb75abd841414d0a700098e879777940c78c73fe6f2bee6c0352");
    assertThat(EdwardsPoint.BASE.toString())
        .isEqualTo("5866666666666666666666666666666666666666666666666666666666666666");
    assertThat(EdwardsPoint.IDENTITY.toString())
        .isEqualTo("0100000000000000000000000000000000000000000000000000000000000000");
    assertThat(EdwardsPoint.BASE.isTorsionFree()).isTrue();
    assertThat(EdwardsPoint.BASE.isSmallOrder()).isFalse();
  }

  @Test
  void groupPublicKeyOfTheRfcVector() {
    Scalar secret =
        Scalar.decodeCanonical(
            HEX.parseHex("7b1c33d3f5291d85de664833beb1ad469f7fb6025a0ec78b3a790c6e13a98304"));
    assertThat(EdwardsPoint.mulBase(secret).toString())
        .isEqualTo("15d21ccd7ee42959562fc8aa63224c8851fb3ec85a3faf66040d380fb9738673");
  }

  @Property(tries = 200)
  void baseMultiplicationAgreesWithBouncyCastleEd25519(@ForAll @Size(32) byte[] seed)
      throws Exception {
    byte[] expected = new byte[32];
    Ed25519.generatePublicKey(seed, 0, expected, 0);
    byte[] h = MessageDigest.getInstance("SHA-512").digest(seed);
    byte[] clamped = java.util.Arrays.copyOf(h, 32);
    clamped[0] &= (byte) 248;
    clamped[31] &= 127;
    clamped[31] |= 64;
    Scalar s = Scalar.reduce256(clamped);
    EdwardsPoint constantTime = EdwardsPoint.mulBase(s);
    assertThat(constantTime.encode()).isEqualTo(expected);
    assertThat(EdwardsPoint.BASE.mulVartime(s)).isEqualTo(constantTime);
    assertThat(EdwardsPoint.multiScalarMulVartime(s, new Scalar[0], new EdwardsPoint[0]))
        .isEqualTo(constantTime);
    assertThat(EdwardsPoint.decode(expected)).isEqualTo(constantTime);
    assertThat(EdwardsPoint.decode(expected).isTorsionFree()).isTrue();
  }

  @Property(tries = 100)
  void multiplicationIsRepeatedAddition(@ForAll @IntRange(min = 0, max = 300) int k) {
    EdwardsPoint sum = EdwardsPoint.IDENTITY;
    for (int i = 0; i < k; i++) {
      sum = sum.add(EdwardsPoint.BASE);
    }
    Scalar scalar = Scalar.fromLong(k);
    assertThat(EdwardsPoint.mulBase(scalar)).isEqualTo(sum);
    EdwardsPoint p = EdwardsPoint.mulBase(Scalar.fromLong(7));
    assertThat(p.mulVartime(scalar)).isEqualTo(EdwardsPoint.mulBase(Scalar.fromLong(7L * k)));
    assertThat(sum.subtract(EdwardsPoint.BASE).add(EdwardsPoint.BASE)).isEqualTo(sum);
    assertThat(sum.dbl()).isEqualTo(sum.add(sum));
  }

  @Property(tries = 50)
  void multiScalarMultiplicationIsTheSumOfProducts(
      @ForAll @Size(64) byte[] a, @ForAll @Size(64) byte[] b, @ForAll @Size(64) byte[] c) {
    Scalar x = Scalar.reduce512(a);
    Scalar y = Scalar.reduce512(b);
    Scalar z = Scalar.reduce512(c);
    EdwardsPoint p = EdwardsPoint.mulBase(y.add(Scalar.ONE));
    EdwardsPoint q = EdwardsPoint.mulBase(z.multiply(y));
    EdwardsPoint expected = EdwardsPoint.mulBase(x).add(p.mulVartime(y)).add(q.mulVartime(z));
    assertThat(
            EdwardsPoint.multiScalarMulVartime(x, new Scalar[] {y, z}, new EdwardsPoint[] {p, q}))
        .isEqualTo(expected);
  }

  /**
   * The verification equation [s]B - [k]A = R of signatures made by Bouncy Castle's Ed25519 (RFC
   * 8032), recomputed with this module's decoding, multi-scalar multiplication and encoding: an
   * end-to-end check of the point arithmetic against an independent implementation.
   */
  @Property(tries = 100)
  void recomputesTheCommitmentOfBouncyCastleSignatures(
      @ForAll @Size(32) byte[] seed, @ForAll @Size(max = 64) byte[] message) throws Exception {
    byte[] publicKey = new byte[32];
    Ed25519.generatePublicKey(seed, 0, publicKey, 0);
    byte[] signature = new byte[64];
    Ed25519.sign(seed, 0, message, 0, message.length, signature, 0);
    byte[] r = java.util.Arrays.copyOf(signature, 32);
    Scalar s = Scalar.decodeCanonical(java.util.Arrays.copyOfRange(signature, 32, 64));
    MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
    sha512.update(r);
    sha512.update(publicKey);
    Scalar k = Scalar.reduce512(sha512.digest(message));
    EdwardsPoint recomputed =
        EdwardsPoint.multiScalarMulVartime(
            s, new Scalar[] {k.negate()}, new EdwardsPoint[] {EdwardsPoint.decode(publicKey)});
    assertThat(recomputed.encode()).isEqualTo(r);
    assertThat(EdwardsPoint.encodeAll(recomputed, EdwardsPoint.decode(r))[0]).isEqualTo(r);
  }

  @Property(tries = 30)
  void batchEncodingEqualsOneByOne(@ForAll @IntRange(min = 1, max = 20) int count) {
    EdwardsPoint[] points = new EdwardsPoint[count];
    EdwardsPoint p = EdwardsPoint.mulBase(Scalar.fromLong(count * 7919L));
    for (int i = 0; i < count; i++) {
      points[i] = p;
      p = p.dbl().add(EdwardsPoint.BASE);
    }
    byte[][] batch = EdwardsPoint.encodeAll(points);
    for (int i = 0; i < count; i++) {
      assertThat(batch[i]).isEqualTo(points[i].encode());
      assertThat(points[i].encodeVartime()).isEqualTo(batch[i]);
    }
  }

  @Test
  void smallOrderPointsAreRecognised() {
    for (String hex : SMALL_ORDER) {
      EdwardsPoint p = EdwardsPoint.decodeOrNull(HEX.parseHex(hex));
      if (p == null) {
        continue; // the "negative zero" encodings are rejected outright
      }
      assertThat(p.isSmallOrder()).as(hex).isTrue();
      assertThat(p.mulByCofactor().isIdentity()).isTrue();
      EdwardsPoint mixed = EdwardsPoint.BASE.add(p);
      assertThat(mixed.isTorsionFree()).as(hex).isEqualTo(p.isIdentity());
    }
  }

  @Test
  void rejectsNonCanonicalAndOffCurveEncodings() {
    // y = p (non-canonical zero) and y = p + 1 (non-canonical one).
    assertThat(
            EdwardsPoint.decodeOrNull(
                HEX.parseHex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")))
        .isNull();
    assertThat(
            EdwardsPoint.decodeOrNull(
                HEX.parseHex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")))
        .isNull();
    // x = 0 with the sign bit set: "negative zero".
    assertThat(
            EdwardsPoint.decodeOrNull(
                HEX.parseHex("0100000000000000000000000000000000000000000000000000000000000080")))
        .isNull();
    // y = 2 has no x on the curve.
    assertThat(
            EdwardsPoint.decodeOrNull(
                HEX.parseHex("0200000000000000000000000000000000000000000000000000000000000000")))
        .isNull();
    assertThat(EdwardsPoint.decodeOrNull(new byte[31])).isNull();
  }
}
