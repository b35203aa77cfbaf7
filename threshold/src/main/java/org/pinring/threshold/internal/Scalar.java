package org.pinring.threshold.internal;

import com.google.errorprone.annotations.Immutable;

/**
 * An integer modulo the order L = 2^252 + 27742317777372353535851937790883648493 of the
 * edwards25519 prime-order subgroup (RFC 9591 section 6.1, "Order()").
 *
 * <p>Every arithmetic operation runs in time independent of the values (no data-dependent branch or
 * memory access): scalars are secret shares, nonces and polynomial coefficients. Values are eight
 * little-endian 32-bit limbs, always fully reduced. Multiplication is Montgomery multiplication
 * (CIOS, R = 2^256) followed by a conversion out of the Montgomery domain.
 *
 * <p>Only the ordering of identifiers ({@link #compareVartime}) and {@link #toString()} are
 * variable-time; they must only be used on public values.
 */
@Immutable
public final class Scalar {

  /** Encoded size in bytes (RFC 9591: Ns = 32). */
  public static final int BYTES = 32;

  private static final int LIMBS = 8;
  private static final long MASK = 0xFFFF_FFFFL;

  @SuppressWarnings("Immutable") // never mutated after construction, never handed out
  private static final int[] L = {
    0x5cf5d3ed, 0x5812631a, 0xa2f79cd6, 0x14def9de, 0, 0, 0, 0x10000000
  };

  /** -L^-1 mod 2^32, the Montgomery constant. */
  private static final int N0 = montgomeryConstant();

  public static final Scalar ZERO = new Scalar(new int[LIMBS]);
  public static final Scalar ONE = fromLong(1);

  /** R^2 mod L and R^3 mod L, R = 2^256: computed once by repeated doubling (public values). */
  private static final Scalar R2 = powerOfTwo(512);

  private static final Scalar R3 = powerOfTwo(768);

  @SuppressWarnings("Immutable") // defensive copies everywhere; the array never escapes
  private final int[] limbs;

  private Scalar(int[] limbs) {
    this.limbs = limbs;
  }

