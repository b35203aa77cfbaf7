package org.pinring.threshold.internal;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * A mutable point with its own scratch space, for the inner loops of scalar multiplication: the
 * same formulas as {@link EdwardsPoint#dbl} and {@link EdwardsPoint#addCached}, computed in place
 * without allocating. Not thread-safe; one per multiplication.
 */
final class Accumulator {

  private final int[] x = X25519Field.create();
  private final int[] y = X25519Field.create();
  private final int[] z = X25519Field.create();
  private final int[] t = X25519Field.create();
  private final int[] a = X25519Field.create();
  private final int[] b = X25519Field.create();
  private final int[] c = X25519Field.create();
  private final int[] d = X25519Field.create();
  private final int[] e = X25519Field.create();
  private final int[] f = X25519Field.create();
  private final int[] g = X25519Field.create();
  private final int[] h = X25519Field.create();

  /** Starts at the identity (0 : 1 : 1 : 0). */
  Accumulator() {
    y[0] = 1;
    z[0] = 1;
  }

  /** In-place doubling; T is computed only when {@code withT} (an addition follows). */
  void dbl(boolean withT) {
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
    X25519Field.mul(e, f, x);
    X25519Field.mul(g, h, y);
    X25519Field.mul(f, g, z);
    if (withT) {
      X25519Field.mul(e, h, t);
    }
  }

  /** In-place this + q (or this - q when {@code subtract}); requires T to be current. */
  void addCached(EdwardsPoint.Cached q, boolean subtract) {
    int[] qPlus = subtract ? q.yMinusX : q.yPlusX;
    int[] qMinus = subtract ? q.yPlusX : q.yMinusX;
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
    X25519Field.apm(b, a, h, e); // h = B+A, e = B-A
    X25519Field.apm(d, c, g, f); // g = D+C, f = D-C
    X25519Field.carry(f);
    X25519Field.carry(g);
    X25519Field.mul(e, f, x);
    X25519Field.mul(g, h, y);
    X25519Field.mul(f, g, z);
    X25519Field.mul(e, h, t);
  }

  /** An immutable copy of the current value (T must be current). */
  EdwardsPoint toPoint() {
    return new EdwardsPoint(x.clone(), y.clone(), z.clone(), t.clone());
  }
}
