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

  static final int[] D = curveConstantD();
  static final int[] D2 = Field.carried(Field.add(D, D));

  public static final EdwardsPoint IDENTITY =
      new EdwardsPoint(Field.create(), Field.of(1), Field.of(1), Field.create());

  /** The generator B of RFC 8032 (y = 4/5, x even). */
  public static final EdwardsPoint BASE =
      decode(
          HexFormat.of()
              .parseHex("5866666666666666666666666666666666666666666666666666666666666666"));

  final int[] x;
  final int[] y;
  final int[] z;

  /** Null only transiently, after a doubling that the next doubling consumes. */
  final int[] t;

  EdwardsPoint(int[] x, int[] y, int[] z, int[] t) {
    this.x = x;
    this.y = y;
    this.z = z;
    this.t = t;
  }

  private static int[] curveConstantD() {
    // d = -121665 / 121666 (RFC 8032 section 5.1).
    int[] d = Field.mul(Field.of(121665), Field.invert(Field.of(121666)));
    int[] negated = Field.negate(d);
    X25519Field.normalize(negated);
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
    int[] y = Field.create();
    X25519Field.decode(yBytes, 0, y);
    int[] yy = Field.sqr(y);
    int[] u = Field.sub(yy, Field.of(1));
    int[] v = Field.add(Field.mul(D, yy), Field.of(1));
    int[] x = Field.create();
    if (!X25519Field.sqrtRatioVar(Field.carried(u), Field.carried(v), x)) {
      return null;
    }
    X25519Field.normalize(x);
    boolean xIsZero = X25519Field.isZero(x) != 0;
    if (xIsZero && sign == 1) {
      return null;
    }
    if (Field.lowBit(x) != sign) {
      x = Field.negate(x);
      X25519Field.normalize(x);
    }
    return new EdwardsPoint(x, y, Field.of(1), Field.mul(x, y));
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
    int[] zInverse = Field.invert(z);
    int[] affineX = Field.mul(x, zInverse);
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
    int[][] prefix = new int[n][];
    prefix[0] = points[0].z;
    for (int i = 1; i < n; i++) {
      prefix[i] = Field.mul(prefix[i - 1], points[i].z);
    }
    int[] inverse = Field.invert(prefix[n - 1]);
    for (int i = n - 1; i >= 0; i--) {
      int[] zInverse = i == 0 ? inverse : Field.mul(inverse, prefix[i - 1]);
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
    int[] a = Field.create();
    int[] b = Field.create();
    int[] c = Field.create();
    int[] d = Field.create();
    int[] u = Field.create();
    X25519Field.apm(y, x, b, a); // b = Y1+X1, a = Y1-X1
    X25519Field.apm(q.y, q.x, d, c); // d = Y2+X2, c = Y2-X2
    X25519Field.mul(a, c, a);
    X25519Field.mul(b, d, b);
    X25519Field.mul(t, q.t, c);
    X25519Field.mul(c, D2, c);
    X25519Field.mul(z, q.z, u);
    X25519Field.add(u, u, d);
    return combine(a, b, c, d);
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
    int[] a = Field.create();
    int[] b = Field.create();
    int[] c = Field.create();
    int[] e = Field.create();
    int[] f = Field.create();
    int[] g = Field.create();
    int[] h = Field.create();
    X25519Field.sqr(x, a);
    X25519Field.sqr(y, b);
    X25519Field.sqr(z, c);
    X25519Field.add(c, c, c);
    X25519Field.apm(a, b, h, g); // h = A+B, g = A-B
    X25519Field.add(x, y, e);
    X25519Field.sqr(e, e);
    X25519Field.sub(h, e, e);
    X25519Field.carry(e);
    X25519Field.add(c, g, f);
    X25519Field.carry(f);
    int[] x3 = a;
    int[] y3 = b;
    int[] z3 = c;
    X25519Field.mul(e, f, x3);
    X25519Field.mul(g, h, y3);
    X25519Field.mul(f, g, z3);
    int[] t3 = null;
    if (withT) {
      t3 = f;
      X25519Field.mul(e, h, t3);
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
    final int[] yPlusX;
    final int[] yMinusX;
    final int[] z;
    final int[] t2d;

    Cached(int[] yPlusX, int[] yMinusX, int[] z, int[] t2d) {
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
    int[] zInverse = Field.invert(z);
    int[] ax = Field.mul(x, zInverse);
    int[] ay = Field.mul(y, zInverse);
    int[] yPlusX = Field.carried(Field.add(ay, ax));
    int[] yMinusX = Field.carried(Field.sub(ay, ax));
    X25519Field.normalize(yPlusX);
    X25519Field.normalize(yMinusX);
    int[] t2d = Field.mul(Field.mul(ax, ay), D2);
    X25519Field.normalize(t2d);
    return new Cached(yPlusX, yMinusX, null, t2d);
  }

  /** This + q, or this - q when {@code subtract}; same formula as {@link #add}. */
  EdwardsPoint addCached(Cached q, boolean subtract) {
    int[] qPlus = subtract ? q.yMinusX : q.yPlusX;
    int[] qMinus = subtract ? q.yPlusX : q.yMinusX;
    int[] a = Field.create();
    int[] b = Field.create();
    int[] c = Field.create();
    int[] d = Field.create();
    X25519Field.apm(y, x, b, a);
    X25519Field.mul(a, qMinus, a);
    X25519Field.mul(b, qPlus, b);
    X25519Field.mul(t, q.t2d, c);
    if (subtract) {
      X25519Field.negate(c, c);
    }
    if (q.z == null) {
      X25519Field.add(z, z, d);
    } else {
      X25519Field.mul(z, q.z, d);
      X25519Field.add(d, d, d);
    }
    return combine(a, b, c, d);
  }

  /**
   * The common tail of the addition formulas (add-2008-hwcd-3); reuses the four inputs as the
   * outputs' storage.
   */
  private static EdwardsPoint combine(int[] a, int[] b, int[] c, int[] d) {
    int[] e = Field.create();
    int[] f = Field.create();
    int[] g = Field.create();
    int[] h = Field.create();
    X25519Field.apm(b, a, h, e); // h = B+A, e = B-A
    X25519Field.apm(d, c, g, f); // g = D+C, f = D-C
    X25519Field.carry(f);
    X25519Field.carry(g);
    X25519Field.mul(e, f, a);
    X25519Field.mul(g, h, b);
    X25519Field.mul(f, g, c);
    X25519Field.mul(e, h, d);
    return new EdwardsPoint(a, b, c, d);
  }
}
