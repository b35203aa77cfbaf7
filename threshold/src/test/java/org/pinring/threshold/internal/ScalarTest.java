package org.pinring.threshold.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Scalar arithmetic against a naive BigInteger model (test code only: BigInteger is fine here). */
class ScalarTest {

  static final BigInteger L =
      BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

  static BigInteger toBig(byte[] littleEndian) {
    byte[] be = new byte[littleEndian.length + 1];
    for (int i = 0; i < littleEndian.length; i++) {
      be[be.length - 1 - i] = littleEndian[i];
    }
    return new BigInteger(be);
  }

  static Scalar fromBig(BigInteger value) {
    byte[] be = value.toByteArray();
    byte[] le = new byte[32];
    for (int i = 0; i < be.length && i < 32; i++) {
      le[i] = be[be.length - 1 - i];
    }
    return Scalar.decodeCanonical(le);
  }

  @Provide
  Arbitrary<BigInteger> scalars() {
    return Arbitraries.oneOf(
        Arbitraries.bigIntegers().between(BigInteger.ZERO, L.subtract(BigInteger.ONE)),
        Arbitraries.of(
            BigInteger.ZERO,
            BigInteger.ONE,
            BigInteger.TWO,
            L.subtract(BigInteger.ONE),
            L.subtract(BigInteger.TWO),
            BigInteger.TWO.pow(252),
            BigInteger.TWO.pow(128).subtract(BigInteger.ONE)));
  }

  @Property
  void arithmeticMatchesTheModel(@ForAll("scalars") BigInteger a, @ForAll("scalars") BigInteger b) {
    Scalar x = fromBig(a);
    Scalar y = fromBig(b);
    assertThat(toBig(x.add(y).toBytes())).isEqualTo(a.add(b).mod(L));
    assertThat(toBig(x.subtract(y).toBytes())).isEqualTo(a.subtract(b).mod(L));
    assertThat(toBig(x.multiply(y).toBytes())).isEqualTo(a.multiply(b).mod(L));
    assertThat(toBig(x.negate().toBytes())).isEqualTo(a.negate().mod(L));
    assertThat(x.compareVartime(y)).isEqualTo(Integer.signum(a.compareTo(b)));
    assertThat(x.equals(y)).isEqualTo(a.equals(b));
    if (a.signum() != 0) {
      assertThat(toBig(x.invert().toBytes())).isEqualTo(a.modInverse(L));
      assertThat(x.invertVartime()).isEqualTo(x.invert());
    }
  }

  @Property
  void wideReductionMatchesTheModel(
      @ForAll @Size(64) byte[] wide, @ForAll @Size(32) byte[] narrow) {
    assertThat(toBig(Scalar.reduce512(wide).toBytes())).isEqualTo(toBig(wide).mod(L));
    assertThat(toBig(Scalar.reduce256(narrow).toBytes())).isEqualTo(toBig(narrow).mod(L));
  }

  @Property
  void canonicalDecodingAcceptsExactlyValuesBelowL(@ForAll @Size(32) byte[] bytes) {
    if (toBig(bytes).compareTo(L) < 0) {
      assertThat(Scalar.decodeCanonical(bytes).toBytes()).isEqualTo(bytes);
    } else {
      assertThatThrownBy(() -> Scalar.decodeCanonical(bytes))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Property
  void radix16AndNafDigitsRecomposeTheValue(@ForAll("scalars") BigInteger a) {
    Scalar x = fromBig(a);
    byte[] digits = x.toSignedRadix16();
    BigInteger sum = BigInteger.ZERO;
    for (int i = 63; i >= 0; i--) {
      assertThat((int) digits[i]).isBetween(-8, 8);
      sum = sum.shiftLeft(4).add(BigInteger.valueOf(digits[i]));
    }
    assertThat(sum).isEqualTo(a);
    for (int width : new int[] {5, 8}) {
      byte[] naf = x.toWnafVartime(width);
      BigInteger value = BigInteger.ZERO;
      for (int i = naf.length - 1; i >= 0; i--) {
        value = value.shiftLeft(1).add(BigInteger.valueOf(naf[i]));
        assertThat(naf[i] == 0 || (naf[i] & 1) != 0).isTrue();
        assertThat(Math.abs(naf[i])).isLessThan(1 << (width - 1));
      }
      assertThat(value).isEqualTo(a);
    }
  }

  @Test
  void rejectsTheOrderItselfAndWrongLengths() {
    byte[] order = fromBig(L.subtract(BigInteger.ONE)).toBytes();
    order[0]++; // L - 1 + 1 = L, no carry since the low byte of L - 1 is 0xec
    assertThatThrownBy(() -> Scalar.decodeCanonical(order))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not canonical");
    assertThatThrownBy(() -> Scalar.decodeCanonical(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(Scalar.ZERO::invert).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(Scalar.ZERO::invertVartime).isInstanceOf(ArithmeticException.class);
  }

  @Test
  void neverPrintsItsValue() {
    assertThat(Scalar.fromLong(42).toString()).doesNotContain("2a").contains("redacted");
    assertThat(HexFormat.of().formatHex(Scalar.fromLong(258).toBytes())).startsWith("0201");
  }
}
