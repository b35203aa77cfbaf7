package org.pinring.multiformats.protobuf;

import java.nio.ByteBuffer;

/**
 * Reads protocol buffer wire format from a slice of a byte array or buffer (heap or direct), with
 * every length checked against the bytes left before it is used: varints (up to the wire format's
 * ten bytes), length-delimited fields, fixed32, and skipping of unknown fields. The one reader
 * behind PinRing's hand-written protobuf decoders of content formats (dag-pb, UnixFS, Bitswap). Not
 * thread-safe.
 *
 * <p>Errors are the decoder's own typed exception, made by its {@link Errors} from the offset in
 * the array (or the index in the buffer) and a message, so each format keeps its documented
 * exception. A buffer is read with absolute indices: its position and limit never change.
 */
public final class ProtobufReader {

  public static final int WIRE_VARINT = 0;
  public static final int WIRE_FIXED64 = 1;
  public static final int WIRE_LENGTH_DELIMITED = 2;
  public static final int WIRE_FIXED32 = 5;

  /** The largest field number protobuf allows (2^29 - 1). */
  public static final int MAX_FIELD_NUMBER = (1 << 29) - 1;

  /** Makes a decoder's exception for malformed input. */
  @FunctionalInterface
  public interface Errors {
    /**
     * @param offset where in the array the problem starts
     * @param message what is wrong
     */
    RuntimeException at(int offset, String message);
  }

  /** A protobuf varint is at most ten bytes (64 bits in groups of seven). */
  private static final int MAX_VARINT_BYTES = 10;

  private final ByteBuffer in;
  private final int end;
  private final Errors errors;
  private int position;

  /** Reads {@code in[offset..end)}; error offsets are positions in {@code in}. */
  public ProtobufReader(byte[] in, int offset, int end, Errors errors) {
    this(ByteBuffer.wrap(in), offset, end, errors);
  }

  /**
   * Reads the bytes between {@code in}'s position and limit (which stay as they are); error offsets
   * are indices in {@code in}.
   */
  public ProtobufReader(ByteBuffer in, Errors errors) {
    this(in, in.position(), in.limit(), errors);
  }

  private ProtobufReader(ByteBuffer in, int offset, int end, Errors errors) {
    if (offset < 0 || end < offset || end > in.limit()) {
      throw new IndexOutOfBoundsException("slice [" + offset + ", " + end + ") of " + in.limit());
    }
    this.in = in;
    this.position = offset;
    this.end = end;
    this.errors = errors;
  }

  public boolean hasMore() {
    return position < end;
  }

  public int position() {
    return position;
  }

  /** A key: field number in the high bits, wire type in the low three. */
  public long readKey() {
    int start = position;
    long key = readVarint();
    long field = key >>> 3;
    if (field == 0 || field > MAX_FIELD_NUMBER) {
      throw error(start, "invalid field number " + Long.toUnsignedString(field));
    }
    return key;
  }

  /** An unsigned 64-bit varint, as the bits of a long (values above 2^63 - 1 are negative). */
  public long readVarint() {
    int start = position;
    long value = 0;
    for (int i = 0; i < MAX_VARINT_BYTES; i++) {
      if (position >= end) {
        throw error(start, "input ends inside a varint");
      }
      int b = in.get(position++) & 0xFF;
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
  public long readNonNegativeVarint(String field) {
    int start = position;
    long value = readVarint();
    if (value < 0) {
      throw error(start, field + " exceeds 2^63 - 1");
    }
    return value;
  }

  /** The bounds of a length-delimited field's payload; the reader moves past it. */
  public int[] readLengthDelimited(String field) {
    return readLengthDelimited(field, Integer.MAX_VALUE);
  }

  /**
   * As {@link #readLengthDelimited(String)}, refusing first a payload longer than {@code maxBytes},
   * for a format that bounds each field on its own.
   */
  public int[] readLengthDelimited(String field, int maxBytes) {
    int start = position;
    long length = readVarint();
    if (Long.compareUnsigned(length, maxBytes) > 0) {
      throw error(
          start,
          field
              + " of "
              + Long.toUnsignedString(length)
              + " bytes exceeds the limit of "
              + maxBytes);
    }
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

  public byte[] readBytes(String field) {
    int[] bounds = readLengthDelimited(field);
    return copy(bounds);
  }

  /** Copies the payload at {@code bounds} (from {@link #readLengthDelimited}) into {@code out}. */
  public void copy(int[] bounds, byte[] out) {
    in.get(bounds[0], out, 0, bounds[1] - bounds[0]);
  }

  /** A copy of the payload at {@code bounds} (from {@link #readLengthDelimited}). */
  public byte[] copy(int[] bounds) {
    byte[] out = new byte[bounds[1] - bounds[0]];
    copy(bounds, out);
    return out;
  }

  public int readFixed32(String field) {
    if (end - position < 4) {
      throw error(position, field + " needs 4 bytes");
    }
    int value =
        (in.get(position) & 0xFF)
            | (in.get(position + 1) & 0xFF) << 8
            | (in.get(position + 2) & 0xFF) << 16
            | (in.get(position + 3) & 0xFF) << 24;
    position += 4;
    return value;
  }

  /** Skips a field of the given wire type (for formats that ignore unknown fields). */
  public void skip(int wireType, int keyStart) {
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
  public ProtobufReader nested(int[] bounds) {
    return new ProtobufReader(in, bounds[0], bounds[1], errors);
  }

  /** The decoder's exception for a problem at {@code offset}, to throw. */
  public RuntimeException error(int offset, String message) {
    return errors.at(offset, message);
  }
}
