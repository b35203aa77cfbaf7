package org.pinring.threshold.internal;

/**
 * A mutable point with its own scratch space, for the inner loops of scalar multiplication: the
 * same formulas as {@link EdwardsPoint#dbl} and {@link EdwardsPoint#addCached}, computed in place
 * without allocating. Not thread-safe; one per multiplication.
 *
 * <p>Limb bounds (see {@link Field}): coordinates are always carried (outputs of {@code mul}), and
 * every sum or difference below is an operand of {@code mul}/{@code sqr} whose limbs stay under
 * 2^54, so no intermediate carry is needed.
 */
final class Accumulator {

  private final long[] x = Field.create();
  private final long[] y = Field.create();
  private final long[] z = Field.create();
  private final long[] t = Field.create();
  private final long[] a = Field.create();
  private final long[] b = Field.create();
  private final long[] c = Field.create();
  private final long[] d = Field.create();
  private final long[] e = Field.create();
  private final long[] f = Field.create();
  private final long[] g = Field.create();
  private final long[] h = Field.create();

  /** Starts at the identity (0 : 1 : 1 : 0). */
  Accumulator() {
    y[0] = 1;
    z[0] = 1;
  }

  /** In-place doubling; T is computed only when {@code withT} (an addition follows). */
  void dbl(boolean withT) {
    Field.sqr(x, a);
    Field.sqr(y, b);
    Field.sqr(z, c);
    Field.add(c, c, c);
    Field.add(a, b, h); // h = A+B
    Field.sub(a, b, g); // g = A-B
    Field.add(x, y, e);
    Field.sqr(e, e);
    Field.sub(h, e, e);
    Field.add(c, g, f);
    Field.mul(e, f, x);
    Field.mul(g, h, y);
    Field.mul(f, g, z);
    if (withT) {
      Field.mul(e, h, t);
    }
  }

  /** In-place this + q (or this - q when {@code subtract}); requires T to be current. */
  void addCached(EdwardsPoint.Cached q, boolean subtract) {
    long[] qPlus = subtract ? q.yMinusX : q.yPlusX;
    long[] qMinus = subtract ? q.yPlusX : q.yMinusX;
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
    Field.add(b, a, h); // h = B+A
    Field.sub(b, a, e); // e = B-A
    // Subtracting q negates its 2dT, which swaps D+C and D-C.
    if (subtract) {
      Field.sub(d, c, g);
      Field.add(d, c, f);
    } else {
      Field.add(d, c, g);
      Field.sub(d, c, f);
    }
    Field.mul(e, f, x);
    Field.mul(g, h, y);
    Field.mul(f, g, z);
    Field.mul(e, h, t);
  }

  /** An immutable copy of the current value (T must be current). */
  EdwardsPoint toPoint() {
    return new EdwardsPoint(x.clone(), y.clone(), z.clone(), t.clone());
  }
}
