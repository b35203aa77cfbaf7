package org.pinring.libp2p.internal.yamux;

import io.netty.buffer.ByteBuf;

/**
 * The yamux frame header (libp2p/specs yamux, "Framing"): version, type, flags, stream id, length;
 * 12 bytes, big-endian. Data frames are followed by {@code length} bytes of payload; for the other
 * types the length field carries a value (window delta, ping opaque value, GoAway code).
 */
final class YamuxFrame {

  static final int HEADER_BYTES = 12;
  static final int VERSION = 0;

  static final int TYPE_DATA = 0;
  static final int TYPE_WINDOW_UPDATE = 1;
  static final int TYPE_PING = 2;
  static final int TYPE_GO_AWAY = 3;

  static final int FLAG_SYN = 1;
  static final int FLAG_ACK = 2;
  static final int FLAG_FIN = 4;
  static final int FLAG_RST = 8;

  static final int GO_AWAY_NORMAL = 0;
  static final int GO_AWAY_PROTOCOL_ERROR = 1;
  static final int GO_AWAY_INTERNAL_ERROR = 2;

  private YamuxFrame() {}

  static void writeHeader(ByteBuf out, int type, int flags, int streamId, long length) {
    out.writeByte(VERSION);
    out.writeByte(type);
    out.writeShort(flags);
    out.writeInt(streamId);
    out.writeInt((int) length);
  }

  static String typeName(int type) {
    return switch (type) {
      case TYPE_DATA -> "data";
      case TYPE_WINDOW_UPDATE -> "window update";
      case TYPE_PING -> "ping";
      case TYPE_GO_AWAY -> "go away";
      default -> "type " + type;
    };
  }
}
