package org.pinring.threshold.internal;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * Constant-time arithmetic modulo p = 2^255 - 19 on five unsigned 51-bit limbs (radix 2^51, as in
 * curve25519-donna-c64 and curve25519-dalek's 64-bit backend), value = sum(limb[i] * 2^(51 i)).
 *
 * <p>Why not Bouncy Castle's {@link X25519Field} (ten 25.5-bit limbs in ints)? A product of two
 * elements then costs 25 limb products instead of about 75 (JFR put nearly all of FROST signing's
 * time there). Java has no 64x64-to-128-bit product, but {@link Math#multiplyHigh} is an intrinsic
 * on x86-64 and AArch64: each limb product p = a * b (below 2^113) is taken apart exactly as {@code
 * p mod 2^51 = (a * b) & MASK} (wrapping 64-bit product) and {@code floor(p / 2^51) =
 * multiplyHigh(a << 9, b << 4)} (the product shifted left by 13 bits, high 64 bits). The low parts
 * of one output limb sum to below 2^54 and the high parts, which belong one limb up, below 2^64, so
 * a column of products needs no 128-bit accumulator and no carry detection.
 *
 * <p>Limb bounds, which every caller must respect (property tests in {@code FieldTest} exercise the
 * extremes):
 *
 * <ul>
 *   <li>{@link #mul} and {@link #sqr} accept limbs below 2^54 (the sum of several carried values,
 *       or a difference from {@link #sub}) and return <em>carried</em> values: limbs below 2^51 +
 *       2^13. {@link #carry} also returns carried values, from any non-negative limbs.
 *   <li>{@link #add} adds limb-wise without carrying; {@link #sub} and {@link #negate} add 2p
 *       first, so the subtrahend's limbs must not exceed 2^52 - 38 (any carried value qualifies).
 *   <li>{@link #normalize} reduces to the canonical representative (limbs below 2^51, value below
 *       p), which encodings and comparisons need.
 * </ul>
 *
 * <p>Nothing here branches on or indexes memory by an element's value. Inversion is delegated to
 * Bouncy Castle's constant-time {@link X25519Field#inv} (a safegcd, faster than an exponentiation
 * chain on these limbs); the conversion goes through the canonical 32-byte encoding.
 */
final class Field {

  static final int BYTES = 32;
  static final int LIMBS = 5;

  private static final long MASK = (1L << 51) - 1;

  /** Limbs of 2p, added before subtracting so that limbs stay non-negative. */
  private static final long TWO_P0 = 2 * ((1L << 51) - 19);

  private static final long TWO_P = 2 * ((1L << 51) - 1);

  private Field() {}

  static long[] create() {
    return new long[LIMBS];
  }

  static long[] of(int small) {
    long[] f = create();
    f[0] = small;
    return f;
  }

  static long[] copy(long[] a) {
    return a.clone();
  }

  // ---- allocating forms, for code outside the inner loops ---------------------------------------

  static long[] add(long[] a, long[] b) {
    long[] f = create();
    add(a, b, f);
    return f;
  }

  static long[] sub(long[] a, long[] b) {
    long[] f = create();
    sub(a, b, f);
    return f;
  }

  static long[] mul(long[] a, long[] b) {
    long[] f = create();
    mul(a, b, f);
    return f;
  }

  static long[] sqr(long[] a) {
    long[] f = create();
    sqr(a, f);
    return f;
  }

  static long[] negate(long[] a) {
    long[] f = create();
    negate(a, f);
    return f;
  }

  static long[] carried(long[] a) {
    carry(a);
    return a;
  }

  // ---- in-place forms (out may alias an input) --------------------------------------------------

  static void add(long[] a, long[] b, long[] out) {
    out[0] = a[0] + b[0];
    out[1] = a[1] + b[1];
    out[2] = a[2] + b[2];
    out[3] = a[3] + b[3];
    out[4] = a[4] + b[4];
  }

  /** a - b as a + 2p - b; b's limbs must not exceed 2^52 - 38. */
  static void sub(long[] a, long[] b, long[] out) {
    out[0] = a[0] + TWO_P0 - b[0];
    out[1] = a[1] + TWO_P - b[1];
    out[2] = a[2] + TWO_P - b[2];
    out[3] = a[3] + TWO_P - b[3];
    out[4] = a[4] + TWO_P - b[4];
  }

  static void negate(long[] a, long[] out) {
    out[0] = TWO_P0 - a[0];
    out[1] = TWO_P - a[1];
    out[2] = TWO_P - a[2];
    out[3] = TWO_P - a[3];
    out[4] = TWO_P - a[4];
  }

  /** out = a * b mod p (carried); limbs of a and b below 2^54. */
  static void mul(long[] a, long[] b, long[] out) {
    long a0 = a[0];
    long a1 = a[1];
    long a2 = a[2];
    long a3 = a[3];
    long a4 = a[4];
    long b0 = b[0];
    long b1 = b[1];
    long b2 = b[2];
    long b3 = b[3];
    long b4 = b[4];
    // 2^255 = 19 (mod p): products that land at 2^255 and above come back down times 19.
    long b1x19 = 19 * b1;
    long b2x19 = 19 * b2;
    long b3x19 = 19 * b3;
    long b4x19 = 19 * b4;
    // Shifted operands for the high halves: (a << 9) * (b << 4) = p << 13, whose high 64 bits are
    // floor(p / 2^51). a < 2^54 and 19 b < 2^58.25 keep both below 2^63 (signed multiplyHigh).
    long s0 = a0 << 9;
    long s1 = a1 << 9;
    long s2 = a2 << 9;
    long s3 = a3 << 9;
    long s4 = a4 << 9;
    long t0 = b0 << 4;
    long t1 = b1 << 4;
    long t2 = b2 << 4;
    long t3 = b3 << 4;
    long t4 = b4 << 4;
    long u1 = b1x19 << 4;
    long u2 = b2x19 << 4;
    long u3 = b3x19 << 4;
    long u4 = b4x19 << 4;

    long l0 =
        (a0 * b0 & MASK)
            + (a1 * b4x19 & MASK)
            + (a2 * b3x19 & MASK)
            + (a3 * b2x19 & MASK)
            + (a4 * b1x19 & MASK);
    long h0 =
        Math.multiplyHigh(s0, t0)
            + Math.multiplyHigh(s1, u4)
            + Math.multiplyHigh(s2, u3)
            + Math.multiplyHigh(s3, u2)
            + Math.multiplyHigh(s4, u1);
    long l1 =
        (a0 * b1 & MASK)
            + (a1 * b0 & MASK)
            + (a2 * b4x19 & MASK)
            + (a3 * b3x19 & MASK)
            + (a4 * b2x19 & MASK);
    long h1 =
        Math.multiplyHigh(s0, t1)
            + Math.multiplyHigh(s1, t0)
            + Math.multiplyHigh(s2, u4)
            + Math.multiplyHigh(s3, u3)
            + Math.multiplyHigh(s4, u2);
    long l2 =
        (a0 * b2 & MASK)
            + (a1 * b1 & MASK)
            + (a2 * b0 & MASK)
            + (a3 * b4x19 & MASK)
            + (a4 * b3x19 & MASK);
    long h2 =
        Math.multiplyHigh(s0, t2)
            + Math.multiplyHigh(s1, t1)
            + Math.multiplyHigh(s2, t0)
            + Math.multiplyHigh(s3, u4)
            + Math.multiplyHigh(s4, u3);
    long l3 =
        (a0 * b3 & MASK)
            + (a1 * b2 & MASK)
            + (a2 * b1 & MASK)
            + (a3 * b0 & MASK)
            + (a4 * b4x19 & MASK);
    long h3 =
        Math.multiplyHigh(s0, t3)
            + Math.multiplyHigh(s1, t2)
            + Math.multiplyHigh(s2, t1)
            + Math.multiplyHigh(s3, t0)
            + Math.multiplyHigh(s4, u4);
    long l4 =
        (a0 * b4 & MASK)
            + (a1 * b3 & MASK)
            + (a2 * b2 & MASK)
            + (a3 * b1 & MASK)
            + (a4 * b0 & MASK);
    long h4 =
        Math.multiplyHigh(s0, t4)
            + Math.multiplyHigh(s1, t3)
            + Math.multiplyHigh(s2, t2)
            + Math.multiplyHigh(s3, t1)
            + Math.multiplyHigh(s4, t0);
    reduce(l0, h0, l1, h1, l2, h2, l3, h3, l4, h4, out);
  }

  /** out = a^2 mod p (carried); limbs of a below 2^54. */
  static void sqr(long[] a, long[] out) {
    long a0 = a[0];
    long a1 = a[1];
    long a2 = a[2];
    long a3 = a[3];
    long a4 = a[4];
    long a3x19 = 19 * a3;
    long a4x19 = 19 * a4;
    long s0 = a0 << 9;
    long s1 = a1 << 9;
    long s2 = a2 << 9;
    long s3 = a3 << 9;
    long s4 = a4 << 9;
    long t0 = a0 << 4;
    long t1 = a1 << 4;
    long t2 = a2 << 4;
    long t3 = a3 << 4;
    long t4 = a4 << 4;
    long u3 = a3x19 << 4;
    long u4 = a4x19 << 4;
    // Cross terms appear twice: their low and high sums are doubled after summing (each sum is
    // below 2^52 and 2^62.25, so doubling stays within 64 bits).
    // c0 = a0^2 + 2 (a1 * 19 a4 + a2 * 19 a3)
    long l0 = (a0 * a0 & MASK) + (((a1 * a4x19 & MASK) + (a2 * a3x19 & MASK)) << 1);
    long h0 =
        Math.multiplyHigh(s0, t0) + ((Math.multiplyHigh(s1, u4) + Math.multiplyHigh(s2, u3)) << 1);
    // c1 = 2 (a0 a1 + a2 * 19 a4) + a3 * 19 a3
    long l1 = (a3 * a3x19 & MASK) + (((a0 * a1 & MASK) + (a2 * a4x19 & MASK)) << 1);
    long h1 =
        Math.multiplyHigh(s3, u3) + ((Math.multiplyHigh(s0, t1) + Math.multiplyHigh(s2, u4)) << 1);
    // c2 = 2 (a0 a2 + a3 * 19 a4) + a1^2
    long l2 = (a1 * a1 & MASK) + (((a0 * a2 & MASK) + (a3 * a4x19 & MASK)) << 1);
    long h2 =
        Math.multiplyHigh(s1, t1) + ((Math.multiplyHigh(s0, t2) + Math.multiplyHigh(s3, u4)) << 1);
    // c3 = 2 (a0 a3 + a1 a2) + a4 * 19 a4
    long l3 = (a4 * a4x19 & MASK) + (((a0 * a3 & MASK) + (a1 * a2 & MASK)) << 1);
    long h3 =
        Math.multiplyHigh(s4, u4) + ((Math.multiplyHigh(s0, t3) + Math.multiplyHigh(s1, t2)) << 1);
    // c4 = 2 (a0 a4 + a1 a3) + a2^2
    long l4 = (a2 * a2 & MASK) + (((a0 * a4 & MASK) + (a1 * a3 & MASK)) << 1);
    long h4 =
        Math.multiplyHigh(s2, t2) + ((Math.multiplyHigh(s0, t4) + Math.multiplyHigh(s1, t3)) << 1);
    reduce(l0, h0, l1, h1, l2, h2, l3, h3, l4, h4, out);
  }

  /**
   * Column i of a product is l_i + h_i * 2^51 (l_i < 2^54, h_i < 2^64 unsigned). Carries the
   * columns into 51-bit limbs; what lands at 2^255 comes back times 19, split in two so that the
   * product by 19 cannot overflow.
   */
  private static void reduce(
      long l0,
      long h0,
      long l1,
      long h1,
      long l2,
      long h2,
      long l3,
      long h3,
      long l4,
      long h4,
      long[] out) {
    long x1 = l1 + h0 + (l0 >>> 51);
    long x2 = l2 + h1 + (x1 >>> 51);
    long x3 = l3 + h2 + (x2 >>> 51);
    long x4 = l4 + h3 + (x3 >>> 51);
    long top = h4 + (x4 >>> 51);
    long r0 = (l0 & MASK) + 19 * (top & MASK);
    out[1] = (x1 & MASK) + 19 * (top >>> 51) + (r0 >>> 51);
    out[0] = r0 & MASK;
    out[2] = x2 & MASK;
    out[3] = x3 & MASK;
    out[4] = x4 & MASK;
  }

  /** Carries any non-negative limbs (below 2^63) into a carried value, in place. */
  static void carry(long[] a) {
    long c = a[0] >>> 51;
    a[0] &= MASK;
    a[1] += c;
    c = a[1] >>> 51;
    a[1] &= MASK;
    a[2] += c;
    c = a[2] >>> 51;
    a[2] &= MASK;
    a[3] += c;
    c = a[3] >>> 51;
    a[3] &= MASK;
    a[4] += c;
    c = a[4] >>> 51;
    a[4] &= MASK;
    a[0] += 19 * c;
    c = a[0] >>> 51;
    a[0] &= MASK;
    a[1] += c;
  }

  /** Reduces in place to the canonical representative: limbs below 2^51, value below p. */
  static void normalize(long[] a) {
    carry(a);
    carry(a);
    // Now limbs 1..4 are below 2^51 and the value below 2p. q = 1 exactly when value + 19 reaches
    // 2^255, i.e. when the value is at least p; then subtract p as "+19, drop bit 255".
    long q = (a[0] + 19) >>> 51;
    q = (a[1] + q) >>> 51;
    q = (a[2] + q) >>> 51;
    q = (a[3] + q) >>> 51;
    q = (a[4] + q) >>> 51;
    a[0] += 19 * q;
    long c = a[0] >>> 51;
    a[0] &= MASK;
    a[1] += c;
    c = a[1] >>> 51;
    a[1] &= MASK;
    a[2] += c;
    c = a[2] >>> 51;
    a[2] &= MASK;
    a[3] += c;
    c = a[3] >>> 51;
    a[3] &= MASK;
    a[4] = (a[4] + c) & MASK;
  }

  /** Canonical little-endian encoding of the fully reduced value. */
  static byte[] encode(long[] a) {
    long[] n = copy(a);
    normalize(n);
    byte[] out = new byte[BYTES];
    // Pack 5 x 51 bits into four 64-bit words, then bytes.
    long w0 = n[0] | (n[1] << 51);
    long w1 = (n[1] >>> 13) | (n[2] << 38);
    long w2 = (n[2] >>> 26) | (n[3] << 25);
    long w3 = (n[3] >>> 39) | (n[4] << 12);
    writeLong(w0, out, 0);
    writeLong(w1, out, 8);
    writeLong(w2, out, 16);
    writeLong(w3, out, 24);
    return out;
  }

  /** The element whose little-endian encoding is {@code bytes}, ignoring bit 255. */
  static long[] decode(byte[] bytes) {
    long w0 = readLong(bytes, 0);
    long w1 = readLong(bytes, 8);
    long w2 = readLong(bytes, 16);
    long w3 = readLong(bytes, 24);
    long[] f = create();
    f[0] = w0 & MASK;
    f[1] = ((w0 >>> 51) | (w1 << 13)) & MASK;
    f[2] = ((w1 >>> 38) | (w2 << 26)) & MASK;
    f[3] = ((w2 >>> 25) | (w3 << 39)) & MASK;
    f[4] = (w3 >>> 12) & MASK;
    return f;
  }

  private static void writeLong(long w, byte[] out, int offset) {
    for (int i = 0; i < 8; i++) {
      out[offset + i] = (byte) (w >>> (8 * i));
    }
  }

  private static long readLong(byte[] in, int offset) {
    long w = 0;
    for (int i = 7; i >= 0; i--) {
      w = (w << 8) | (in[offset + i] & 0xff);
    }
    return w;
  }

  /** The same value in Bouncy Castle's representation (for its inversion and square roots). */
  static int[] toBouncyCastle(long[] a) {
    int[] f = X25519Field.create();
    X25519Field.decode(encode(a), 0, f);
    return f;
  }

  /** A value in Bouncy Castle's representation (any carried form) in this one. */
  static long[] fromBouncyCastle(int[] a) {
    int[] n = X25519Field.create();
    X25519Field.copy(a, 0, n, 0);
    X25519Field.normalize(n);
    byte[] bytes = new byte[BYTES];
    X25519Field.encode(n, bytes, 0);
    return decode(bytes);
  }

  /** The inverse (constant-time); zero maps to zero. */
  static long[] invert(long[] a) {
    int[] inverse = X25519Field.create();
    X25519Field.inv(toBouncyCastle(a), inverse);
    return fromBouncyCastle(inverse);
  }

  /**
   * The inverse in variable time (zero maps to zero), only for values computed from public data:
   * the run time depends on the value.
   */
  static long[] invertVartime(long[] a) {
    int[] inverse = X25519Field.create();
    X25519Field.invVar(toBouncyCastle(a), inverse);
    return fromBouncyCastle(inverse);
  }

  /** Constant-time equality of the values (not the limb representations). */
  static boolean equal(long[] a, long[] b) {
    long[] d = sub(a, b);
    return isZero(d);
  }

  /** Constant-time test for the value zero. */
  static boolean isZero(long[] a) {
    long[] n = copy(a);
    normalize(n);
    long acc = n[0] | n[1] | n[2] | n[3] | n[4];
    return acc == 0;
  }

  /** The low bit of the canonical value: RFC 8032's "sign" of x. */
  static int lowBit(long[] a) {
    long[] n = copy(a);
    normalize(n);
    return (int) (n[0] & 1);
  }

  /** Replaces {@code target} by {@code source} when {@code mask} is all ones; constant-time. */
  static void conditionalMove(int mask, long[] source, long[] target) {
    long m = mask; // sign extension: 0 or all 64 bits set
    for (int i = 0; i < LIMBS; i++) {
      target[i] ^= (target[i] ^ source[i]) & m;
    }
  }

  /**
   * Negates {@code target} in place when {@code negate} is 1; constant-time. The target must be
   * carried.
   */
  static void conditionalNegate(int negate, long[] target) {
    long[] negated = negate(target);
    conditionalMove(-negate, negated, target);
  }
}
