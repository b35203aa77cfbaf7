package org.pinring.libp2p.internal.proto;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.pinring.multiformats.protobuf.ProtobufReader;

/**
 * A strict, bounded reader of the protobuf wire format (proto2/proto3 encoding) for the small
 * libp2p messages, field by field: varints, length-delimited fields with a limit of their own, and
 * skipping of unknown fields of the fixed-size wire types. Groups (wire types 3 and 4) are
 * rejected.
 *
 * <p>The wire format itself is read by {@link ProtobufReader}, the reader behind the content
 * formats, which checks every length against the remaining input before it is used: the memory a
 * message can make a decoder allocate is bounded by the message's own size, which callers bound
 * before reading it, and no length, however encoded, moves the reader backwards. Fails only with
 * {@link ProtobufException}.
 */
public final class ProtoReader {

  /** Wire type of varint fields. */
  public static final int VARINT = ProtobufReader.WIRE_VARINT;

  /** Wire type of 64-bit fields. */
  public static final int FIXED64 = ProtobufReader.WIRE_FIXED64;

  /** Wire type of length-delimited fields. */
  public static final int LENGTH_DELIMITED = ProtobufReader.WIRE_LENGTH_DELIMITED;

  /** Wire type of 32-bit fields. */
  public static final int FIXED32 = ProtobufReader.WIRE_FIXED32;

  private final ProtobufReader in;
  private int lastTag;
  private int lastKeyStart;

  private ProtoReader(byte[] message) {
    this.in =
        new ProtobufReader(
            message,
            0,
            message.length,
            (offset, problem) -> new ProtobufException(problem + " (at byte " + offset + ")"));
  }

  /** A reader over all of {@code message}. The array is not copied and must not change. */
  public static ProtoReader of(byte[] message) {
    return new ProtoReader(message);
  }

  /** True while fields remain. */
  public boolean hasNext() {
    return in.hasMore();
  }

  /**
   * Reads the next field key.
   *
   * @return the field number; {@link #wireType()} tells how its value is encoded
   */
  public int nextField() {
    lastKeyStart = in.position();
    lastTag = (int) in.readKey();
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
    return in.readVarint();
  }

  /** Reads the value of a varint field, checking the wire type. */
  public long readVarintField() {
    expect(VARINT);
    return in.readVarint();
  }

  /**
   * Reads the value of a length-delimited field.
   *
   * @param maxBytes the most this field may hold; larger values fail before allocation
   */
  public byte[] readBytesField(int maxBytes) {
    expect(LENGTH_DELIMITED);
    return in.copy(in.readLengthDelimited("field " + (lastTag >>> 3), maxBytes));
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
    in.skip(wireType(), lastKeyStart);
  }

  private void expect(int wireType) {
    if (wireType() != wireType) {
      throw new ProtobufException(
          "field " + (lastTag >>> 3) + " has wire type " + wireType() + ", expected " + wireType);
    }
  }
}
