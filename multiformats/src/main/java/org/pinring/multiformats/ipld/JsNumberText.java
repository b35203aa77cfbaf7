package org.pinring.multiformats.ipld;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Writes a double the way ECMAScript's {@code Number.prototype.toString()} does (ECMA-262,
 * Number::toString): the shortest decimal that reads back as the same double, closest to the value
 * when several are equally short, in plain notation for exponents from -6 to 20 and scientific
 * notation otherwise. DAG-JSON writers in js print floats this way, so matching it gives the same
 * bytes and CIDs. ({@link Double#toString} is not always shortest on JDK 17.)
 */
final class JsNumberText {

  private JsNumberText() {}

  static String format(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("not finite: " + value);
    }
    if (value == 0) {
      return "0"; // ECMAScript prints -0 as "0" too
    }
    BigDecimal exact = new BigDecimal(Math.abs(value));
    BigDecimal shortest = null;
    for (int digits = 1; digits <= 17; digits++) {
      BigDecimal candidate = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
      if (candidate.doubleValue() == Math.abs(value)) {
        shortest = candidate;
        break;
      }
    }
    if (shortest == null) {
      throw new AssertionError("17 significant digits always round-trip a double");
    }
    String s = shortest.unscaledValue().toString();
    int trailingZeros = 0;
    while (trailingZeros < s.length() - 1 && s.charAt(s.length() - 1 - trailingZeros) == '0') {
      trailingZeros++;
    }
    s = s.substring(0, s.length() - trailingZeros);
    int k = s.length();
    // value = s * 10^(n - k)
    int n = k - shortest.scale() + trailingZeros;
    return (value < 0 ? "-" : "") + layout(s, k, n);
  }

  private static String layout(String s, int k, int n) {
    if (k <= n && n <= 21) {
      return s + "0".repeat(n - k);
    }
    if (0 < n && n <= 21) {
      return s.substring(0, n) + "." + s.substring(n);
    }
    if (-6 < n && n <= 0) {
      return "0." + "0".repeat(-n) + s;
    }
    int exponent = n - 1;
    String sign = exponent < 0 ? "-" : "+";
    String mantissa = k == 1 ? s : s.charAt(0) + "." + s.substring(1);
    return mantissa + "e" + sign + Math.abs(exponent);
  }
}
