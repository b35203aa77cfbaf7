package org.pinring.node.bitswap;

import java.util.ArrayList;
import java.util.List;
import org.pinring.multiformats.protobuf.ProtobufReader;

/**
 * Writes one {@link BitswapMessage} into an array of exactly its size: sub-message sizes are
 * computed first, so a message of several 1 MiB blocks is copied once.
 */
final class MessageWriter {

  private final BitswapMessage message;
  private final BitswapProtocol protocol;
  private final List<byte[]> entries = new ArrayList<>();
  private final List<byte[]> presences = new ArrayList<>();
  private final List<byte[]> prefixes = new ArrayList<>();
  private final int wantlistSize;
  private final int bodySize;

  MessageWriter(BitswapMessage message, BitswapProtocol protocol) {
    this.message = message;
    this.protocol = protocol;
    int wantlist = 0;
    for (WantlistEntry entry : message.wantlist()) {
      if (entry.type() == WantType.HAVE && !protocol.hasPresences()) {
        continue; // a 1.0.0/1.1.0 peer cannot answer want-have
      }
      byte[] encoded = entry(entry, protocol.hasPresences());
      entries.add(encoded);
      wantlist += field(encoded.length);
    }
    if (message.fullWantlist()) {
      wantlist += 2;
    }
    this.wantlistSize = wantlist;
    long body = wantlist > 0 || message.fullWantlist() ? field(wantlist) : 0;
    for (BlockPayload block : message.blocks()) {
      if (protocol.hasPrefixes()) {
        byte[] prefix = block.prefix().encode();
        prefixes.add(prefix);
        body += field(payloadSize(prefix, block.data()));
      } else {
        if (!block.prefix().equals(CidPrefix.v0())) {
          throw new IllegalArgumentException(
              "a bitswap 1.0.0 peer can only receive CIDv0 blocks, not " + block.prefix());
        }
        body += field(block.data().length);
      }
    }
    if (protocol.hasPresences()) {
      for (BlockPresence presence : message.presences()) {
        byte[] encoded = presence(presence);
        presences.add(encoded);
        body += field(encoded.length);
      }
    }
    if (message.pendingBytes() != 0) {
      body += 1 + varintLength(message.pendingBytes());
    }
    if (body > BitswapCodec.MAX_MESSAGE_BYTES) {
      throw new IllegalArgumentException(
          "bitswap message of " + body + " bytes exceeds " + BitswapCodec.MAX_MESSAGE_BYTES);
    }
    this.bodySize = (int) body;
  }

  byte[] toBytes(boolean framed) {
    int prefixLength = framed ? varintLength(bodySize) : 0;
    Output out = new Output(new byte[prefixLength + bodySize]);
    if (framed) {
      out.varint(bodySize);
    }
    if (wantlistSize > 0 || message.fullWantlist()) {
      out.key(1, ProtobufReader.WIRE_LENGTH_DELIMITED).varint(wantlistSize);
      for (byte[] entry : entries) {
        out.key(1, ProtobufReader.WIRE_LENGTH_DELIMITED).varint(entry.length).raw(entry);
      }
      if (message.fullWantlist()) {
        out.key(2, ProtobufReader.WIRE_VARINT).varint(1);
      }
    }
    for (int i = 0; i < message.blocks().size(); i++) {
      byte[] data = message.blocks().get(i).data();
      if (protocol.hasPrefixes()) {
        byte[] prefix = prefixes.get(i);
        out.key(3, ProtobufReader.WIRE_LENGTH_DELIMITED).varint(payloadSize(prefix, data));
        out.key(1, ProtobufReader.WIRE_LENGTH_DELIMITED).varint(prefix.length).raw(prefix);
        if (data.length > 0) {
          out.key(2, ProtobufReader.WIRE_LENGTH_DELIMITED).varint(data.length).raw(data);
        }
      } else {
        out.key(2, ProtobufReader.WIRE_LENGTH_DELIMITED).varint(data.length).raw(data);
      }
    }
    for (byte[] presence : presences) {
      out.key(4, ProtobufReader.WIRE_LENGTH_DELIMITED).varint(presence.length).raw(presence);
    }
    if (message.pendingBytes() != 0) {
      out.key(5, ProtobufReader.WIRE_VARINT).varint(message.pendingBytes());
    }
    if (out.position != out.bytes.length) {
      throw new IllegalStateException(
          "bitswap size computation is off by " + (out.bytes.length - out.position));
    }
    return out.bytes;
  }

  private static int payloadSize(byte[] prefix, byte[] data) {
    int size = 1 + varintLength(prefix.length) + prefix.length;
    if (data.length > 0) {
      size += 1 + varintLength(data.length) + data.length;
    }
    return size;
  }

  private static byte[] entry(WantlistEntry entry, boolean v120) {
    byte[] cid = entry.cid().toBytes();
    int size = field(cid.length);
    if (entry.priority() != 0) {
      size += 1 + varintLength(entry.priority());
    }
    if (entry.cancel()) {
      size += 2;
    }
    boolean writeType = v120 && entry.type() == WantType.HAVE;
    boolean writeDontHave = v120 && entry.sendDontHave();
    size += (writeType ? 2 : 0) + (writeDontHave ? 2 : 0);
    Output out = new Output(new byte[size]);
    out.key(1, ProtobufReader.WIRE_LENGTH_DELIMITED).varint(cid.length).raw(cid);
    if (entry.priority() != 0) {
      out.key(2, ProtobufReader.WIRE_VARINT).varint(entry.priority());
    }
    if (entry.cancel()) {
      out.key(3, ProtobufReader.WIRE_VARINT).varint(1);
    }
    if (writeType) {
      out.key(4, ProtobufReader.WIRE_VARINT).varint(entry.type().wireValue());
    }
    if (writeDontHave) {
      out.key(5, ProtobufReader.WIRE_VARINT).varint(1);
    }
    return out.bytes;
  }

  private static byte[] presence(BlockPresence presence) {
    byte[] cid = presence.cid().toBytes();
    boolean writeType = presence.type() != PresenceType.HAVE;
    Output out = new Output(new byte[field(cid.length) + (writeType ? 2 : 0)]);
    out.key(1, ProtobufReader.WIRE_LENGTH_DELIMITED).varint(cid.length).raw(cid);
    if (writeType) {
      out.key(2, ProtobufReader.WIRE_VARINT).varint(presence.type().wireValue());
    }
    return out.bytes;
  }

  /** Size of a length-delimited field with a one-byte key. */
  private static int field(int payload) {
    return 1 + varintLength(payload) + payload;
  }

  /** Protobuf int32 fields: negative values are sign-extended to ten bytes. */
  static int varintLength(long value) {
    int length = 1;
    while ((value & ~0x7FL) != 0) {
      value >>>= 7;
      length++;
    }
    return length;
  }

  private static final class Output {
    final byte[] bytes;
    int position;

    Output(byte[] bytes) {
      this.bytes = bytes;
    }

    Output key(int field, int wireType) {
      return varint(((long) field << 3) | wireType);
    }

    Output varint(long value) {
      while ((value & ~0x7FL) != 0) {
        bytes[position++] = (byte) ((value & 0x7F) | 0x80);
        value >>>= 7;
      }
      bytes[position++] = (byte) value;
      return this;
    }

    Output raw(byte[] data) {
      System.arraycopy(data, 0, bytes, position, data.length);
      position += data.length;
      return this;
    }
  }
}
