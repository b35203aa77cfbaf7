package org.pinring.multiformats.internal;

import com.google.errorprone.annotations.Immutable;
import java.util.Arrays;
import org.pinring.multiformats.InvalidMultibaseException;

/**
 * The RFC 4648 family: each character carries a fixed number of bits (1, 3, 4, 5 or 6), most
 * significant first, with the last character zero-filled and optional '=' padding to a whole number
 * of bytes. base2, base8, base16, base32 (all alphabets) and base64 are all this scheme.
 *
 * <p>Decoding is strict: padding must be exactly what encoding would produce, the unused low bits
 * of the last character must be zero, and a length that no input could produce is rejected. Those
 * rules make the encoding of a byte string unique.
 */
@Immutable
public final class BitPackingCodec implements TextCodec {

  private static final char PAD = '=';

  private final String name;

  // Arrays are filled in the constructor and never written again.
  @SuppressWarnings("Immutable")
  private final char[] alphabet;

  private final int bitsPerChar;
  private final boolean padded;

  @SuppressWarnings("Immutable")
  private final byte[] lookup = new byte[128];

  /**
   * @param name the base's name, for error messages
   * @param alphabet one character per value, {@code 2^bitsPerChar} characters
   * @param padded whether encoded text is padded with '=' to a whole number of bytes
   * @param caseInsensitive whether decoding also accepts the other case of each letter
   */
  public BitPackingCodec(String name, String alphabet, boolean padded, boolean caseInsensitive) {
    this.name = name;
    this.alphabet = alphabet.toCharArray();
    this.bitsPerChar = Integer.numberOfTrailingZeros(alphabet.length());
    if (alphabet.length() != 1 << bitsPerChar || bitsPerChar > 6) {
      throw new IllegalArgumentException("alphabet size must be 2, 8, 16, 32 or 64");
    }
    this.padded = padded;
    Arrays.fill(lookup, (byte) -1);
    for (int i = 0; i < this.alphabet.length; i++) {
      char c = this.alphabet[i];
      lookup[c] = (byte) i;
      if (caseInsensitive) {
        lookup[Character.toLowerCase(c)] = (byte) i;
        lookup[Character.toUpperCase(c)] = (byte) i;
      }
    }
  }

  @Override
  public String encode(byte[] data) {
    int chars = (data.length * 8 + bitsPerChar - 1) / bitsPerChar;
    StringBuilder out = new StringBuilder(chars + 8);
    int mask = (1 << bitsPerChar) - 1;
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xFF);
      bits += 8;
      while (bits >= bitsPerChar) {
        bits -= bitsPerChar;
        out.append(alphabet[(buffer >>> bits) & mask]);
      }
      buffer &= (1 << bits) - 1;
    }
    if (bits > 0) {
      out.append(alphabet[(buffer << (bitsPerChar - bits)) & mask]);
    }
    if (padded) {
      while ((out.length() * bitsPerChar) % 8 != 0) {
        out.append(PAD);
      }
    }
    return out.toString();
  }

  @Override
  public byte[] decode(CharSequence text, int from) {
    int end = text.length();
    if (padded) {
      while (end > from && text.charAt(end - 1) == PAD) {
        end--;
      }
      int padding = text.length() - end;
      int expected = expectedPadding(end - from);
      if (padding != expected) {
        throw new InvalidMultibaseException(
            name
                + " text has "
                + padding
                + " padding character(s) where "
                + expected
                + " are required");
      }
    }
    int chars = end - from;
    byte[] out = new byte[chars * bitsPerChar / 8];
    int buffer = 0;
    int bits = 0;
    int written = 0;
    for (int i = from; i < end; i++) {
      char c = text.charAt(i);
      int value = c < 128 ? lookup[c] : -1;
      if (value < 0) {
        throw invalidCharacter(name, text, i);
      }
      buffer = (buffer << bitsPerChar) | value;
      bits += bitsPerChar;
      if (bits >= 8) {
        bits -= 8;
        out[written++] = (byte) (buffer >>> bits);
        buffer &= (1 << bits) - 1;
      }
    }
    if (bits >= bitsPerChar) {
      throw new InvalidMultibaseException(
          name + " text of " + chars + " characters has an impossible length");
    }
    if (buffer != 0) {
      throw new InvalidMultibaseException(
          name + " text is not canonical: the unused bits of its last character are not zero");
    }
    return out;
  }

  /** The padding that encoding produces after {@code chars} data characters. */
  private int expectedPadding(int chars) {
    int padding = 0;
    while (((chars + padding) * bitsPerChar) % 8 != 0) {
      padding++;
    }
    return padding;
  }

  static InvalidMultibaseException invalidCharacter(String name, CharSequence text, int index) {
    int codePoint = Character.codePointAt(text, index);
    String shown =
        Character.isISOControl(codePoint) || Character.isWhitespace(codePoint)
            ? String.format("U+%04X", codePoint)
            : "'" + new String(Character.toChars(codePoint)) + "'";
    return new InvalidMultibaseException(
        "character " + shown + " at position " + index + " is not in the " + name + " alphabet");
  }
}
