package org.pinring.node.bitswap;

/**
 * Reads protocol buffer wire format from a slice of an array; every length is checked against the
 * bytes left before it is used. Errors are {@link InvalidBitswapMessageException}s with the offset.
 * Not thread-safe.
 */
final class WireReader {

  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  private static final int MAX_VARINT_BYTES = 10;

  private final byte[] in;
  private final int end;
  private int position;

  WireReader(byte[] in, int offset, int end) {
    this.in = in;
    this.position = offset;
    this.end = end;
  }

  boolean hasMore() {
    return position < end;
  }

  int position() {
    return position;
  }

  /** A field key: field number above the three wire-type bits. */
  int readKey() {
    int start = position;
    long key = readVarint();
    long field = key >>> 3;
    if (field == 0 || field > (1 << 29) - 1) {
      throw error(start, "invalid field number " + Long.toUnsignedString(field));
    }
    return (int) key;
  }

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

  /** The bounds {start, end} of a length-delimited payload; the reader moves past it. */
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
    int payload = position;
    position += (int) length;
    return new int[] {payload, position};
  }

  byte[] readBytes(String field) {
    int[] bounds = readLengthDelimited(field);
    byte[] out = new byte[bounds[1] - bounds[0]];
    System.arraycopy(in, bounds[0], out, 0, out.length);
    return out;
  }

  /** A copy of the payload at {@code bounds} (from {@link #readLengthDelimited}). */
  byte[] copy(int[] bounds) {
    byte[] out = new byte[bounds[1] - bounds[0]];
    System.arraycopy(in, bounds[0], out, 0, out.length);
    return out;
  }

  WireReader nested(int[] bounds) {
    return new WireReader(in, bounds[0], bounds[1]);
  }

  /** Skips an unknown field, as protobuf readers must. */
  void skip(int wireType, int keyStart) {
    switch (wireType) {
      case VARINT -> readVarint();
      case LENGTH_DELIMITED -> readLengthDelimited("unknown field");
      case FIXED32 -> skipBytes(4, keyStart);
      case FIXED64 -> skipBytes(8, keyStart);
      default -> throw error(keyStart, "wire type " + wireType + " is not supported");
    }
  }

  private void skipBytes(int count, int keyStart) {
    if (end - position < count) {
      throw error(keyStart, "input ends inside a fixed-size field");
    }
    position += count;
  }

  InvalidBitswapMessageException error(int offset, String message) {
    return new InvalidBitswapMessageException(
        "bitswap message at offset " + offset + ": " + message);
  }
}
