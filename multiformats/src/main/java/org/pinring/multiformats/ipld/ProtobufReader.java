package org.pinring.multiformats.ipld;

/**
 * Reads protocol buffer wire format from a slice of a byte array, with every length checked against
 * the bytes left before it is used. Only what dag-pb and UnixFS need: varints (up to the wire
 * format's ten bytes), length-delimited fields and fixed32. Not thread-safe.
 *
 * <p>Errors are {@link InvalidIpldException}s whose message starts with {@code what}, e.g. "invalid
 * dag-pb".
 */
final class ProtobufReader {

  static final int WIRE_VARINT = 0;
  static final int WIRE_FIXED64 = 1;
  static final int WIRE_LENGTH_DELIMITED = 2;
  static final int WIRE_FIXED32 = 5;

  /** A protobuf varint is at most ten bytes (64 bits in groups of seven). */
  private static final int MAX_VARINT_BYTES = 10;

  private final byte[] in;
  private final int end;
  private final String what;
  private final int base;
  private int position;

  ProtobufReader(byte[] in, int offset, int end, String what) {
    this(in, offset, end, what, 0);
  }

  /**
   * @param base added to positions in error messages, so offsets are counted from the start of the
   *     outermost message rather than from this slice
   */
  private ProtobufReader(byte[] in, int offset, int end, String what, int base) {
    this.in = in;
    this.position = offset;
    this.end = end;
    this.what = what;
    this.base = base;
  }

  boolean hasMore() {
    return position < end;
  }

  int position() {
    return position;
  }

  /** A key: field number in the high bits, wire type in the low three. */
  long readKey() {
    int start = position;
    long key = readVarint();
    if (key >>> 3 == 0) {
      throw error(start, "field number 0 is not valid");
    }
    if (key >>> 3 > Integer.MAX_VALUE) {
      throw error(start, "field number " + (key >>> 3) + " is out of range");
    }
    return key;
  }

  /** An unsigned 64-bit varint, as the bits of a long (values above 2^63 - 1 are negative). */
  long readVarint() {
    int start = position;
    long value = 0;
    for (int i = 0; i < MAX_VARINT_BYTES; i++) {
      if (position >= end) {
        throw error(start, "input ends inside a varint");
      }
      int b = in[position++] & 0xFF;
      if (i == MAX_VARINT_BYTES - 1 && b > 1) {
        throw error(start, "varint does not fit in 64 bits");
      }
      value |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw error(start, "varint longer than " + MAX_VARINT_BYTES + " bytes");
  }

  /** A varint that must fit in a non-negative long. */
  long readNonNegativeVarint(String field) {
    int start = position;
    long value = readVarint();
    if (value < 0) {
      throw error(start, field + " exceeds 2^63 - 1");
    }
    return value;
  }

  /** The bounds of a length-delimited field's payload; the reader moves past it. */
  int[] readLengthDelimited(String field) {
    int start = position;
    long length = readVarint();
    long remaining = (long) end - position;
    if (length < 0 || length > remaining) {
      throw error(
          start,
          field
              + " declares "
              + Long.toUnsignedString(length)
              + " byte(s) but only "
              + remaining
              + " remain");
    }
    int payloadStart = position;
    position += (int) length;
    return new int[] {payloadStart, position};
  }

  byte[] readBytes(String field) {
    int[] bounds = readLengthDelimited(field);
    byte[] out = new byte[bounds[1] - bounds[0]];
    System.arraycopy(in, bounds[0], out, 0, out.length);
    return out;
  }

  /** Copies the payload at {@code bounds} (from {@link #readLengthDelimited}) into {@code out}. */
  void copy(int[] bounds, byte[] out) {
    System.arraycopy(in, bounds[0], out, 0, bounds[1] - bounds[0]);
  }

  int readFixed32(String field) {
    if (end - position < 4) {
      throw error(position, field + " needs 4 bytes");
    }
    int value =
        (in[position] & 0xFF)
            | (in[position + 1] & 0xFF) << 8
            | (in[position + 2] & 0xFF) << 16
            | (in[position + 3] & 0xFF) << 24;
    position += 4;
    return value;
  }

  /** Skips a field of the given wire type (for formats that ignore unknown fields). */
  void skip(int wireType, int keyStart) {
    switch (wireType) {
      case WIRE_VARINT -> readVarint();
      case WIRE_LENGTH_DELIMITED -> readLengthDelimited("unknown field");
      case WIRE_FIXED32 -> skipBytes(4, keyStart);
      case WIRE_FIXED64 -> skipBytes(8, keyStart);
      default -> throw error(keyStart, "wire type " + wireType + " is not supported");
    }
  }

  private void skipBytes(int count, int keyStart) {
    if (end - position < count) {
      throw error(keyStart, "input ends inside a fixed-size field");
    }
    position += count;
  }

  /** A reader over an embedded message found at {@code bounds}. */
  ProtobufReader nested(int[] bounds) {
    return new ProtobufReader(in, bounds[0], bounds[1], what, base);
  }

  InvalidIpldException error(int offset, String message) {
    return new InvalidIpldException(what + " at offset " + (base + offset) + ": " + message);
  }
}