  /** The scalar with the given small non-negative value. */
  public static Scalar fromLong(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("negative: " + value);
    }
    int[] limbs = new int[LIMBS];
    limbs[0] = (int) value;
    limbs[1] = (int) (value >>> 32);
    return new Scalar(limbs);
  }

  /**
   * DeserializeScalar: 32 little-endian bytes, which must encode a value below L (RFC 9591 section
   * 6.1). The comparison with L is constant-time; only the accept/reject outcome is revealed.
   *
   * @throws IllegalArgumentException if the length is not 32 or the value is not below L
   */
  public static Scalar decodeCanonical(byte[] bytes) {
    if (bytes.length != BYTES) {
      throw new IllegalArgumentException("a scalar is 32 bytes, not " + bytes.length);
    }
    int[] limbs = readLimbs(bytes, 0);
    if (borrowOfSubtractL(limbs) == 0) {
      throw new IllegalArgumentException("scalar is not canonical (not below the group order)");
    }
    return new Scalar(limbs);
  }

  /**
   * The 32 bytes read as a little-endian integer and reduced modulo L. Unlike {@link
   * #decodeCanonical} every input is accepted.
   */
  public static Scalar reduce256(byte[] bytes) {
    if (bytes.length != BYTES) {
      throw new IllegalArgumentException("expected 32 bytes, not " + bytes.length);
    }
    // x * R^2 * R^-1 = x * R, then * 1 * R^-1 = x (mod L); valid for any x < 2^256.
    return new Scalar(montgomery(montgomery(readLimbs(bytes, 0), R2.limbs), oneLimbs()));
  }

  /**
   * A 64-byte little-endian integer reduced modulo L: the "interpret the digest as a little-endian
   * integer and reduce" step of H1, H2 and H3 (RFC 9591 section 6.1), and wide reduction for random
   * scalars (RFC 9591 appendix D).
   */
  public static Scalar reduce512(byte[] bytes) {
    if (bytes.length != 2 * BYTES) {
      throw new IllegalArgumentException("expected 64 bytes, not " + bytes.length);
    }
    // x = lo + hi * 2^256. mont(lo, R^2) = lo*R, mont(hi, R^3) = hi*R^2; their sum is x*R, and a
    // last mont(., 1) removes the factor R. Each input is below 2^256 = R and each constant below
    // L, so every product stays below L*R as CIOS requires.
    int[] lo = montgomery(readLimbs(bytes, 0), R2.limbs);
    int[] hi = montgomery(readLimbs(bytes, BYTES), R3.limbs);
    return new Scalar(montgomery(addMod(lo, hi), oneLimbs()));
  }

  public Scalar add(Scalar other) {
    return new Scalar(addMod(limbs, other.limbs));
  }

  public Scalar subtract(Scalar other) {
    return new Scalar(subMod(limbs, other.limbs));
  }

  public Scalar negate() {
    return new Scalar(subMod(new int[LIMBS], limbs));
  }

  public Scalar multiply(Scalar other) {
    // mont(a, b) = a*b/R; mont(that, R^2) = a*b.
    return new Scalar(montgomery(montgomery(limbs, other.limbs), R2.limbs));
  }

  /**
   * The multiplicative inverse, by Fermat's little theorem (x^(L-2)). The exponent is public, so
   * the square-and-multiply schedule does not depend on this value.
   *
   * @throws ArithmeticException if this is zero
   */
  public Scalar invert() {
    if (isZero()) {
      throw new ArithmeticException("zero has no inverse");
    }
    int[] base = montgomery(limbs, R2.limbs); // into the Montgomery domain: x*R
    int[] result = montgomery(ONE.limbs, R2.limbs); // 1*R
    int[] exponent = L.clone();
    exponent[0] -= 2; // L - 2; the low limb of L is far above 2, so no borrow
    for (int bit = 252; bit >= 0; bit--) {
      result = montgomery(result, result);
      if (((exponent[bit >>> 5] >>> (bit & 31)) & 1) != 0) {
        result = montgomery(result, base);
      }
    }
    return new Scalar(montgomery(result, oneLimbs()));
  }

  /**
   * The multiplicative inverse in variable time, for public values only (Lagrange coefficients over
   * identifiers). Uses {@link java.math.BigInteger}, which is fine for public inputs and about
   * fifty times faster than {@link #invert}.
   *
   * @throws ArithmeticException if this is zero
   */
  public Scalar invertVartime() {
    if (isZero()) {
      throw new ArithmeticException("zero has no inverse");
    }
    java.math.BigInteger order = toBigIntegerVartime(L);
    java.math.BigInteger inverse = toBigIntegerVartime(limbs).modInverse(order);
    int[] out = new int[LIMBS];
    for (int i = 0; i < LIMBS; i++) {
      out[i] = inverse.shiftRight(32 * i).intValue();
    }
    return new Scalar(out);
  }

  private static java.math.BigInteger toBigIntegerVartime(int[] limbs) {
    java.math.BigInteger value = java.math.BigInteger.ZERO;
    for (int i = LIMBS - 1; i >= 0; i--) {
      value = value.shiftLeft(32).or(java.math.BigInteger.valueOf(limbs[i] & MASK));
    }
    return value;
  }

  /** Constant-time test for zero. */
  public boolean isZero() {
    int acc = 0;
    for (int limb : limbs) {
      acc |= limb;
    }
    return acc == 0;
  }

  /** SerializeScalar: 32 little-endian bytes. */
  public byte[] toBytes() {
    byte[] out = new byte[BYTES];
    for (int i = 0; i < LIMBS; i++) {
      int limb = limbs[i];
      out[4 * i] = (byte) limb;
      out[4 * i + 1] = (byte) (limb >>> 8);
      out[4 * i + 2] = (byte) (limb >>> 16);
      out[4 * i + 3] = (byte) (limb >>> 24);
    }
    return out;
  }

  /**
   * The value as 64 signed radix-16 digits in [-8, 8], least significant first, for constant-time
   * fixed-window multiplication: sum(digits[i] * 16^i) equals this scalar.
   */
  byte[] toSignedRadix16() {
    byte[] bytes = toBytes();
    byte[] digits = new byte[64];
    for (int i = 0; i < BYTES; i++) {
      digits[2 * i] = (byte) (bytes[i] & 15);
      digits[2 * i + 1] = (byte) ((bytes[i] >>> 4) & 15);
    }
    // Values below L < 2^253 have a top digit of at most 1, so the final carry always fits.
    int carry = 0;
    for (int i = 0; i < 63; i++) {
      int digit = digits[i] + carry;
      carry = (digit + 8) >> 4;
      digits[i] = (byte) (digit - (carry << 4));
    }
    digits[63] = (byte) (digits[63] + carry);
    return digits;
  }

  /**
   * Width-w non-adjacent form, for variable-time multiplication with public scalars only. Digit i
   * is zero or odd with absolute value below 2^(w-1).
   */
  byte[] toWnafVartime(int width) {
    if (width < 2 || width > 8) {
      throw new IllegalArgumentException("NAF width must be 2..8, not " + width);
    }
    // The value as four 64-bit words plus a zero word, so a window may straddle two words.
    long[] words = new long[5];
    for (int i = 0; i < LIMBS; i++) {
      words[i >>> 1] |= (limbs[i] & MASK) << (32 * (i & 1));
    }
    byte[] naf = new byte[257];
    int windowSize = 1 << width;
    int windowMask = windowSize - 1;
    int carry = 0;
    int position = 0;
    // Scan for the next odd window; a carry left by a negative digit is added to the bits above
    // it. Values are below L < 2^253, so the last carry lands below bit 256.
    while (position < 256) {
      int word = position >>> 6;
      int bit = position & 63;
      long bits = words[word] >>> bit;
      if (bit > 64 - width) {
        bits |= words[word + 1] << (64 - bit);
      }
      int window = carry + (int) (bits & windowMask);
      if ((window & 1) == 0) {
        // Even: digit zero here; a pending carry (bit + carry = 2) moves up unchanged.
        position++;
        continue;
      }
      if (window < windowSize / 2) {
        carry = 0;
        naf[position] = (byte) window;
      } else {
        carry = 1;
        naf[position] = (byte) (window - windowSize);
      }
      position += width;
    }
    return naf;
  }

  /** Bit {@code index} of the value (public scalars only). */
  int bitVartime(int index) {
    return (limbs[index >>> 5] >>> (index & 31)) & 1;
  }

  /**
   * Orders scalars by their integer value, as RFC 9591 section 3.1 requires for identifiers. Not
   * constant-time: for public values only.
   */
  public int compareVartime(Scalar other) {
    for (int i = LIMBS - 1; i >= 0; i--) {
      int c = Integer.compareUnsigned(limbs[i], other.limbs[i]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** Constant-time equality. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Scalar that)) {
      return false;
    }
    int diff = 0;
    int[] other = that.limbs;
    for (int i = 0; i < LIMBS; i++) {
      diff |= limbs[i] ^ other[i];
    }
    return diff == 0;
  }

  @Override
  public int hashCode() {
    // Scalars may be secret: a hash would leak bits into hash tables. Equal values still agree.
    return Scalar.class.hashCode();
  }

  /** Deliberately does not print the value: scalars are usually secret. */
  @Override
  public String toString() {
    return "Scalar(redacted)";
  }

  // ---- limb arithmetic ------------------------------------------------------------------------

  private static int[] oneLimbs() {
    int[] one = new int[LIMBS];
    one[0] = 1;
    return one;
  }

  private static int[] readLimbs(byte[] bytes, int offset) {
    int[] limbs = new int[LIMBS];
    for (int i = 0; i < LIMBS; i++) {
      int o = offset + 4 * i;
      limbs[i] =
          (bytes[o] & 0xff)
              | (bytes[o + 1] & 0xff) << 8
              | (bytes[o + 2] & 0xff) << 16
              | (bytes[o + 3] & 0xff) << 24;
    }
    return limbs;
  }

  /** 1 if {@code x < L} (x - L borrows), else 0; constant-time. */
  private static int borrowOfSubtractL(int[] x) {
    long borrow = 0;
    for (int i = 0; i < LIMBS; i++) {
      long d = (x[i] & MASK) - (L[i] & MASK) - borrow;
      borrow = (d >>> 63);
    }
    return (int) borrow;
  }

  /** (a + b) mod L for a, b < L, constant-time. */
  private static int[] addMod(int[] a, int[] b) {
    int[] sum = new int[LIMBS];
    long carry = 0;
    for (int i = 0; i < LIMBS; i++) {
      long s = (a[i] & MASK) + (b[i] & MASK) + carry;
      sum[i] = (int) s;
      carry = s >>> 32;
    }
    // a + b < 2L < 2^254, so there is no carry out of the top limb.
    return subtractLIfNotBelow(sum);
  }

  /** (a - b) mod L for a, b < L, constant-time. */
  private static int[] subMod(int[] a, int[] b) {
    int[] diff = new int[LIMBS];
    long borrow = 0;
    for (int i = 0; i < LIMBS; i++) {
      long d = (a[i] & MASK) - (b[i] & MASK) - borrow;
      diff[i] = (int) d;
      borrow = d >>> 63;
    }
    // On borrow, add L back: mask is all ones when borrow is 1.
    int mask = (int) -borrow;
    long carry = 0;
    for (int i = 0; i < LIMBS; i++) {
      long s = (diff[i] & MASK) + (L[i] & mask & MASK) + carry;
      diff[i] = (int) s;
      carry = s >>> 32;
    }
    return diff;
  }

  /** x - L if x >= L else x, for x < 2L; constant-time. */
  private static int[] subtractLIfNotBelow(int[] x) {
    int[] reduced = new int[LIMBS];
    long borrow = 0;
    for (int i = 0; i < LIMBS; i++) {
      long d = (x[i] & MASK) - (L[i] & MASK) - borrow;
      reduced[i] = (int) d;
      borrow = d >>> 63;
    }
    // borrow == 1 means x < L: keep x.
    int keep = (int) -borrow;
    for (int i = 0; i < LIMBS; i++) {
      reduced[i] = (x[i] & keep) | (reduced[i] & ~keep);
    }
    return reduced;
  }

  /**
   * Montgomery multiplication a*b*R^-1 mod L (CIOS). Requires a*b < L*R; the result is then below
   * 2L before the final constant-time conditional subtraction.
   */
  private static int[] montgomery(int[] a, int[] b) {
    long[] t = new long[LIMBS + 2];
    for (int i = 0; i < LIMBS; i++) {
      long bi = b[i] & MASK;
      long carry = 0;
      for (int j = 0; j < LIMBS; j++) {
        // At most (2^32-1) + (2^32-1)^2 + (2^32-1) = 2^64-1: fits an unsigned 64-bit value.
        long s = t[j] + (a[j] & MASK) * bi + carry;
        t[j] = s & MASK;
        carry = s >>> 32;
      }
      long s = t[LIMBS] + carry;
      t[LIMBS] = s & MASK;
      t[LIMBS + 1] = s >>> 32;

      int lowProduct = (int) t[0] * N0; // only the low 32 bits matter: wrap-around is intended
      long m = lowProduct & MASK;
      s = t[0] + m * (L[0] & MASK);
      carry = s >>> 32;
      for (int j = 1; j < LIMBS; j++) {
        s = t[j] + m * (L[j] & MASK) + carry;
        t[j - 1] = s & MASK;
        carry = s >>> 32;
      }
      s = t[LIMBS] + carry;
      t[LIMBS - 1] = s & MASK;
      t[LIMBS] = t[LIMBS + 1] + (s >>> 32);
    }
    int[] out = new int[LIMBS];
    for (int i = 0; i < LIMBS; i++) {
      out[i] = (int) t[i];
    }
    // The result is below 2L < 2^254, so t[LIMBS] is zero here.
    return subtractLIfNotBelow(out);
  }

  private static int montgomeryConstant() {
    // Newton's iteration doubles the number of correct low bits: 1 -> 2 -> 4 -> ... -> 32.
    int inverse = 1;
    for (int i = 0; i < 5; i++) {
      inverse *= 2 - L[0] * inverse;
    }
    return -inverse;
  }

  private static Scalar powerOfTwo(int exponent) {
    Scalar value = ONE;
    for (int i = 0; i < exponent; i++) {
      value = value.add(value);
    }
    return value;
  }
}
