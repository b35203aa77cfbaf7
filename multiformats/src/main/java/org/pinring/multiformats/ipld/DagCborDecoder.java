package org.pinring.multiformats.ipld;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.InvalidCidException;

/** Reads one DAG-CBOR value from a byte array. Single use, not thread-safe. */
final class DagCborDecoder {

  private final byte[] in;
  private final DagCbor.DecodeOptions options;
  private int position;

  DagCborDecoder(byte[] in, DagCbor.DecodeOptions options) {
    this.in = in;
    this.options = options;
  }

  Ipld decodeWhole() {
    if (in.length > options.maxBytes()) {
      throw new InvalidIpldException(
          "DAG-CBOR input of " + in.length + " bytes exceeds the limit of " + options.maxBytes());
    }
    if (in.length == 0) {
      throw new InvalidIpldException("empty input is not DAG-CBOR");
    }
    Ipld value = readValue(0);
    if (position != in.length) {
      throw new InvalidIpldException(
          (in.length - position)
              + " byte(s) after the end of the DAG-CBOR value at offset "
              + position);
    }
    return value;
  }

  private Ipld readValue(int depth) {
    int start = position;
    int initial = readByte();
    int major = initial >>> 5;
    int info = initial & 0x1F;
    if (major == DagCborEncoder.MAJOR_SIMPLE) {
      return readSimple(info, start);
    }
    long argument = readArgument(info, start);
    return switch (major) {
      case DagCborEncoder.MAJOR_UNSIGNED -> new IpldInt(signedOrThrow(argument, start));
      case DagCborEncoder.MAJOR_NEGATIVE -> new IpldInt(~signedOrThrow(argument, start));
      case DagCborEncoder.MAJOR_BYTES -> new IpldBytes(readPayload(argument, start, "byte string"));
      case DagCborEncoder.MAJOR_TEXT -> readText(argument, start);
      case DagCborEncoder.MAJOR_ARRAY -> readArray(argument, depth, start);
      case DagCborEncoder.MAJOR_MAP -> readMap(argument, depth, start);
      case DagCborEncoder.MAJOR_TAG -> readTag(argument, start);
      default -> throw new AssertionError("major type " + major);
    };
  }

  /** An unsigned argument as a non-negative long; {@code ~} of it is then -1 - argument. */
  private static long signedOrThrow(long argument, int start) {
    if (argument < 0) {
      throw error(start, "integer exceeds the signed 64-bit range PinRing supports");
    }
    return argument;
  }

  private Ipld readText(long declared, int start) {
    int length = checkedLength(declared, 1, start, "text string");
    String text = decodeText(position, length, start);
    position += length;
    return new IpldString(text);
  }

