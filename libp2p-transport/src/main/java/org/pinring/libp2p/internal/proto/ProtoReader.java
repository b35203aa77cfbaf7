package org.pinring.libp2p.internal.proto;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A strict, bounded reader of the protobuf wire format (proto2/proto3 encoding), enough for the
 * small libp2p messages: varints, length-delimited fields, and skipping of unknown fields of the
 * fixed-size wire types. Groups (wire types 3 and 4) are rejected.
 *
 * <p>Every length is checked against the remaining input before anything is allocated, so the
 * memory a message can make a decoder allocate is bounded by the message's own size, which callers
 * bound before reading it. Fails only with {@link ProtobufException}.
 */
public final class ProtoReader {

  /** Wire type of varint fields. */
  public static final int VARINT = 0;

  /** Wire type of 64-bit fields. */
  public static final int FIXED64 = 1;

  /** Wire type of length-delimited fields. */
  public static final int LENGTH_DELIMITED = 2;

  /** Wire type of 32-bit fields. */
  public static final int FIXED32 = 5;

  private final byte[] buffer;
  private final int limit;
  private int position;
  private int lastTag;

  private ProtoReader(byte[] buffer, int offset, int length) {
    this.buffer = buffer;
    this.position = offset;
    this.limit = offset + length;
  }

  /** A reader over all of {@code message}. The array is not copied and must not change. */
  public static ProtoReader of(byte[] message) {
    return new ProtoReader(message, 0, message.length);
  }

  /** True while fields remain. */
  public boolean hasNext() {
    return position < limit;
  }

  /**
   * Reads the next field key.
   *
   * @return the field number; {@link #wireType()} tells how its value is encoded
   */
  public int nextField() {
    long key = readVarint();
    if (key >>> 32 != 0 || (key >>> 3) == 0) {
      throw new ProtobufException("invalid field key " + key);
    }
    lastTag = (int) key;
    int wireType = wireType();
    if (wireType == 3 || wireType == 4 || wireType > 5) {
      throw new ProtobufException(
          "unsupported wire type " + wireType + " for field " + (lastTag >>> 3));
    }
    return lastTag >>> 3;
  }

  /** The wire type of the field whose key was read last. */
  public int wireType() {
    return lastTag & 7;
  }

  /** Reads a varint value. */
  public long readVarint() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (position >= limit) {
        throw new ProtobufException("truncated varint");
      }
      byte b = buffer[position++];
      value |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw new ProtobufException("varint longer than 10 bytes");
  }

  /** Reads the value of a varint field, checking the wire type. */
  public long readVarintField() {
    expect(VARINT);
    return readVarint();
  }

  /**
   * Reads the value of a length-delimited field.
   *
   * @param maxBytes the most this field may hold; larger values fail before allocation
   */
  public byte[] readBytesField(int maxBytes) {
    expect(LENGTH_DELIMITED);
    int length = readLength(maxBytes);
    byte[] value = Arrays.copyOfRange(buffer, position, position + length);
    position += length;
    return value;
  }

  /** Reads a length-delimited field as strict UTF-8. */
  public String readStringField(int maxBytes) {
    byte[] bytes = readBytesField(maxBytes);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ProtobufException("field " + (lastTag >>> 3) + " is not valid UTF-8", e);
    }
  }

  /** Skips the value of the field whose key was read last. */
  public void skipField() {
    switch (wireType()) {
      case VARINT -> readVarint();
      case FIXED64 -> skipBytes(8);
      case LENGTH_DELIMITED -> skipBytes(readLength(Integer.MAX_VALUE));
      case FIXED32 -> skipBytes(4);
      default -> throw new ProtobufException("cannot skip wire type " + wireType());
    }
  }

  private int readLength(int maxBytes) {
    long length = readVarint();
    if (length > maxBytes) {
      throw new ProtobufException(
          "field " + (lastTag >>> 3) + " of " + length + " bytes exceeds the limit of " + maxBytes);
    }
    if (length > limit - position) {
      throw new ProtobufException(
          "field "
              + (lastTag >>> 3)
              + " declares "
              + length
              + " bytes but only "
              + (limit - position)
              + " remain");
    }
    return (int) length;
  }

  private void skipBytes(int count) {
    if (count > limit - position) {
      throw new ProtobufException("truncated field " + (lastTag >>> 3));
    }
    position += count;
  }

  private void expect(int wireType) {
    if (wireType() != wireType) {
      throw new ProtobufException(
          "field " + (lastTag >>> 3) + " has wire type " + wireType() + ", expected " + wireType);
    }
  }
}
