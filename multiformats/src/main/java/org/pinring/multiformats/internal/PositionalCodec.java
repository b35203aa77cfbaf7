package org.pinring.multiformats.internal;

import com.google.errorprone.annotations.Immutable;
import java.util.Arrays;
import org.pinring.multiformats.InvalidMultibaseException;

/**
 * Bases that treat the input as one big number (base10, base36, base58): each leading zero byte
 * becomes one leading zero digit and the rest is converted positionally.
 *
 * <p>The conversion is quadratic in the input length, so both directions are bounded: these
 * encodings carry identifiers and keys, not bulk data.
 */
@Immutable
public final class PositionalCodec implements TextCodec {

  /** Largest byte string converted, in either direction. */
  public static final int MAX_BYTES = 4096;

  private final String name;

  // Arrays are filled in the constructor and never written again.
  @SuppressWarnings("Immutable")
  private final char[] alphabet;

  private final int base;

  @SuppressWarnings("Immutable")
  private final byte[] lookup = new byte[128];

  private final int maxChars;

  public PositionalCodec(String name, String alphabet, boolean caseInsensitive) {
    this.name = name;
    this.alphabet = alphabet.toCharArray();
    this.base = alphabet.length();
    Arrays.fill(lookup, (byte) -1);
    for (int i = 0; i < this.alphabet.length; i++) {
      char c = this.alphabet[i];
      lookup[c] = (byte) i;
      if (caseInsensitive) {
        lookup[Character.toLowerCase(c)] = (byte) i;
        lookup[Character.toUpperCase(c)] = (byte) i;
      }
    }
    this.maxChars = (int) Math.ceil(MAX_BYTES * Math.log(256) / Math.log(base)) + 1;
  }

  @Override
  public String encode(byte[] data) {
    if (data.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          name + " encodes at most " + MAX_BYTES + " bytes, got " + data.length);
    }
    int zeros = 0;
    while (zeros < data.length && data[zeros] == 0) {
      zeros++;
    }
    // Digits of the number, least significant last; sized for the worst case.
    int capacity = (int) ((data.length - zeros) * Math.log(256) / Math.log(base)) + 1;
    int[] digits = new int[capacity];
    int used = 0;
    for (int i = zeros; i < data.length; i++) {
      int carry = data[i] & 0xFF;
      int j = 0;
      for (int k = capacity - 1; (carry != 0 || j < used) && k >= 0; k--, j++) {
        carry += 256 * digits[k];
        digits[k] = carry % base;
        carry /= base;
      }
      assert carry == 0 : "digit buffer too small";
      used = j;
    }
    StringBuilder out = new StringBuilder(zeros + used);
    for (int i = 0; i < zeros; i++) {
      out.append(alphabet[0]);
    }
    int start = capacity - used;
    while (start < capacity && digits[start] == 0) {
      start++;
    }
    for (int k = start; k < capacity; k++) {
      out.append(alphabet[digits[k]]);
    }
    return out.toString();
  }

  @Override
  public byte[] decode(CharSequence text, int from) {
    int chars = text.length() - from;
    if (chars > maxChars) {
      throw new InvalidMultibaseException(
          name
              + " text is "
              + chars
              + " characters long; at most "
              + maxChars
              + " are accepted ("
              + MAX_BYTES
              + " bytes)");
    }
    int zeros = 0;
    while (zeros < chars && text.charAt(from + zeros) == alphabet[0]) {
      zeros++;
    }
    int capacity = (int) ((chars - zeros) * Math.log(base) / Math.log(256)) + 1;
    int[] bytes = new int[capacity];
    int used = 0;
    for (int i = from + zeros; i < text.length(); i++) {
      char c = text.charAt(i);
      int carry = c < 128 ? lookup[c] : -1;
      if (carry < 0) {
        throw BitPackingCodec.invalidCharacter(name, text, i);
      }
      int j = 0;
      for (int k = capacity - 1; (carry != 0 || j < used) && k >= 0; k--, j++) {
        carry += base * bytes[k];
        bytes[k] = carry & 0xFF;
        carry >>>= 8;
      }
      assert carry == 0 : "byte buffer too small";
      used = j;
    }
    int start = capacity - used;
    while (start < capacity && bytes[start] == 0) {
      start++;
    }
    int length = zeros + capacity - start;
    if (length > MAX_BYTES) {
      throw new InvalidMultibaseException(
          name + " text decodes to " + length + " bytes; at most " + MAX_BYTES + " are accepted");
    }
    byte[] out = new byte[length];
    for (int k = start; k < capacity; k++) {
      out[zeros + k - start] = (byte) bytes[k];
    }
    return out;
  }
}
