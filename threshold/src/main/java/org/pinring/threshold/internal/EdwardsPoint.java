package org.pinring.threshold.internal;

import com.google.errorprone.annotations.Immutable;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * A point of edwards25519 (RFC 8032 section 5.1: -x^2 + y^2 = 1 + d x^2 y^2 over GF(2^255-19)) in
 * extended coordinates (X:Y:Z:T) with x = X/Z, y = Y/Z, x*y = T/Z (Hisil, Wong, Carter, Dawson,
 * "Twisted Edwards curves revisited", 2008).
 *
 * <p>The addition and doubling formulas are complete for this curve (d is not a square), so they
 * have no exceptional cases and no value-dependent branches. {@link #mulBase} is constant-time and
 * is the only multiplication used with secret scalars; the {@code ...Vartime} methods branch on the
 * scalar and are for public values (verification, binding factors, Lagrange coefficients).
 *
 * <p>This class accepts every curve point, including those of small order; the checks RFC 9591
 * requires of group elements are made by whoever decodes untrusted input ({@link #decode}, {@link
 * #isTorsionFree}, {@link #isIdentity}).
 */
@Immutable
@SuppressWarnings("Immutable") // the coordinate arrays are never mutated after construction
public final class EdwardsPoint {

  static final long[] D = curveConstantD();
  static final long[] D2 = Field.carried(Field.add(D, D));

  public static final EdwardsPoint IDENTITY =
      new EdwardsPoint(Field.create(), Field.of(1), Field.of(1), Field.create());

  /** The generator B of RFC 8032 (y = 4/5, x even). */
  public static final EdwardsPoint BASE =
      decode(
          HexFormat.of()
              .parseHex("5866666666666666666666666666666666666666666666666666666666666666"));

  final long[] x;
  final long[] y;
  final long[] z;

  /** Null only transiently, after a doubling that the next doubling consumes. */
  final long[] t;

  EdwardsPoint(long[] x, long[] y, long[] z, long[] t) {
    this.x = x;
    this.y = y;
    this.z = z;
    this.t = t;
  }

  private static long[] curveConstantD() {
    // d = -121665 / 121666 (RFC 8032 section 5.1).
    long[] negated = Field.negate(Field.mul(Field.of(121665), Field.invert(Field.of(121666))));
    Field.normalize(negated);
    return negated;
  }

  /**
   * RFC 8032 section 5.1.3 decoding: rejects a y coordinate that is not below p, a y for which no x
   * exists, and the non-canonical "negative zero" x. Small-order points are accepted here.
   *
   * @return the point, or {@code null} if the bytes do not encode one
   */
  public static EdwardsPoint decodeOrNull(byte[] encoded) {
    if (encoded.length != Field.BYTES) {
      return null;
    }
    int sign = (encoded[31] >>> 7) & 1;
    byte[] yBytes = encoded.clone();
    yBytes[31] &= 0x7f;
    if (!isBelowFieldPrime(yBytes)) {
      return null;
    }
    long[] affineY = Field.decode(yBytes);
    long[] yy = Field.sqr(affineY);
    long[] u = Field.sub(yy, Field.of(1));
    long[] v = Field.add(Field.mul(D, yy), Field.of(1));
    // The square root is Bouncy Castle's (variable-time, on public input), in its representation.
    int[] bcX = X25519Field.create();
    if (!X25519Field.sqrtRatioVar(Field.toBouncyCastle(u), Field.toBouncyCastle(v), bcX)) {
      return null;
    }
    long[] x = Field.fromBouncyCastle(bcX);
    boolean xIsZero = Field.isZero(x);
    if (xIsZero && sign == 1) {
      return null;
    }
    if (Field.lowBit(x) != sign) {
      x = Field.negate(x);
      Field.normalize(x);
    }
    return new EdwardsPoint(x, affineY, Field.of(1), Field.mul(x, affineY));
  }

  /**
   * Like {@link #decodeOrNull} but throws.
   *
   * @throws IllegalArgumentException if the bytes do not encode a curve point
   */
  public static EdwardsPoint decode(byte[] encoded) {
    EdwardsPoint point = decodeOrNull(encoded);
    if (point == null) {
      throw new IllegalArgumentException("not the canonical encoding of an edwards25519 point");
    }
    return point;
  }

  private static boolean isBelowFieldPrime(byte[] y) {
    // p = 2^255 - 19: little-endian ed ff .. ff 7f. y >= p only if all middle bytes are ff.
    if ((y[31] & 0xff) != 0x7f) {
      return true;
    }
    for (int i = 30; i >= 1; i--) {
      if ((y[i] & 0xff) != 0xff) {
        return true;
      }
    }
    return (y[0] & 0xff) < 0xed;
  }

  /** RFC 8032 section 5.1.2 encoding (also of the identity and small-order points). */
  public byte[] encode() {
    return encodeWith(Field.invert(z));
  }

  /**
   * {@link #encode} with a variable-time inversion, only for points whose coordinates were computed
   * from public values alone (scalars and points): the projective Z of [k]P depends on k, so a
   * point that came from a secret scalar must use {@link #encode}.
   */
  public byte[] encodeVartime() {
    return encodeWith(Field.invertVartime(z));
  }

  private byte[] encodeWith(long[] zInverse) {
    long[] affineX = Field.mul(x, zInverse);
    byte[] out = Field.encode(Field.mul(y, zInverse));
    out[31] |= (byte) (Field.lowBit(affineX) << 7);
    return out;
  }

  /**
   * The encodings of several points with one field inversion (Montgomery's trick) instead of one
   * per point.
   */
  public static byte[][] encodeAll(EdwardsPoint... points) {
    int n = points.length;
    byte[][] out = new byte[n][];
    if (n == 0) {
      return out;
    }
    long[][] prefix = new long[n][];
    prefix[0] = points[0].z;
    for (int i = 1; i < n; i++) {
      prefix[i] = Field.mul(prefix[i - 1], points[i].z);
    }
    long[] inverse = Field.invert(prefix[n - 1]);
    for (int i = n - 1; i >= 0; i--) {
      long[] zInverse = i == 0 ? inverse : Field.mul(inverse, prefix[i - 1]);
      if (i > 0) {
        inverse = Field.mul(inverse, points[i].z);
      }
      byte[] encoded = Field.encode(Field.mul(points[i].y, zInverse));
      encoded[31] |= (byte) (Field.lowBit(Field.mul(points[i].x, zInverse)) << 7);
      out[i] = encoded;
    }
    return out;
  }

  public EdwardsPoint add(EdwardsPoint q) {
    long[] a = Field.create();
    long[] b = Field.create();
    long[] c = Field.create();
    long[] d = Field.create();
    long[] u = Field.create();
    Field.sub(y, x, a);
    Field.add(y, x, b);
    Field.sub(q.y, q.x, c);
    Field.add(q.y, q.x, d);
    Field.mul(a, c, a);
    Field.mul(b, d, b);
    Field.mul(t, q.t, c);
    Field.mul(c, D2, c);
    Field.mul(z, q.z, u);
    Field.add(u, u, d);
    return combine(a, b, c, d, false);
  }

  public EdwardsPoint subtract(EdwardsPoint q) {
    return add(q.negate());
  }

  public EdwardsPoint negate() {
    return new EdwardsPoint(Field.negate(x), y, z, Field.negate(t));
  }

  /** Doubling (dbl-2008-hwcd with a = -1, signs arranged so that no negation is needed). */
  public EdwardsPoint dbl() {
    return dbl(true);
  }

  /**
   * Doubling; with {@code withT} false the T coordinate is skipped (one multiplication less), which
   * is enough when the next operation is another doubling: doubling never reads T.
   */
  EdwardsPoint dbl(boolean withT) {
    long[] a = Field.create();
    long[] b = Field.create();
    long[] c = Field.create();
    long[] e = Field.create();
    long[] f = Field.create();
    long[] g = Field.create();
    long[] h = Field.create();
    // Limb bounds (see Field): every operand of mul/sqr below stays under 2^54 without carrying.
    Field.sqr(x, a);
    Field.sqr(y, b);
    Field.sqr(z, c);
    Field.add(c, c, c);
    Field.add(a, b, h);
    Field.sub(a, b, g);
    Field.add(x, y, e);
    Field.sqr(e, e);
    Field.sub(h, e, e);
    Field.add(c, g, f);
    long[] x3 = a;
    long[] y3 = b;
    long[] z3 = c;
    Field.mul(e, f, x3);
    Field.mul(g, h, y3);
    Field.mul(f, g, z3);
    long[] t3 = null;
    if (withT) {
      t3 = f;
      Field.mul(e, h, t3);
    }
    return new EdwardsPoint(x3, y3, z3, t3);
  }

  /** [8]P: clears any small-order component. */
  public EdwardsPoint mulByCofactor() {
    return dbl().dbl().dbl();
  }

  /** Whether this is the neutral element (0, 1). Constant-time. */
  @SuppressWarnings("ShortCircuitBoolean") // evaluate both sides: constant time
  public boolean isIdentity() {
    return Field.isZero(x) & Field.equal(y, z);
  }

  /** Whether [8]P is the identity, i.e. P lies in the small torsion subgroup. */
  public boolean isSmallOrder() {
    return mulByCofactor().isIdentity();
  }

  /**
   * Whether [L]P is the identity, i.e. P lies in the prime-order subgroup (RFC 9591 section 6.1,
   * DeserializeElement). Variable-time; points are public.
   */
  public boolean isTorsionFree() {
    // [L]P = [L-1]P + P, and L-1 is a valid scalar.
    Scalar lMinusOne = Scalar.ZERO.subtract(Scalar.ONE);
    return mulVartime(lMinusOne).add(this).isIdentity();
  }

  /** Constant-time comparison of the represented points. */
  @Override
  @SuppressWarnings("ShortCircuitBoolean") // evaluate both sides: constant time
  public boolean equals(Object o) {
    if (!(o instanceof EdwardsPoint q)) {
      return false;
    }
    return Field.equal(Field.mul(x, q.z), Field.mul(q.x, z))
        & Field.equal(Field.mul(y, q.z), Field.mul(q.y, z));
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(encode());
  }

  // ---- multiplication -------------------------------------------------------------------------

  /** [k]B in constant time, for secret k. */
  public static EdwardsPoint mulBase(Scalar k) {
    return BasePointTable.multiply(k);
  }

  /** [k]P for a public scalar k (variable-time). */
  public EdwardsPoint mulVartime(Scalar k) {
    return multiScalarMulVartime(null, new Scalar[] {k}, new EdwardsPoint[] {this});
  }

  /**
   * [a]B + sum([k_i]P_i) for public scalars, by Straus' method with width-5 NAF tables per point
   * and a width-8 table for B: the doublings are shared by all terms. {@code a} may be null.
   */
  public static EdwardsPoint multiScalarMulVartime(
      Scalar a, Scalar[] scalars, EdwardsPoint[] points) {
    if (scalars.length != points.length) {
      throw new IllegalArgumentException("one scalar per point");
    }
    int n = points.length;
    byte[][] nafs = new byte[n][];
    Cached[][] tables = new Cached[n][];
    int top = -1;
    for (int i = 0; i < n; i++) {
      nafs[i] = scalars[i].toWnafVartime(5);
      tables[i] = oddMultiples(points[i], 8);
      top = Math.max(top, highestNonZero(nafs[i]));
    }
    byte[] baseNaf = null;
    if (a != null) {
      baseNaf = a.toWnafVartime(BasePointTable.VARTIME_WIDTH);
      top = Math.max(top, highestNonZero(baseNaf));
    }
    Accumulator r = new Accumulator();
    for (int bit = top; bit >= 0; bit--) {
      r.dbl(bit == 0 || addsAt(bit, nafs, baseNaf));
      for (int i = 0; i < n; i++) {
        int digit = nafs[i][bit];
        if (digit > 0) {
          r.addCached(tables[i][digit >>> 1], false);
        } else if (digit < 0) {
          r.addCached(tables[i][-digit >>> 1], true);
        }
      }
      if (baseNaf != null) {
        int digit = baseNaf[bit];
        if (digit > 0) {
          r.addCached(BasePointTable.oddMultiple(digit >>> 1), false);
        } else if (digit < 0) {
          r.addCached(BasePointTable.oddMultiple(-digit >>> 1), true);
        }
      }
    }
    return r.toPoint();
  }

  /** Whether any digit at {@code bit} is non-zero (then T is needed after the doubling). */
  private static boolean addsAt(int bit, byte[][] nafs, byte[] baseNaf) {
    for (byte[] naf : nafs) {
      if (naf[bit] != 0) {
        return true;
      }
    }
    return baseNaf != null && baseNaf[bit] != 0;
  }

  private static int highestNonZero(byte[] naf) {
    for (int i = naf.length - 1; i >= 0; i--) {
      if (naf[i] != 0) {
        return i;
      }
    }
    return -1;
  }

  /** P, 3P, 5P, ..., (2*count-1)P in cached form. */
  static Cached[] oddMultiples(EdwardsPoint p, int count) {
    Cached[] table = new Cached[count];
    EdwardsPoint twice = p.dbl();
    EdwardsPoint current = p;
    for (int i = 0; i < count; i++) {
      table[i] = current.toCached();
      if (i + 1 < count) {
        current = current.add(twice);
      }
    }
    return table;
  }

  // ---- the cached (Niels) form used for repeated additions --------------------------------------

  /**
   * A point prepared for addition: (Y+X, Y-X, Z, 2d*T). {@code z} is null for affine points (Z =
   * 1), which saves a multiplication.
   */
  static final class Cached {
    final long[] yPlusX;
    final long[] yMinusX;
    final long[] z;
    final long[] t2d;

    Cached(long[] yPlusX, long[] yMinusX, long[] z, long[] t2d) {
      this.yPlusX = yPlusX;
      this.yMinusX = yMinusX;
      this.z = z;
      this.t2d = t2d;
    }
  }

  Cached toCached() {
    return new Cached(
        Field.carried(Field.add(y, x)), Field.carried(Field.sub(y, x)), z, Field.mul(t, D2));
  }

  /** The affine cached form (Z = 1); costs an inversion, used for precomputed tables. */
  Cached toAffineCached() {
    long[] zInverse = Field.invert(z);
    long[] ax = Field.mul(x, zInverse);
    long[] ay = Field.mul(y, zInverse);
    long[] yPlusX = Field.add(ay, ax);
    long[] yMinusX = Field.sub(ay, ax);
    Field.normalize(yPlusX);
    Field.normalize(yMinusX);
    long[] t2d = Field.mul(Field.mul(ax, ay), D2);
    Field.normalize(t2d);
    return new Cached(yPlusX, yMinusX, null, t2d);
  }

  /** This + q, or this - q when {@code subtract}; same formula as {@link #add}. */
  EdwardsPoint addCached(Cached q, boolean subtract) {
    long[] qPlus = subtract ? q.yMinusX : q.yPlusX;
    long[] qMinus = subtract ? q.yPlusX : q.yMinusX;
    long[] a = Field.create();
    long[] b = Field.create();
    long[] c = Field.create();
    long[] d = Field.create();
    Field.sub(y, x, a);
    Field.add(y, x, b);
    Field.mul(a, qMinus, a);
    Field.mul(b, qPlus, b);
    Field.mul(t, q.t2d, c);
    if (q.z == null) {
      Field.add(z, z, d);
    } else {
      Field.mul(z, q.z, d);
      Field.add(d, d, d);
    }
    return combine(a, b, c, d, subtract);
  }

  /**
   * The common tail of the addition formulas (add-2008-hwcd-3); reuses the four inputs as the
   * outputs' storage. Subtracting negates 2dT, which only swaps the roles of D+C and D-C.
   */
  private static EdwardsPoint combine(long[] a, long[] b, long[] c, long[] d, boolean subtract) {
    long[] e = Field.create();
    long[] f = Field.create();
    long[] g = Field.create();
    long[] h = Field.create();
    Field.add(b, a, h);
    Field.sub(b, a, e);
    if (subtract) {
      Field.sub(d, c, g);
      Field.add(d, c, f);
    } else {
      Field.add(d, c, g);
      Field.sub(d, c, f);
    }
    Field.mul(e, f, a);
    Field.mul(g, h, b);
    Field.mul(f, g, c);
    Field.mul(e, h, d);
    return new EdwardsPoint(a, b, c, d);
  }
}
