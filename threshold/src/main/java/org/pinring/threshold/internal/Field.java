package org.pinring.threshold.internal;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * Small helpers around Bouncy Castle's {@link X25519Field}, the constant-time arithmetic modulo p =
 * 2^255 - 19 in ten signed 25/26-bit limbs.
 *
 * <p>Limb bounds: {@code X25519Field.mul} and {@code sqr} accept the sum or difference of two
 * carried values (Bouncy Castle's own Ed25519 code relies on that); anything built from more terms
 * is passed through {@link X25519Field#carry} first. Results of {@code mul}, {@code sqr} and {@code
 * carry} are carried again. {@code normalize} reduces fully to the canonical representative, which
 * comparisons and encodings need.
 */
final class Field {

  static final int BYTES = 32;

  private Field() {}

  static int[] create() {
    return X25519Field.create();
  }

  static int[] of(int small) {
    int[] f = create();
    f[0] = small;
    return f;
  }

  static int[] copy(int[] a) {
    int[] f = create();
    X25519Field.copy(a, 0, f, 0);
    return f;
  }

  static int[] add(int[] a, int[] b) {
    int[] f = create();
    X25519Field.add(a, b, f);
    return f;
  }

  static int[] sub(int[] a, int[] b) {
    int[] f = create();
    X25519Field.sub(a, b, f);
    return f;
  }

  static int[] mul(int[] a, int[] b) {
    int[] f = create();
    X25519Field.mul(a, b, f);
    return f;
  }

  static int[] sqr(int[] a) {
    int[] f = create();
    X25519Field.sqr(a, f);
    return f;
  }

  static int[] negate(int[] a) {
    int[] f = create();
    X25519Field.negate(a, f);
    return f;
  }

  static int[] carried(int[] a) {
    X25519Field.carry(a);
    return a;
  }

  /** The inverse (constant-time); zero maps to zero. */
  static int[] invert(int[] a) {
    int[] f = create();
    X25519Field.inv(a, f);
    return f;
  }

  /** Canonical little-endian encoding of the fully reduced value. */
  static byte[] encode(int[] a) {
    int[] n = copy(a);
    X25519Field.normalize(n);
    byte[] out = new byte[BYTES];
    X25519Field.encode(n, out, 0);
    return out;
  }

  /** Constant-time equality of the values (not the limb representations). */
  static boolean equal(int[] a, int[] b) {
    int[] d = sub(a, b);
    X25519Field.normalize(d);
    return X25519Field.isZero(d) != 0;
  }

  static boolean isZero(int[] a) {
    int[] n = copy(a);
    X25519Field.normalize(n);
    return X25519Field.isZero(n) != 0;
  }

  /** The low bit of the canonical value: RFC 8032's "sign" of x. */
  static int lowBit(int[] a) {
    return encode(a)[0] & 1;
  }

  /** Replaces {@code target} by {@code source} when {@code mask} is all ones; constant-time. */
  static void conditionalMove(int mask, int[] source, int[] target) {
    X25519Field.cmov(mask, source, 0, target, 0);
  }

  /** Negates {@code target} in place when {@code negate} is 1; constant-time. */
  static void conditionalNegate(int negate, int[] target) {
    X25519Field.cnegate(negate, target);
  }
}
