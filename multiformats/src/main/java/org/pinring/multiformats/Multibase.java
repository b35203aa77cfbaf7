package org.pinring.multiformats;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.pinring.multiformats.internal.BitPackingCodec;
import org.pinring.multiformats.internal.PositionalCodec;
import org.pinring.multiformats.internal.TextCodec;

/**
 * Self-describing base encodings: the first character of a multibase string names the base.
 *
 * <p>Every base of the multibase table that a CID, key or peer ID is realistically written in is
 * supported. Decoding is strict (see {@link BitPackingCodec}); bases the table marks as
 * case-insensitive also decode text in the other case or in mixed case.
 */
public enum Multibase {
  IDENTITY("identity", '\u0000', null),
  BASE2("base2", '0', new BitPackingCodec("base2", "01", false, false)),
  BASE8("base8", '7', new BitPackingCodec("base8", "01234567", false, false)),
  BASE10("base10", '9', new PositionalCodec("base10", "0123456789", false)),
  BASE16("base16", 'f', new BitPackingCodec("base16", "0123456789abcdef", false, true)),
  BASE16_UPPER(
      "base16upper", 'F', new BitPackingCodec("base16upper", "0123456789ABCDEF", false, true)),
  BASE32_HEX("base32hex", 'v', rfc4648("base32hex", Alphabets.BASE32_HEX, false)),
  BASE32_HEX_UPPER(
      "base32hexupper", 'V', rfc4648("base32hexupper", Alphabets.BASE32_HEX_UPPER, false)),
  BASE32_HEX_PAD("base32hexpad", 't', rfc4648("base32hexpad", Alphabets.BASE32_HEX, true)),
  BASE32_HEX_PAD_UPPER(
      "base32hexpadupper", 'T', rfc4648("base32hexpadupper", Alphabets.BASE32_HEX_UPPER, true)),
  BASE32("base32", 'b', rfc4648("base32", Alphabets.BASE32, false)),
  BASE32_UPPER("base32upper", 'B', rfc4648("base32upper", Alphabets.BASE32_UPPER, false)),
  BASE32_PAD("base32pad", 'c', rfc4648("base32pad", Alphabets.BASE32, true)),
  BASE32_PAD_UPPER("base32padupper", 'C', rfc4648("base32padupper", Alphabets.BASE32_UPPER, true)),
  BASE32_Z("base32z", 'h', new BitPackingCodec("base32z", Alphabets.BASE32_Z, false, false)),
  BASE36("base36", 'k', new PositionalCodec("base36", Alphabets.BASE36, true)),
  BASE36_UPPER(
      "base36upper", 'K', new PositionalCodec("base36upper", Alphabets.BASE36_UPPER, true)),
  BASE58_BTC("base58btc", 'z', new PositionalCodec("base58btc", Alphabets.BASE58_BTC, false)),
  BASE58_FLICKR(
      "base58flickr", 'Z', new PositionalCodec("base58flickr", Alphabets.BASE58_FLICKR, false)),
  BASE64("base64", 'm', new BitPackingCodec("base64", Alphabets.BASE64, false, false)),
  BASE64_PAD("base64pad", 'M', new BitPackingCodec("base64pad", Alphabets.BASE64, true, false)),
  BASE64_URL(
      "base64url", 'u', new BitPackingCodec("base64url", Alphabets.BASE64_URL, false, false)),
  BASE64_URL_PAD(
      "base64urlpad", 'U', new BitPackingCodec("base64urlpad", Alphabets.BASE64_URL, true, false));

  private final String canonicalName;
  private final char prefix;
  private final TextCodec codec;

  Multibase(String canonicalName, char prefix, TextCodec codec) {
    this.canonicalName = canonicalName;
    this.prefix = prefix;
    this.codec = codec;
  }

  private static BitPackingCodec rfc4648(String name, String alphabet, boolean padded) {
    return new BitPackingCodec(name, alphabet, padded, true);
  }

  /** The name used in the multibase table, e.g. {@code base58btc}. */
  public String canonicalName() {
    return canonicalName;
  }

  /** The character that introduces text in this base. */
  public char prefix() {
    return prefix;
  }

  /** {@code data} in this base, introduced by the prefix. */
  public String encode(byte[] data) {
    return prefix + encodeWithoutPrefix(data);
  }

