package org.pinring.crdt.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes DAG-CBOR items straight into a byte array, for the hot encodings whose shape is fixed (a
 * delta around operations already encoded canonically, a pin record), so they need not be rebuilt
 * as {@code Ipld} trees. The caller writes map keys in canonical order (length first, then
 * bytewise: RFC 8949 section 4.2.3 as the DAG-CBOR spec requires); every header is the shortest
 * form. Tests compare its output with {@code DagCbor.encode} of the equivalent tree. Single use,
 * not thread-safe.
 */
final class CborWriter {

  static final int MAJOR_UNSIGNED = 0;
  static final int MAJOR_NEGATIVE = 1;
  static final int MAJOR_BYTES = 2;
  static final int MAJOR_TEXT = 3;
  static final int MAJOR_ARRAY = 4;
  static final int MAJOR_MAP = 5;
  static final int MAJOR_TAG = 6;

  /** The tag of a CID (DAG-CBOR spec, "Links"). */
  static final int CID_TAG = 42;

  private byte[] buffer;
  private int size;

  CborWriter(int expectedBytes) {
    buffer = new byte[Math.max(16, expectedBytes)];
  }

  /** The shortest header of major type {@code major} for an unsigned {@code argument}. */
  CborWriter header(int major, long argument) {
    ensure(9);
    int type = major << 5;
    if (argument >= 0 && argument < 24) {
      buffer[size++] = (byte) (type | (int) argument);
    } else if (argument >= 0 && argument <= 0xFF) {
      buffer[size++] = (byte) (type | 24);
      buffer[size++] = (byte) argument;
    } else if (argument >= 0 && argument <= 0xFFFF) {
      buffer[size++] = (byte) (type | 25);
      putBigEndian(argument, 2);
    } else if (argument >= 0 && argument <= 0xFFFF_FFFFL) {
      buffer[size++] = (byte) (type | 26);
      putBigEndian(argument, 4);
    } else {
      buffer[size++] = (byte) (type | 27);
      putBigEndian(argument, 8);
    }
    return this;
  }

  /** A non-negative integer. */
  CborWriter unsigned(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("negative value " + value);
    }
    return header(MAJOR_UNSIGNED, value);
  }

  /** An integer of either sign. */
  CborWriter integer(long value) {
    return value >= 0 ? header(MAJOR_UNSIGNED, value) : header(MAJOR_NEGATIVE, ~value);
  }

  /**
   * A text string in strict UTF-8.
   *
   * @throws IllegalArgumentException if it holds an unpaired surrogate (no UTF-8 form), as {@code
   *     DagCbor.encode} does
   */
  CborWriter text(String value) {
    byte[] utf8 = utf8(value);
    header(MAJOR_TEXT, utf8.length);
    return raw(utf8, 0, utf8.length);
  }

  /** Strict UTF-8 of {@code value}. */
  static byte[] utf8(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (Character.isSurrogate(value.charAt(i))) {
        return strictUtf8(value);
      }
    }
    // Without surrogates every char has a UTF-8 form and the JDK's encoder produces exactly it.
    return value.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] strictUtf8(String value) {
    try {
      ByteBuffer encoded =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(value));
      byte[] out = new byte[encoded.remaining()];
      encoded.get(out);
      return out;
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("string is not valid Unicode (unpaired surrogate)", e);
    }
  }

  /** A byte string. */
  CborWriter bytes(byte[] value) {
    header(MAJOR_BYTES, value.length);
    return raw(value, 0, value.length);
  }

  /** A text string that is known to be ASCII (a map key of a fixed format). */
  CborWriter asciiKey(byte[] ascii) {
    header(MAJOR_TEXT, ascii.length);
    return raw(ascii, 0, ascii.length);
  }

  /** A CID link: tag 42 around a byte string of 0x00 (identity multibase) and the CID's bytes. */
  CborWriter link(org.pinring.multiformats.Cid cid) {
    header(MAJOR_TAG, CID_TAG);
    header(MAJOR_BYTES, cid.encodedLength() + 1L);
    ensure(1 + cid.encodedLength());
    buffer[size++] = 0x00;
    cid.writeTo(buffer, size);
    size += cid.encodedLength();
    return this;
  }

  /** Bytes that are already one complete canonical item. */
  CborWriter raw(byte[] bytes, int offset, int length) {
    ensure(length);
    System.arraycopy(bytes, offset, buffer, size, length);
    size += length;
    return this;
  }

  /** Room for {@code length} more bytes, written by the caller at {@link #reserve}'s offset. */
  int reserve(int length) {
    ensure(length);
    int at = size;
    size += length;
    return at;
  }

  byte[] array() {
    return buffer;
  }

  int size() {
    return size;
  }

  byte[] toByteArray() {
    return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
  }

  private void putBigEndian(long value, int bytes) {
    for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
      buffer[size++] = (byte) (value >>> shift);
    }
  }

  private void ensure(int more) {
    if (buffer.length - size < more) {
      long wanted = Math.max((long) buffer.length * 2, (long) size + more);
      if (wanted > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("value too large to encode");
      }
      buffer = Arrays.copyOf(buffer, (int) wanted);
    }
  }
}
