package org.pinring.multiformats;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Unsigned LEB128 varints as the multiformats specification defines them: seven bits per byte,
 * least significant group first, high bit set on every byte but the last, minimal encoding only,
 * and at most {@value #MAX_BYTES} bytes (so values stay within 63 bits).
 */
public final class Varint {

  /** The specification's "practical maximum" length. */
  public static final int MAX_BYTES = 9;

  /** The largest encodable value, 2^63 - 1. */
  public static final long MAX_VALUE = Long.MAX_VALUE;

  private Varint() {}

  /** A decoded value and the number of bytes its encoding took. */
  public record Decoded(long value, int length) {}

  /** The number of bytes {@code value} takes when encoded. */
  public static int encodedLength(long value) {
    requireEncodable(value);
    int length = 1;
    while ((value >>>= 7) != 0) {
      length++;
    }
    return length;
  }

  /** The encoding of {@code value}. */
  public static byte[] encode(long value) {
    byte[] out = new byte[encodedLength(value)];
    encode(value, out, 0);
    return out;
  }

  /**
   * Writes the encoding of {@code value} into {@code out} at {@code offset}.
   *
   * @return the number of bytes written
   * @throws IndexOutOfBoundsException if {@code out} is too short (a programming error)
   */
  public static int encode(long value, byte[] out, int offset) {
    int length = encodedLength(value);
    Objects.checkFromIndexSize(offset, length, out.length);
    int i = offset;
    while ((value & ~0x7FL) != 0) {
      out[i++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out[i] = (byte) value;
    return length;
  }

  /** Appends the encoding of {@code value} to {@code out}. */
  public static void write(long value, ByteBuffer out) {
    requireEncodable(value);
    while ((value & ~0x7FL) != 0) {
      out.put((byte) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.put((byte) value);
  }

  /**
   * Decodes the varint that makes up all of {@code in}.
   *
   * @throws InvalidVarintException if {@code in} is not exactly one valid varint
   */
  public static long decodeExact(byte[] in) {
    Decoded decoded = decode(in, 0);
    if (decoded.length() != in.length) {
      throw new InvalidVarintException(
          (in.length - decoded.length()) + " unexpected byte(s) after the varint");
    }
    return decoded.value();
  }

  /**
   * Decodes the varint starting at {@code offset}.
   *
   * @throws InvalidVarintException if the input ends inside the varint, the varint is longer than
   *     {@value #MAX_BYTES} bytes, or it is not minimally encoded
   */
  public static Decoded decode(byte[] in, int offset) {
    Decoded decoded = tryDecode(in, offset, in.length);
    if (decoded == null) {
      throw new InvalidVarintException(
          offset >= in.length
              ? "expected a varint but the input ended"
              : "the input ends inside a varint");
    }
    return decoded;
  }

  /**
   * Decodes the varint starting at {@code offset} if it ends before {@code limit}.
   *
   * @return the value and length, or null if more input is needed
   * @throws InvalidVarintException if the bytes seen already cannot start a valid varint
   */
  public static Decoded tryDecode(byte[] in, int offset, int limit) {
    Objects.checkFromToIndex(offset, limit, in.length);
    long value = 0;
    for (int i = 0; i < MAX_BYTES; i++) {
      if (offset + i >= limit) {
        return null;
      }
      int b = in[offset + i] & 0xFF;
      value |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw nonMinimal();
        }
        return new Decoded(value, i + 1);
      }
    }
    throw tooLong();
  }

  /**
   * Reads one varint from {@code in}, advancing its position.
   *
   * @throws InvalidVarintException if the buffer ends inside the varint or the varint is invalid
   */
  public static long read(ByteBuffer in) {
    VarintDecoder decoder = new VarintDecoder();
    while (in.hasRemaining()) {
      if (decoder.accept(in.get())) {
        return decoder.value();
      }
    }
    throw new InvalidVarintException(
        decoder.bytesSeen() == 0
            ? "expected a varint but the input ended"
            : "the input ends inside a varint");
  }

  static InvalidVarintException nonMinimal() {
    return new InvalidVarintException("varint is not minimally encoded (trailing zero byte)");
  }

  static InvalidVarintException tooLong() {
    return new InvalidVarintException(
        "varint is longer than " + MAX_BYTES + " bytes (values are limited to 63 bits)");
  }

  private static void requireEncodable(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("varints encode values in [0, 2^63 - 1], not " + value);
    }
  }
}