  /**
   * {@code data} in this base, without the prefix (the form CIDv0 and peer IDs use in base58btc).
   *
   * @throws InvalidMultibaseException for {@link #IDENTITY} when {@code data} is not UTF-8 text,
   *     which is the only thing an identity multibase string can carry
   */
  public String encodeWithoutPrefix(byte[] data) {
    Objects.requireNonNull(data, "data");
    if (this == IDENTITY) {
      String text = Utf8.decodeStrict(data);
      if (text == null) {
        throw new InvalidMultibaseException("identity multibase can only carry UTF-8 text");
      }
      return text;
    }
    return codec.encode(data);
  }

  /**
   * Decodes text in this base that carries no prefix.
   *
   * @throws InvalidMultibaseException if the text is not valid in this base
   */
  public byte[] decodeWithoutPrefix(CharSequence text) {
    Objects.requireNonNull(text, "text");
    if (this == IDENTITY) {
      return text.toString().getBytes(StandardCharsets.UTF_8);
    }
    return codec.decode(text, 0);
  }

  /**
   * Decodes a multibase string, whichever base its prefix names.
   *
   * @throws InvalidMultibaseException if the prefix is unknown or the text is invalid
   */
  public static byte[] decode(String text) {
    Multibase base = detect(text);
    if (base == IDENTITY) {
      return text.substring(1).getBytes(StandardCharsets.UTF_8);
    }
    // Skip the prefix, which is two chars only for an emoji prefix (never a supported base).
    return base.codec.decode(text, 1);
  }

  /**
   * The base a multibase string is written in, from its first character.
   *
   * @throws InvalidMultibaseException if the string is empty or the prefix names no supported base
   */
  public static Multibase detect(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      throw new InvalidMultibaseException("empty string: a multibase string starts with a prefix");
    }
    int first = text.codePointAt(0);
    return forPrefix(first).orElseThrow(() -> unknownPrefix(first));
  }

  /** The base introduced by {@code codePoint}, if supported. */
  public static Optional<Multibase> forPrefix(int codePoint) {
    for (Multibase base : values()) {
      if (base.prefix == codePoint) {
        return Optional.of(base);
      }
    }
    return Optional.empty();
  }

  /**
   * The base with the given table name, e.g. {@code base32} (case-insensitive, so {@code base58BTC}
   * also works).
   *
   * @throws InvalidMultibaseException if no supported base has that name
   */
  public static Multibase forName(String name) {
    Objects.requireNonNull(name, "name");
    for (Multibase base : values()) {
      if (base.canonicalName.equalsIgnoreCase(name)) {
        return base;
      }
    }
    StringBuilder names = new StringBuilder();
    for (Multibase base : values()) {
      names.append(names.length() == 0 ? "" : ", ").append(base.canonicalName);
    }
    throw new InvalidMultibaseException("unknown multibase '" + name + "'; supported: " + names);
  }

  private static InvalidMultibaseException unknownPrefix(int codePoint) {
    String shown = new String(Character.toChars(codePoint));
    return switch (shown) {
      case "Q", "1" ->
          new InvalidMultibaseException(
              "'"
                  + shown
                  + "' is not a multibase prefix; text starting with it is usually a bare base58btc"
                  + " multihash, CIDv0 or peer ID, which carry no prefix");
      case "p" -> unsupported("proquint", shown);
      case "R" -> unsupported("base45", shown);
      case "\uD83D\uDE80" -> unsupported("base256emoji", shown);
      default ->
          new InvalidMultibaseException(
              String.format(
                  Locale.ROOT, "unknown multibase prefix '%s' (U+%04X)", shown, codePoint));
    };
  }

  private static InvalidMultibaseException unsupported(String name, String prefix) {
    return new InvalidMultibaseException(
        "multibase " + name + " (prefix '" + prefix + "') is not supported");
  }

  /** Alphabets shared by several bases. */
  private static final class Alphabets {
    static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    static final String BASE32_UPPER = BASE32.toUpperCase(Locale.ROOT);
    static final String BASE32_HEX = "0123456789abcdefghijklmnopqrstuv";
    static final String BASE32_HEX_UPPER = BASE32_HEX.toUpperCase(Locale.ROOT);
    static final String BASE32_Z = "ybndrfg8ejkmcpqxot1uwisza345h769";
    static final String BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz";
    static final String BASE36_UPPER = BASE36.toUpperCase(Locale.ROOT);
    static final String BASE58_BTC = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    static final String BASE58_FLICKR =
        "123456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
    static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    static final String BASE64_URL =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private Alphabets() {}
  }
}
