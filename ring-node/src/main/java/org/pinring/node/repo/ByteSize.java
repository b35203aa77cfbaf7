package org.pinring.node.repo;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number of bytes, as people write it: {@code 200GiB}, {@code 1.5 TiB}, {@code 500MB}, {@code
 * 4096}. Binary units (KiB, MiB, GiB, TiB) are powers of 1024, decimal units (kB, MB, GB, TB)
 * powers of 1000; a bare number is bytes.
 *
 * @param bytes the size; never negative
 */
public record ByteSize(long bytes) implements Comparable<ByteSize> {

  private static final Pattern SYNTAX =
      Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([a-zA-Z]*)\\s*");

  public ByteSize {
    if (bytes < 0) {
      throw new IllegalArgumentException("a size cannot be negative: " + bytes);
    }
  }

  public static ByteSize ofBytes(long bytes) {
    return new ByteSize(bytes);
  }

  /**
   * Parses a size.
   *
   * @throws IllegalArgumentException with a message saying what is accepted
   */
  public static ByteSize parse(String text) {
    Matcher matcher = SYNTAX.matcher(text);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a size; write e.g. 200GiB, 1.5TiB, 500MB or a number of bytes");
    }
    long unit = unit(matcher.group(2), text);
    BigDecimal value = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(unit));
    if (value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("'" + text + "' is too large");
    }
    return new ByteSize(value.longValue());
  }

  private static long unit(String unit, String text) {
    return switch (unit.toLowerCase(Locale.ROOT)) {
      case "", "b" -> 1L;
      case "kib", "k" -> 1L << 10;
      case "mib", "m" -> 1L << 20;
      case "gib", "g" -> 1L << 30;
      case "tib", "t" -> 1L << 40;
      case "kb" -> 1_000L;
      case "mb" -> 1_000_000L;
      case "gb" -> 1_000_000_000L;
      case "tb" -> 1_000_000_000_000L;
      default ->
          throw new IllegalArgumentException(
              "unknown unit '"
                  + unit
                  + "' in '"
                  + text
                  + "'; use B, KiB, MiB, GiB, TiB, kB, MB,"
                  + " GB or TB");
    };
  }

  /** Human-readable with binary units, e.g. {@code 1.5 GiB}; exact bytes below 1 KiB. */
  public static String format(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    String number = String.format(Locale.ROOT, "%.1f", value);
    if (number.endsWith(".0")) {
      number = number.substring(0, number.length() - 2);
    }
    return number + " " + units[unit];
  }

  /**
   * The compact form config.json uses, exact: e.g. {@code 200GiB}, or bytes when not a whole unit.
   */
  public String toConfigText() {
    String[] units = {"TiB", "GiB", "MiB", "KiB"};
    int[] shifts = {40, 30, 20, 10};
    for (int i = 0; i < units.length; i++) {
      long unit = 1L << shifts[i];
      if (bytes >= unit && bytes % unit == 0) {
        return (bytes / unit) + units[i];
      }
    }
    return Long.toString(bytes);
  }

  @Override
  public int compareTo(ByteSize other) {
    return Long.compare(bytes, other.bytes);
  }

  @Override
  public String toString() {
    return format(bytes);
  }
}
