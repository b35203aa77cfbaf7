package org.pinring.multiformats.ipld;

import java.util.Arrays;
import org.pinring.multiformats.protobuf.ProtobufReader;

/** Writes protocol buffer wire format into a growable buffer. Not thread-safe. */
final class ProtobufWriter {

  private byte[] buffer;
  private int size;

  ProtobufWriter(int initialCapacity) {
    buffer = new byte[Math.max(16, initialCapacity)];
  }

  /** The number of bytes the varint encoding of {@code value} (as unsigned) takes. */
  static int varintLength(long value) {
    int length = 1;
    while ((value & ~0x7FL) != 0) {
      value >>>= 7;
      length++;
    }
    return length;
  }

  ProtobufWriter key(int field, int wireType) {
    return varint(((long) field << 3) | wireType);
  }

  /** {@code value} as an unsigned 64-bit varint; negative longs take ten bytes. */
  ProtobufWriter varint(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      buffer[size++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buffer[size++] = (byte) value;
    return this;
  }

  ProtobufWriter lengthDelimited(int field, byte[] payload) {
    key(field, ProtobufReader.WIRE_LENGTH_DELIMITED);
    varint(payload.length);
    return raw(payload);
  }

  ProtobufWriter fixed32(int value) {
    ensure(4);
    buffer[size++] = (byte) value;
    buffer[size++] = (byte) (value >>> 8);
    buffer[size++] = (byte) (value >>> 16);
    buffer[size++] = (byte) (value >>> 24);
    return this;
  }

  ProtobufWriter raw(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buffer, size, bytes.length);
    size += bytes.length;
    return this;
  }

  int size() {
    return size;
  }

  byte[] toByteArray() {
    return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
  }

  private void ensure(int more) {
    if (buffer.length - size < more) {
      long wanted = Math.max((long) buffer.length * 2, (long) size + more);
      if (wanted > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("message too large to encode");
      }
      buffer = Arrays.copyOf(buffer, (int) wanted);
    }
  }
}
