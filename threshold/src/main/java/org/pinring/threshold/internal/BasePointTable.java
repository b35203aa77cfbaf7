package org.pinring.threshold.internal;

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

  /** Longs per packed entry: Y+X, Y-X and 2dT. */
  private static final int ENTRY = 3 * Field.LIMBS;

  private static final EdwardsPoint.Cached[][] ROWS = buildRows();

  /**
   * The same rows packed for selection: entry j of row i is the 15 longs Y+X, Y-X, 2dT at offset 15
   * * j, so that a constant-time lookup is one pass over 120 longs.
   */
  private static final long[][] PACKED = pack(ROWS);

  private static long[][] pack(EdwardsPoint.Cached[][] rows) {
    long[][] packed = new long[rows.length][8 * ENTRY];
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < 8; j++) {
        System.arraycopy(rows[i][j].yPlusX, 0, packed[i], ENTRY * j, Field.LIMBS);
        System.arraycopy(rows[i][j].yMinusX, 0, packed[i], ENTRY * j + Field.LIMBS, Field.LIMBS);
        System.arraycopy(rows[i][j].t2d, 0, packed[i], ENTRY * j + 2 * Field.LIMBS, Field.LIMBS);
      }
    }
    return packed;
  }

  private static final EdwardsPoint.Cached[] ODD_MULTIPLES = affineOddMultiples();

  /** B, 3B, ..., 127B in affine cached form (Z = 1 saves a multiplication per addition). */
  private static EdwardsPoint.Cached[] affineOddMultiples() {
    int count = 1 << (VARTIME_WIDTH - 2);
    EdwardsPoint.Cached[] table = new EdwardsPoint.Cached[count];
    EdwardsPoint twice = EdwardsPoint.BASE.dbl();
    EdwardsPoint current = EdwardsPoint.BASE;
    for (int i = 0; i < count; i++) {
      table[i] = current.toAffineCached();
      current = current.add(twice);
    }
    return table;
  }

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
    // One selection buffer for all 64 lookups: they are consumed one at a time.
    EdwardsPoint.Cached entry =
        new EdwardsPoint.Cached(Field.create(), Field.create(), null, Field.create());
    long[] scratch = Field.create();
    for (int i = 1; i < 64; i += 2) {
      select(i >>> 1, digits[i], entry, scratch);
      r.addCached(entry, false);
    }
    r.dbl(false);
    r.dbl(false);
    r.dbl(false);
    r.dbl(true);
    for (int i = 0; i < 64; i += 2) {
      select(i >>> 1, digits[i], entry, scratch);
      r.addCached(entry, false);
    }
    return r.toPoint();
  }

  /**
   * Sets {@code entry} to digit * 256^row * B as an affine cached point, selected in constant time.
   */
  private static void select(int row, byte digit, EdwardsPoint.Cached entry, long[] scratch) {
    int negative = (digit >> 31) & 1;
    int magnitude = (digit ^ -negative) + negative;
    long[] plus = entry.yPlusX;
    long[] minus = entry.yMinusX;
    long[] t2d = entry.t2d;
    // Start from the identity: (Y+X, Y-X, 2dT) = (1, 1, 0); then read every entry of the row and
    // keep the one whose index matches, with masks instead of branches.
    for (int k = 0; k < Field.LIMBS; k++) {
      plus[k] = 0;
      minus[k] = 0;
      t2d[k] = 0;
    }
    plus[0] = 1;
    minus[0] = 1;
    long[] entries = PACKED[row];
    for (int j = 0; j < 8; j++) {
      int matches = ((magnitude ^ (j + 1)) - 1) >> 31; // all ones when magnitude == j + 1
      long mask = matches; // sign extension keeps all 64 bits set
      int base = ENTRY * j;
      for (int k = 0; k < Field.LIMBS; k++) {
        plus[k] ^= (plus[k] ^ entries[base + k]) & mask;
        minus[k] ^= (minus[k] ^ entries[base + Field.LIMBS + k]) & mask;
        t2d[k] ^= (t2d[k] ^ entries[base + 2 * Field.LIMBS + k]) & mask;
      }
    }
    // Negation of an affine cached point swaps Y+X with Y-X and negates 2dT.
    int swapMask = -negative;
    long swap = swapMask; // sign extension: 0 or all 64 bits set
    for (int k = 0; k < Field.LIMBS; k++) {
      long difference = (plus[k] ^ minus[k]) & swap;
      plus[k] ^= difference;
      minus[k] ^= difference;
    }
    Field.negate(t2d, scratch);
    Field.conditionalMove(-negative, scratch, t2d);
  }
}
