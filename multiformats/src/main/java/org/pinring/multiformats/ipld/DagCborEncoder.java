package org.pinring.multiformats.ipld;

import java.util.Arrays;
import java.util.Map;

/** Writes canonical DAG-CBOR into a growable buffer. Single use, not thread-safe. */
final class DagCborEncoder {

  static final int MAJOR_UNSIGNED = 0;
  static final int MAJOR_NEGATIVE = 1;
  static final int MAJOR_BYTES = 2;
  static final int MAJOR_TEXT = 3;
  static final int MAJOR_ARRAY = 4;
  static final int MAJOR_MAP = 5;
  static final int MAJOR_TAG = 6;
  static final int MAJOR_SIMPLE = 7;
  static final int CID_TAG = 42;

  private byte[] buffer = new byte[256];
  private int size;

  DagCborEncoder write(Ipld value) {
    if (value instanceof IpldNull) {
      writeByte(0xF6);
    } else if (value instanceof IpldBool bool) {
      writeByte(bool.value() ? 0xF5 : 0xF4);
    } else if (value instanceof IpldInt integer) {
      long v = integer.value();
      if (v >= 0) {
        writeHeader(MAJOR_UNSIGNED, v);
      } else {
        writeHeader(MAJOR_NEGATIVE, ~v); // -1 - v, always in [0, 2^63 - 1]
      }
    } else if (value instanceof IpldFloat number) {
      writeByte(0xFB);
      writeLong(Double.doubleToRawLongBits(number.value()));
    } else if (value instanceof IpldString text) {
      byte[] utf8 = Utf8Text.encode(text.value());
      writeHeader(MAJOR_TEXT, utf8.length);
      writeBytes(utf8);
    } else if (value instanceof IpldBytes bytes) {
      writeHeader(MAJOR_BYTES, bytes.length());
      writeBytes(bytes.unsafeArray());
    } else if (value instanceof IpldList list) {
      writeHeader(MAJOR_ARRAY, list.size());
      for (Ipld item : list.items()) {
        write(item);
      }
    } else if (value instanceof IpldMap map) {
      // IpldMap iterates in canonical key order already.
      writeHeader(MAJOR_MAP, map.size());
      for (Map.Entry<String, Ipld> entry : map.entries().entrySet()) {
        byte[] key = Utf8Text.encode(entry.getKey());
        writeHeader(MAJOR_TEXT, key.length);
        writeBytes(key);
        write(entry.getValue());
      }
    } else if (value instanceof IpldLink link) {
      writeHeader(MAJOR_TAG, CID_TAG);
      byte[] cid = link.cid().toBytes();
      writeHeader(MAJOR_BYTES, cid.length + 1L);
      writeByte(0x00); // the identity multibase prefix the spec requires
      writeBytes(cid);
    } else {
      throw new AssertionError("unknown IPLD kind " + value.getClass());
    }
    return this;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buffer, size);
  }

  /** The shortest header for {@code argument}, which is treated as unsigned. */
  private void writeHeader(int major, long argument) {
    int type = major << 5;
    if (argument >= 0 && argument < 24) {
      writeByte(type | (int) argument);
    } else if (argument >= 0 && argument <= 0xFF) {
      writeByte(type | 24);
      writeByte((int) argument);
    } else if (argument >= 0 && argument <= 0xFFFF) {
      writeByte(type | 25);
      writeByte((int) (argument >>> 8));
      writeByte((int) argument);
    } else if (argument >= 0 && argument <= 0xFFFF_FFFFL) {
      writeByte(type | 26);
      writeByte((int) (argument >>> 24));
      writeByte((int) (argument >>> 16));
      writeByte((int) (argument >>> 8));
      writeByte((int) argument);
    } else {
      writeByte(type | 27);
      writeLong(argument);
    }
  }

  private void writeLong(long value) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      writeByte((int) (value >>> shift));
    }
  }

  private void writeByte(int b) {
    ensure(1);
    buffer[size++] = (byte) b;
  }

  private void writeBytes(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buffer, size, bytes.length);
    size += bytes.length;
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
