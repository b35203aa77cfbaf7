package org.pinring.libp2p.internal.protocol;

import java.io.ByteArrayOutputStream;
import org.pinring.libp2p.internal.proto.ProtobufException;

/** Unsigned-varint length-prefixed messages, as identify and many libp2p protocols send them. */
public final class LengthPrefixed {

  private LengthPrefixed() {}

  /** {@code message} with its varint length in front. */
  public static byte[] frame(byte[] message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 5);
    long length = message.length;
    while ((length & ~0x7fL) != 0) {
      out.write((int) (length & 0x7f) | 0x80);
      length >>>= 7;
    }
    out.write((int) length);
    out.writeBytes(message);
    return out.toByteArray();
  }

  /**
   * The single message that makes up all of {@code bytes}.
   *
   * @throws ProtobufException if the prefix is malformed, exceeds {@code maxBytes}, or does not
   *     match the data
   */
  public static byte[] unframe(byte[] bytes, int maxBytes) {
    long length = 0;
    int position = 0;
    for (int shift = 0; ; shift += 7) {
      if (position == bytes.length || shift > 28) {
        throw new ProtobufException("malformed length prefix");
      }
      byte b = bytes[position++];
      length |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        break;
      }
    }
    if (length > maxBytes) {
      throw new ProtobufException("message of " + length + " bytes exceeds " + maxBytes);
    }
    if (bytes.length - position != length) {
      throw new ProtobufException(
          "length prefix says " + length + " bytes but " + (bytes.length - position) + " follow");
    }
    return java.util.Arrays.copyOfRange(bytes, position, bytes.length);
  }
}
