package org.pinring.threshold.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.math.ec.rfc7748.X25519Field;
import org.junit.jupiter.api.Test;

/**
 * The 51-bit-limb field against two references: {@link BigInteger} arithmetic modulo p, and Bouncy
 * Castle's {@link X25519Field} (the implementation it replaced). Inputs are drawn over the whole
 * range each operation's contract allows, limb maxima included, so that an overflow in the product
 * splitting or the carry chains would show.
 */
class FieldTest {

  private static final BigInteger P =
      BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

  /** Largest limb {@code mul} and {@code sqr} accept (exclusive bound 2^54). */
  private static final long MUL_INPUT_MAX = (1L << 54) - 1;

  /** Largest limb of a carried value (exclusive bound 2^51 + 2^13). */
  private static final long CARRIED_MAX = (1L << 51) + (1L << 13) - 1;

  @Provide
  Arbitrary<long[]> mulInputs() {
    return limbs(MUL_INPUT_MAX);
  }

  @Provide
  Arbitrary<long[]> carriedInputs() {
    return limbs(CARRIED_MAX);
  }

  @Provide
  Arbitrary<long[]> anyNonNegative() {
    return limbs(Long.MAX_VALUE >>> 1);
  }

  private static Arbitrary<long[]> limbs(long max) {
    // Each limb is random, zero or the maximum, so extreme combinations come up often.
    Arbitrary<Long> limb =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, Arbitraries.longs().between(0, max)),
            net.jqwik.api.Tuple.of(3, Arbitraries.just(max)),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(0L)));
    return limb.list()
        .ofSize(Field.LIMBS)
        .map(l -> l.stream().mapToLong(Long::longValue).toArray());
  }

  private static BigInteger value(long[] limbs) {
    BigInteger v = BigInteger.ZERO;
    for (int i = Field.LIMBS - 1; i >= 0; i--) {
      v = v.shiftLeft(51).add(BigInteger.valueOf(limbs[i]));
    }
    return v;
  }

  private static BigInteger reduced(long[] limbs) {
    return value(limbs).mod(P);
  }

  private static void assertCarried(long[] limbs) {
    for (long limb : limbs) {
      assertThat(limb).isBetween(0L, CARRIED_MAX);
    }
  }

  private static byte[] littleEndian(BigInteger v) {
    byte[] be = v.toByteArray();
    byte[] out = new byte[32];
    for (int i = 0; i < be.length && i < 32; i++) {
      out[i] = be[be.length - 1 - i];
    }
    return out;
  }

  @Property(tries = 3000)
  void multiplicationMatchesTheModel(@ForAll("mulInputs") long[] a, @ForAll("mulInputs") long[] b) {
    long[] product = Field.mul(a, b);
    assertCarried(product);
    assertThat(reduced(product)).isEqualTo(reduced(a).multiply(reduced(b)).mod(P));
  }

  @Property(tries = 3000)
  void squaringMatchesTheModel(@ForAll("mulInputs") long[] a) {
    long[] square = Field.sqr(a);
    assertCarried(square);
    assertThat(reduced(square)).isEqualTo(reduced(a).pow(2).mod(P));
    assertThat(reduced(square)).isEqualTo(reduced(Field.mul(a, a)));
  }

  @Test
  void extremeLimbsMultiplyCorrectly() {
    long[] max = new long[Field.LIMBS];
    Arrays.fill(max, MUL_INPUT_MAX);
    long[] product = Field.mul(max, max);
    assertCarried(product);
    assertThat(reduced(product)).isEqualTo(reduced(max).pow(2).mod(P));
    assertThat(reduced(Field.sqr(max))).isEqualTo(reduced(product));
  }

  @Property(tries = 2000)
  void additionAndSubtractionMatchTheModel(
      @ForAll("carriedInputs") long[] a, @ForAll("carriedInputs") long[] b) {
    long[] sum = Field.add(a, b);
    long[] difference = Field.sub(a, b);
    long[] negated = Field.negate(b);
    for (long limb : difference) {
      assertThat(limb).isBetween(0L, MUL_INPUT_MAX);
    }
    assertThat(reduced(sum)).isEqualTo(reduced(a).add(reduced(b)).mod(P));
    assertThat(reduced(difference)).isEqualTo(reduced(a).subtract(reduced(b)).mod(P));
    assertThat(reduced(negated)).isEqualTo(reduced(b).negate().mod(P));
  }

  @Property(tries = 2000)
  void carryKeepsTheValueAndBoundsTheLimbs(@ForAll("anyNonNegative") long[] a) {
    BigInteger expected = reduced(a);
    long[] carried = Field.carried(a.clone());
    assertCarried(carried);
    assertThat(reduced(carried)).isEqualTo(expected);
  }

  @Property(tries = 2000)
  void normalisedEncodingIsTheCanonicalValue(@ForAll("anyNonNegative") long[] a) {
    BigInteger expected = reduced(a);
    byte[] encoded = Field.encode(a);
    assertThat(encoded).isEqualTo(littleEndian(expected));
    long[] normalised = a.clone();
    Field.normalize(normalised);
    assertThat(value(normalised)).isEqualTo(expected);
    assertThat(Field.decode(encoded)).isEqualTo(normalised);
  }

  @Test
  void valuesJustBelowAndAbovePNormalise() {
    for (int delta = -3; delta <= 40; delta++) {
      BigInteger v = P.add(BigInteger.valueOf(delta));
      long[] limbs = new long[Field.LIMBS];
      for (int i = 0; i < Field.LIMBS; i++) {
        limbs[i] = v.shiftRight(51 * i).longValue() & ((1L << 51) - 1);
      }
      limbs[4] += v.shiftRight(255).longValue() << 51; // keep bits above 2^255 in the top limb
      assertThat(Field.encode(limbs)).as("p%+d", delta).isEqualTo(littleEndian(v.mod(P)));
      assertThat(Field.isZero(limbs)).isEqualTo(delta == 0);
    }
  }

  @Property(tries = 1000)
  void decodingIgnoresBit255(@ForAll @Size(32) byte[] bytes) {
    byte[] le = bytes.clone();
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) {
      be[i] = le[31 - i];
    }
    be[0] &= 0x7f;
    BigInteger expected = new BigInteger(1, be);
    assertThat(value(Field.decode(bytes))).isEqualTo(expected);
  }

  @Property(tries = 500)
  void inversionMatchesTheModel(@ForAll("carriedInputs") long[] a) {
    BigInteger v = reduced(a);
    BigInteger expected = v.signum() == 0 ? BigInteger.ZERO : v.modInverse(P);
    assertThat(reduced(Field.invert(a))).isEqualTo(expected);
  }

  @Property(tries = 1000)
  void agreesWithBouncyCastleX25519Field(@ForAll @Size(32) byte[] x, @ForAll @Size(32) byte[] y) {
    int[] bcA = X25519Field.create();
    int[] bcB = X25519Field.create();
    X25519Field.decode(x, 0, bcA);
    X25519Field.decode(y, 0, bcB);
    long[] a = Field.decode(x);
    long[] b = Field.decode(y);

    int[] bcProduct = X25519Field.create();
    X25519Field.mul(bcA, bcB, bcProduct);
    assertThat(Field.encode(Field.mul(a, b))).isEqualTo(bcEncode(bcProduct));
    int[] bcSquare = X25519Field.create();
    X25519Field.sqr(bcA, bcSquare);
    assertThat(Field.encode(Field.sqr(a))).isEqualTo(bcEncode(bcSquare));
    int[] bcDifference = X25519Field.create();
    X25519Field.sub(bcA, bcB, bcDifference);
    assertThat(Field.encode(Field.sub(a, b))).isEqualTo(bcEncode(bcDifference));
    assertThat(bcEncode(Field.toBouncyCastle(a))).isEqualTo(Field.encode(a));
    assertThat(Field.fromBouncyCastle(bcA)).isEqualTo(Field.decode(Field.encode(a)));
  }

  private static byte[] bcEncode(int[] value) {
    int[] n = X25519Field.create();
    X25519Field.copy(value, 0, n, 0);
    X25519Field.normalize(n);
    byte[] out = new byte[32];
    X25519Field.encode(n, out, 0);
    return out;
  }

  @Property(tries = 500)
  void conditionalMoveAndNegateAreSelective(
      @ForAll("carriedInputs") long[] a,
      @ForAll("carriedInputs") long[] b,
      @ForAll @IntRange(min = 0, max = 1) int bit) {
    long[] target = a.clone();
    Field.conditionalMove(-bit, b, target);
    assertThat(target).isEqualTo(bit == 1 ? b : a);
    long[] negated = a.clone();
    Field.conditionalNegate(bit, negated);
    BigInteger expected = bit == 1 ? reduced(a).negate().mod(P) : reduced(a);
    assertThat(reduced(negated)).isEqualTo(expected);
    assertThat(Field.equal(a, b)).isEqualTo(reduced(a).equals(reduced(b)));
    assertThat(Field.lowBit(a)).isEqualTo(reduced(a).testBit(0) ? 1 : 0);
  }
}
