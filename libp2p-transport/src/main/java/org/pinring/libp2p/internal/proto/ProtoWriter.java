package org.pinring.libp2p.internal.proto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the protobuf wire format in canonical form: fields in the order the caller writes them
 * (callers write them in field-number order, as protobuf encoders do), minimal varints.
 */
public final class ProtoWriter {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** Writes a varint field. */
  public ProtoWriter varint(int field, long value) {
    writeVarint((long) field << 3 | ProtoReader.VARINT);
    writeVarint(value);
    return this;
  }

  /** Writes a length-delimited field. */
  public ProtoWriter bytes(int field, byte[] value) {
    writeVarint((long) field << 3 | ProtoReader.LENGTH_DELIMITED);
    writeVarint(value.length);
    out.writeBytes(value);
    return this;
  }

  /** Writes a string field as UTF-8. */
  public ProtoWriter string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  /** The encoded message. */
  public byte[] toByteArray() {
    return out.toByteArray();
  }

  private void writeVarint(long value) {
    while ((value & ~0x7fL) != 0) {
      out.write((int) (value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out.write((int) value);
  }
}
