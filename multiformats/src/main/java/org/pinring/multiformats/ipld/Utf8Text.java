package org.pinring.multiformats.ipld;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 in both directions. Java strings can hold unpaired surrogates, which have no UTF-8
 * form; the JDK's lenient encoder would silently replace them with '?', changing the value and its
 * hash, so PinRing refuses them instead.
 */
final class Utf8Text {

  private Utf8Text() {}

  static byte[] encode(String text) {
    // Fast path: without surrogates every char has a UTF-8 form, and the JDK's encoder (very fast
    // for compact Latin-1 strings) produces exactly the strict encoding.
    if (!hasSurrogate(text)) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    try {
      ByteBuffer buffer =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(text));
      byte[] out = new byte[buffer.remaining()];
      buffer.get(out);
      return out;
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("string is not valid Unicode (unpaired surrogate)", e);
    }
  }

  private static boolean hasSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isSurrogate(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  static String decode(byte[] bytes, int offset, int length) {
    // Fast path: ASCII is valid UTF-8 and decodes one byte to one char.
    if (isAscii(bytes, offset, length)) {
      return new String(bytes, offset, length, StandardCharsets.US_ASCII);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, offset, length))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidIpldException("string is not valid UTF-8", e);
    }
  }

  private static boolean isAscii(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      if (bytes[i] < 0) {
        return false;
      }
    }
    return true;
  }
}
