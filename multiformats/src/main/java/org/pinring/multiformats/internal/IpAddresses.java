package org.pinring.multiformats.internal;

import java.util.Locale;

/**
 * Textual IPv4 and IPv6 addresses, parsed and printed without touching the resolver (the JDK's
 * {@code InetAddress.getByName} would issue a DNS query for anything that is not a literal).
 *
 * <p>Parsing is strict: IPv4 octets are decimal without leading zeros (so no octal ambiguity); IPv6
 * accepts the RFC 4291 forms including {@code ::} and a trailing dotted IPv4 part. Printing follows
 * RFC 5952: lowercase, no leading zeros, the longest run of two or more zero groups compressed, and
 * IPv4-mapped addresses in mixed notation.
 */
public final class IpAddresses {

  private IpAddresses() {}

  /**
   * @return the four bytes, or null if {@code text} is not a dotted-quad IPv4 address
   */
  public static byte[] parseIp4(String text) {
    byte[] out = new byte[4];
    int part = 0;
    int i = 0;
    int n = text.length();
    while (part < 4) {
      int start = i;
      int value = 0;
      while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9' && i - start < 3) {
        value = value * 10 + (text.charAt(i) - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || value > 255 || (digits > 1 && text.charAt(start) == '0')) {
        return null;
      }
      out[part++] = (byte) value;
      if (part < 4) {
        if (i >= n || text.charAt(i) != '.') {
          return null;
        }
        i++;
      }
    }
    return i == n ? out : null;
  }

  /**
   * @return the sixteen bytes, or null if {@code text} is not an IPv6 address
   */
  public static byte[] parseIp6(String text) {
    int n = text.length();
    if (n < 2 || n > 45) {
      return null;
    }
    int[] groups = new int[8];
    int count = 0;
    int compressAt = -1;
    int i = 0;
    if (text.startsWith("::")) {
      compressAt = 0;
      i = 2;
      if (i == n) {
        return new byte[16];
      }
    } else if (text.charAt(0) == ':') {
      return null;
    }
    while (i < n) {
      if (count == 8) {
        return null;
      }
      int start = i;
      int value = 0;
      while (i < n && i - start < 4 && Character.digit(text.charAt(i), 16) >= 0) {
        value = (value << 4) | Character.digit(text.charAt(i), 16);
        i++;
      }
      if (i < n && text.charAt(i) == '.') {
        // A dotted IPv4 tail takes the last two groups.
        byte[] ip4 = parseIp4(text.substring(start));
        if (ip4 == null || count > 6) {
          return null;
        }
        groups[count++] = ((ip4[0] & 0xFF) << 8) | (ip4[1] & 0xFF);
        groups[count++] = ((ip4[2] & 0xFF) << 8) | (ip4[3] & 0xFF);
        i = n;
        break;
      }
      if (i == start) {
        return null;
      }
      groups[count++] = value;
      if (i == n) {
        break;
      }
      if (text.charAt(i) != ':') {
        return null;
      }
      i++;
      if (i < n && text.charAt(i) == ':') {
        if (compressAt >= 0) {
          return null;
        }
        compressAt = count;
        i++;
        if (i == n) {
          break;
        }
      } else if (i == n) {
        return null;
      }
    }
    if (compressAt < 0 ? count != 8 : count > 7) {
      return null;
    }
    byte[] out = new byte[16];
    int zeros = 8 - count;
    for (int g = 0, slot = 0; g < count; g++, slot++) {
      if (g == compressAt && compressAt >= 0) {
        slot += zeros;
      }
      out[2 * slot] = (byte) (groups[g] >>> 8);
      out[2 * slot + 1] = (byte) groups[g];
    }
    return out;
  }

  /** Dotted-quad text of four bytes. */
  public static String formatIp4(byte[] address) {
    return (address[0] & 0xFF)
        + "."
        + (address[1] & 0xFF)
        + "."
        + (address[2] & 0xFF)
        + "."
        + (address[3] & 0xFF);
  }

  /** RFC 5952 text of sixteen bytes. */
  public static String formatIp6(byte[] address) {
    int[] groups = new int[8];
    for (int g = 0; g < 8; g++) {
      groups[g] = ((address[2 * g] & 0xFF) << 8) | (address[2 * g + 1] & 0xFF);
    }
    int last = 8;
    int bestStart = -1;
    int bestLength = 1;
    for (int g = 0; g < last; ) {
      if (groups[g] != 0) {
        g++;
        continue;
      }
      int start = g;
      while (g < last && groups[g] == 0) {
        g++;
      }
      if (g - start > bestLength) {
        bestStart = start;
        bestLength = g - start;
      }
    }
    StringBuilder out = new StringBuilder(45);
    for (int g = 0; g < last; g++) {
      if (g == bestStart) {
        out.append("::");
        g += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[g]));
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }
}
