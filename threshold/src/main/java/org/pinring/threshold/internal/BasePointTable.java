package org.pinring.threshold.internal;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * Precomputed multiples of the base point B.
 *
 * <p>Constant-time [k]B: k is written in 64 signed radix-16 digits e_i in [-8, 8]; the table holds
 * j * 256^i * B for i in 0..31 and j in 1..8 (affine, so additions are mixed). Then [k]B = 16 *
 * sum(odd i: e_i * 256^((i-1)/2) B) + sum(even i: e_i * 256^(i/2) B): 64 additions of looked-up
 * entries and 4 doublings. Every lookup reads all 8 entries of its row with masked moves and
 * negates with a masked move, so the memory access pattern does not depend on k.
 *
 * <p>Variable-time verification uses a separate table of odd multiples B, 3B, ..., 127B.
 */
final class BasePointTable {

  /** NAF width used with {@link #oddMultiple} (64 odd multiples). */
  static final int VARTIME_WIDTH = 8;

  private static final EdwardsPoint.Cached[][] ROWS = buildRows();
  private static final EdwardsPoint.Cached[] ODD_MULTIPLES =
      EdwardsPoint.oddMultiples(EdwardsPoint.BASE, 1 << (VARTIME_WIDTH - 2));

  private BasePointTable() {}

  private static EdwardsPoint.Cached[][] buildRows() {
    EdwardsPoint.Cached[][] rows = new EdwardsPoint.Cached[32][8];
    EdwardsPoint rowBase = EdwardsPoint.BASE;
    for (int i = 0; i < 32; i++) {
      EdwardsPoint multiple = rowBase;
      for (int j = 0; j < 8; j++) {
        rows[i][j] = multiple.toAffineCached();
        multiple = multiple.add(rowBase);
      }
      for (int k = 0; k < 8; k++) {
        rowBase = rowBase.dbl();
      }
    }
    return rows;
  }

  static EdwardsPoint.Cached oddMultiple(int index) {
    return ODD_MULTIPLES[index];
  }

  static EdwardsPoint multiply(Scalar k) {
    byte[] digits = k.toSignedRadix16();
    Accumulator r = new Accumulator();
    for (int i = 1; i < 64; i += 2) {
      r.addCached(select(i >>> 1, digits[i]), false);
    }
    r.dbl(false);
    r.dbl(false);
    r.dbl(false);
    r.dbl(true);
    for (int i = 0; i < 64; i += 2) {
      r.addCached(select(i >>> 1, digits[i]), false);
    }
    return r.toPoint();
  }

  /** digit * 256^row * B as an affine cached point, selected in constant time. */
  private static EdwardsPoint.Cached select(int row, byte digit) {
    int negative = (digit >> 31) & 1;
    int magnitude = (digit ^ -negative) + negative;
    // Start from the identity: (Y+X, Y-X, 2dT) = (1, 1, 0).
    int[] yPlusX = Field.of(1);
    int[] yMinusX = Field.of(1);
    int[] t2d = Field.create();
    EdwardsPoint.Cached[] entries = ROWS[row];
    for (int j = 0; j < 8; j++) {
      int mask = ((magnitude ^ (j + 1)) - 1) >> 31;
      Field.conditionalMove(mask, entries[j].yPlusX, yPlusX);
      Field.conditionalMove(mask, entries[j].yMinusX, yMinusX);
      Field.conditionalMove(mask, entries[j].t2d, t2d);
    }
    // Negation of an affine cached point swaps Y+X with Y-X and negates 2dT.
    int[] swapped = Field.copy(yPlusX);
    Field.conditionalMove(-negative, yMinusX, yPlusX);
    Field.conditionalMove(-negative, swapped, yMinusX);
    Field.conditionalNegate(negative, t2d);
    X25519Field.carry(t2d);
    return new EdwardsPoint.Cached(yPlusX, yMinusX, null, t2d);
  }
}