  private Ipld readArray(long declared, int depth, int start) {
    enter(depth, start);
    int count = checkedLength(declared, 1, start, "list");
    List<Ipld> items = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      items.add(readValue(depth + 1));
    }
    return new IpldList(items);
  }

  private Ipld readMap(long declared, int depth, int start) {
    enter(depth, start);
    int count = checkedLength(declared, 2, start, "map");
    Map<String, Ipld> entries = new HashMap<>(Math.max(4, count * 2));
    int previousKeyStart = -1;
    int previousKeyLength = 0;
    for (int i = 0; i < count; i++) {
      int keyStart = position;
      int initial = readByte();
      if (initial >>> 5 != DagCborEncoder.MAJOR_TEXT) {
        throw error(keyStart, "map keys must be strings");
      }
      int keyLength = checkedLength(readArgument(initial & 0x1F, keyStart), 1, keyStart, "map key");
      int keyBytes = position;
      String key = decodeText(keyBytes, keyLength, keyStart);
      position += keyLength;
      if (options.strict()
          && previousKeyStart >= 0
          && compareKeys(previousKeyStart, previousKeyLength, keyBytes, keyLength) >= 0) {
        throw error(keyStart, "map keys are not in canonical order (or repeat): '" + key + "'");
      }
      previousKeyStart = keyBytes;
      previousKeyLength = keyLength;
      Ipld value = readValue(depth + 1);
      if (entries.put(key, value) != null) {
        throw error(keyStart, "duplicate map key '" + key + "'");
      }
    }
    return new IpldMap(entries);
  }

  /** Length-first, then bytewise: the order of the keys' canonical encodings. */
  private int compareKeys(int aStart, int aLength, int bStart, int bLength) {
    if (aLength != bLength) {
      return Integer.compare(aLength, bLength);
    }
    return Arrays.compareUnsigned(in, aStart, aStart + aLength, in, bStart, bStart + bLength);
  }

  private Ipld readTag(long tag, int start) {
    if (tag != DagCborEncoder.CID_TAG) {
      throw error(start, "tag " + tag + " is not allowed; DAG-CBOR only uses tag 42 for links");
    }
    // In strict mode readArgument has already required the shortest form, 0xd82a.
    int contentStart = position;
    int initial = readByte();
    if (initial >>> 5 != DagCborEncoder.MAJOR_BYTES) {
      throw error(contentStart, "a link (tag 42) must hold a byte string");
    }
    byte[] payload = readPayload(readArgument(initial & 0x1F, contentStart), contentStart, "link");
    if (payload.length < 2 || payload[0] != 0x00) {
      throw error(contentStart, "a link's bytes must be 0x00 followed by a binary CID");
    }
    try {
      return new IpldLink(Cid.decode(Arrays.copyOfRange(payload, 1, payload.length)));
    } catch (InvalidCidException e) {
      throw new InvalidIpldException("invalid link at offset " + start + ": " + e.getMessage(), e);
    }
  }

  private Ipld readSimple(int info, int start) {
    return switch (info) {
      case 20 -> Ipld.of(false);
      case 21 -> Ipld.of(true);
      case 22 -> Ipld.nullValue();
      case 23 -> throw error(start, "undefined is not part of the IPLD Data Model");
      case 25 -> {
        requireLenient(start, "16-bit float");
        yield finite(halfToDouble((int) readUnsigned(2)), start);
      }
      case 26 -> {
        requireLenient(start, "32-bit float");
        yield finite(Float.intBitsToFloat((int) readUnsigned(4)), start);
      }
      case 27 -> finite(Double.longBitsToDouble(readUnsigned(8)), start);
      case 31 -> throw error(start, "unexpected break code; indefinite lengths are not allowed");
      default -> throw error(start, "simple value " + info + " is not allowed");
    };
  }

  /** IEEE 754 binary16 to double (RFC 8949 appendix D); {@code Float.float16ToFloat} is JDK 20+. */
  static double halfToDouble(int half) {
    int exponent = (half >>> 10) & 0x1F;
    int mantissa = half & 0x3FF;
    double magnitude;
    if (exponent == 0) {
      magnitude = mantissa * 0x1p-24;
    } else if (exponent != 31) {
      magnitude = (mantissa + 1024) * Math.scalb(1.0, exponent - 25);
    } else {
      magnitude = mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
    }
    return (half & 0x8000) != 0 ? -magnitude : magnitude;
  }

  private IpldFloat finite(double value, int start) {
    if (!Double.isFinite(value)) {
      throw error(start, "NaN and infinities are not allowed");
    }
    return new IpldFloat(value);
  }

  private void requireLenient(int start, String what) {
    if (options.strict()) {
      throw error(start, what + " is not canonical; DAG-CBOR floats are 64-bit");
    }
  }

  /** Reads the header argument; in strict mode it must be in its shortest form. */
  private long readArgument(int info, int start) {
    if (info < 24) {
      return info;
    }
    int width =
        switch (info) {
          case 24 -> 1;
          case 25 -> 2;
          case 26 -> 4;
          case 27 -> 8;
          case 31 -> throw error(start, "indefinite-length items are not allowed in DAG-CBOR");
          default -> throw error(start, "reserved additional information " + info);
        };
    long value = readUnsigned(width);
    // The shortest form of a value that needs this width is at least 24 (one byte) or
    // 2^(8 * width / 2) (wider). A negative long here means >= 2^63: never too small.
    long minimum = width == 1 ? 24 : 1L << (4 * width);
    if (options.strict() && value >= 0 && value < minimum) {
      throw error(start, "integer or length is not in its shortest form");
    }
    return value;
  }

  /**
   * A declared length or count as an int, checked against the bytes left: every item takes at least
   * {@code minBytesPerItem}, so a larger count cannot be honest and is rejected before any
   * allocation.
   */
  private int checkedLength(long declared, int minBytesPerItem, int start, String what) {
    long remaining = (long) in.length - position;
    if (declared < 0 || declared > remaining / minBytesPerItem) {
      throw error(
          start,
          what
              + " declares "
              + Long.toUnsignedString(declared)
              + " item(s) but only "
              + remaining
              + " byte(s) remain");
    }
    return (int) declared;
  }

  private byte[] readPayload(long declared, int start, String what) {
    int length = checkedLength(declared, 1, start, what);
    byte[] out = Arrays.copyOfRange(in, position, position + length);
    position += length;
    return out;
  }

  private String decodeText(int offset, int length, int start) {
    boolean ascii = true;
    for (int i = offset; i < offset + length; i++) {
      if (in[i] < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return new String(in, offset, length, StandardCharsets.US_ASCII);
    }
    try {
      return Utf8Text.decode(in, offset, length);
    } catch (InvalidIpldException e) {
      throw error(start, "string is not valid UTF-8");
    }
  }

  private void enter(int depth, int start) {
    if (depth >= options.maxDepth()) {
      throw error(start, "nesting deeper than " + options.maxDepth() + " levels");
    }
  }

  private int readByte() {
    if (position >= in.length) {
      throw new InvalidIpldException("DAG-CBOR input ends unexpectedly at offset " + position);
    }
    return in[position++] & 0xFF;
  }

  private long readUnsigned(int bytes) {
    if (in.length - position < bytes) {
      throw new InvalidIpldException("DAG-CBOR input ends unexpectedly at offset " + in.length);
    }
    long value = 0;
    for (int i = 0; i < bytes; i++) {
      value = (value << 8) | (in[position++] & 0xFF);
    }
    return value;
  }

  private static InvalidIpldException error(int offset, String message) {
    return new InvalidIpldException("invalid DAG-CBOR at offset " + offset + ": " + message);
  }
}
