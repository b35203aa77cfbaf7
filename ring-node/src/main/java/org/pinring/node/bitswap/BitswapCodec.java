package org.pinring.node.bitswap;

import java.util.ArrayList;
import java.util.List;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.MultiformatException;
import org.pinring.multiformats.protobuf.ProtobufReader;
import org.pinring.node.blockstore.BlockStore;

/**
 * The Bitswap message protobuf (ipfs/specs BITSWAP.md; field numbers as in boxo's and Helia's
 * {@code message.proto}), hand-written like the other protobufs of PinRing (decision 23).
 *
 * <p>Decoding is bounded: a message is at most {@link #MAX_MESSAGE_BYTES} (the size js and go
 * Bitswap refuse beyond), at most {@link #MAX_ENTRIES} wantlist entries, presences and blocks each;
 * a block is at most {@link BlockStore#MAX_BLOCK_BYTES}. Unknown fields are skipped, as protobuf
 * requires; known fields with the wrong wire type, unknown enum values, missing or malformed CIDs
 * are errors. Every error is an {@link InvalidBitswapMessageException}.
 *
 * <p>Encoding omits fields at their default value (false, 0, empty), as go's encoder does, and
 * writes for the receiver's protocol version: 1.0.0 receivers get CIDv0 blocks in field 2 and no
 * presences or want-have entries.
 */
public final class BitswapCodec {

  /** Malformed input, as the offset in the message and what is wrong. */
  private static final ProtobufReader.Errors ERRORS =
      (offset, message) ->
          new InvalidBitswapMessageException(
              "bitswap message at offset " + offset + ": " + message);

  /** The largest message accepted or written (4 MiB, js and go Bitswap's default). */
  public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

  /** The most wantlist entries, presences or blocks one message may carry. */
  public static final int MAX_ENTRIES = 8192;

  // Message
  private static final int WANTLIST = 1;
  private static final int BLOCKS_V100 = 2;
  private static final int PAYLOAD = 3;
  private static final int PRESENCES = 4;
  private static final int PENDING_BYTES = 5;
  // Wantlist
  private static final int ENTRIES = 1;
  private static final int FULL = 2;
  // Wantlist.Entry
  private static final int ENTRY_CID = 1;
  private static final int PRIORITY = 2;
  private static final int CANCEL = 3;
  private static final int WANT_TYPE = 4;
  private static final int SEND_DONT_HAVE = 5;
  // Block
  private static final int PREFIX = 1;
  private static final int DATA = 2;
  // BlockPresence
  private static final int PRESENCE_CID = 1;
  private static final int PRESENCE_TYPE = 2;

  private BitswapCodec() {}

  /**
   * Decodes one message (without its length prefix).
   *
   * @throws InvalidBitswapMessageException if it is malformed or exceeds a limit
   */
  public static BitswapMessage decode(byte[] bytes) {
    if (bytes.length > MAX_MESSAGE_BYTES) {
      throw new InvalidBitswapMessageException(
          "bitswap message of " + bytes.length + " bytes exceeds " + MAX_MESSAGE_BYTES);
    }
    ProtobufReader reader = new ProtobufReader(bytes, 0, bytes.length, ERRORS);
    List<WantlistEntry> wantlist = new ArrayList<>();
    List<BlockPayload> blocks = new ArrayList<>();
    List<BlockPresence> presences = new ArrayList<>();
    boolean full = false;
    int pendingBytes = 0;
    while (reader.hasMore()) {
      int start = reader.position();
      int key = (int) reader.readKey(); // field numbers stop at 2^29 - 1
      int field = key >>> 3;
      int wireType = key & 7;
      switch (field) {
        case WANTLIST -> {
          expect(reader, wireType, ProtobufReader.WIRE_LENGTH_DELIMITED, start, "wantlist");
          full |= decodeWantlist(reader.nested(reader.readLengthDelimited("wantlist")), wantlist);
        }
        case BLOCKS_V100 -> {
          expect(reader, wireType, ProtobufReader.WIRE_LENGTH_DELIMITED, start, "block");
          byte[] data = readBlockData(reader, start);
          add(blocks, new BlockPayload(CidPrefix.v0(), data), reader, start, "blocks");
        }
        case PAYLOAD -> {
          expect(reader, wireType, ProtobufReader.WIRE_LENGTH_DELIMITED, start, "payload");
          BlockPayload payload =
              decodePayload(reader.nested(reader.readLengthDelimited("payload")));
          add(blocks, payload, reader, start, "blocks");
        }
        case PRESENCES -> {
          expect(reader, wireType, ProtobufReader.WIRE_LENGTH_DELIMITED, start, "block presence");
          BlockPresence presence =
              decodePresence(reader.nested(reader.readLengthDelimited("block presence")));
          add(presences, presence, reader, start, "block presences");
        }
        case PENDING_BYTES -> {
          expect(reader, wireType, ProtobufReader.WIRE_VARINT, start, "pendingBytes");
          pendingBytes = (int) reader.readVarint();
        }
        default -> reader.skip(wireType, start);
      }
    }
    return new BitswapMessage(wantlist, full, blocks, presences, pendingBytes);
  }

  private static boolean decodeWantlist(ProtobufReader reader, List<WantlistEntry> out) {
    boolean full = false;
    while (reader.hasMore()) {
      int start = reader.position();
      int key = (int) reader.readKey(); // field numbers stop at 2^29 - 1
      int wireType = key & 7;
      switch (key >>> 3) {
        case ENTRIES -> {
          expect(reader, wireType, ProtobufReader.WIRE_LENGTH_DELIMITED, start, "wantlist entry");
          WantlistEntry entry =
              decodeEntry(reader.nested(reader.readLengthDelimited("wantlist entry")), start);
          add(out, entry, reader, start, "wantlist entries");
        }
        case FULL -> {
          expect(reader, wireType, ProtobufReader.WIRE_VARINT, start, "full");
          full = reader.readVarint() != 0;
        }
        default -> reader.skip(wireType, start);
      }
    }
    return full;
  }

  private static WantlistEntry decodeEntry(ProtobufReader reader, int entryStart) {
    Cid cid = null;
    int priority = 0;
    boolean cancel = false;
    WantType type = WantType.BLOCK;
    boolean sendDontHave = false;
    while (reader.hasMore()) {
      int start = reader.position();
      int key = (int) reader.readKey(); // field numbers stop at 2^29 - 1
      int wireType = key & 7;
      switch (key >>> 3) {
        case ENTRY_CID -> {
          expect(reader, wireType, ProtobufReader.WIRE_LENGTH_DELIMITED, start, "entry CID");
          cid = readCid(reader, start);
        }
        case PRIORITY -> {
          expect(reader, wireType, ProtobufReader.WIRE_VARINT, start, "priority");
          priority = (int) reader.readVarint();
        }
        case CANCEL -> {
          expect(reader, wireType, ProtobufReader.WIRE_VARINT, start, "cancel");
          cancel = reader.readVarint() != 0;
        }
        case WANT_TYPE -> {
          expect(reader, wireType, ProtobufReader.WIRE_VARINT, start, "wantType");
          long value = reader.readVarint();
          if (value != 0 && value != 1) {
            throw reader.error(start, "unknown wantType " + Long.toUnsignedString(value));
          }
          type = value == 0 ? WantType.BLOCK : WantType.HAVE;
        }
        case SEND_DONT_HAVE -> {
          expect(reader, wireType, ProtobufReader.WIRE_VARINT, start, "sendDontHave");
          sendDontHave = reader.readVarint() != 0;
        }
        default -> reader.skip(wireType, start);
      }
    }
    if (cid == null) {
      throw reader.error(entryStart, "wantlist entry without a CID");
    }
    return new WantlistEntry(cid, priority, cancel, type, sendDontHave);
  }

  private static BlockPayload decodePayload(ProtobufReader reader) {
    CidPrefix prefix = null;
    byte[] data = new byte[0];
    while (reader.hasMore()) {
      int start = reader.position();
      int key = (int) reader.readKey(); // field numbers stop at 2^29 - 1
      int wireType = key & 7;
      switch (key >>> 3) {
        case PREFIX -> {
          expect(reader, wireType, ProtobufReader.WIRE_LENGTH_DELIMITED, start, "prefix");
          int[] bounds = reader.readLengthDelimited("prefix");
          if (bounds[1] - bounds[0] > 4 * 10) {
            throw reader.error(start, "CID prefix longer than four varints");
          }
          byte[] bytes = reader.copy(bounds);
          prefix = CidPrefix.decode(bytes);
        }
        case DATA -> {
          expect(reader, wireType, ProtobufReader.WIRE_LENGTH_DELIMITED, start, "data");
          data = readBlockData(reader, start);
        }
        default -> reader.skip(wireType, start);
      }
    }
    if (prefix == null) {
      throw reader.error(reader.position(), "block payload without a CID prefix");
    }
    return new BlockPayload(prefix, data);
  }

  private static BlockPresence decodePresence(ProtobufReader reader) {
    Cid cid = null;
    PresenceType type = PresenceType.HAVE;
    while (reader.hasMore()) {
      int start = reader.position();
      int key = (int) reader.readKey(); // field numbers stop at 2^29 - 1
      int wireType = key & 7;
      switch (key >>> 3) {
        case PRESENCE_CID -> {
          expect(reader, wireType, ProtobufReader.WIRE_LENGTH_DELIMITED, start, "presence CID");
          cid = readCid(reader, start);
        }
        case PRESENCE_TYPE -> {
          expect(reader, wireType, ProtobufReader.WIRE_VARINT, start, "presence type");
          long value = reader.readVarint();
          if (value != 0 && value != 1) {
            throw reader.error(
                start, "unknown block presence type " + Long.toUnsignedString(value));
          }
          type = value == 0 ? PresenceType.HAVE : PresenceType.DONT_HAVE;
        }
        default -> reader.skip(wireType, start);
      }
    }
    if (cid == null) {
      throw reader.error(reader.position(), "block presence without a CID");
    }
    return new BlockPresence(cid, type);
  }

  private static byte[] readBlockData(ProtobufReader reader, int start) {
    int[] bounds = reader.readLengthDelimited("block data");
    int length = bounds[1] - bounds[0];
    if (length > BlockStore.MAX_BLOCK_BYTES) {
      throw reader.error(
          start, "block of " + length + " bytes exceeds " + BlockStore.MAX_BLOCK_BYTES);
    }
    return reader.copy(bounds);
  }

  private static Cid readCid(ProtobufReader reader, int start) {
    byte[] bytes = reader.readBytes("CID");
    try {
      return Cid.decode(bytes);
    } catch (MultiformatException e) {
      throw reader.error(start, "invalid CID: " + e.getMessage());
    }
  }

  private static void expect(
      ProtobufReader reader, int wireType, int expected, int start, String field) {
    if (wireType != expected) {
      throw reader.error(start, field + " has wire type " + wireType + ", expected " + expected);
    }
  }

  private static <T> void add(List<T> list, T item, ProtobufReader reader, int start, String what) {
    if (list.size() >= MAX_ENTRIES) {
      throw reader.error(start, "more than " + MAX_ENTRIES + " " + what);
    }
    list.add(item);
  }

  /**
   * Encodes {@code message} for a receiver speaking {@code protocol}, without a length prefix.
   *
   * @throws IllegalArgumentException if the encoding would exceed {@link #MAX_MESSAGE_BYTES}, or a
   *     block is not a CIDv0 one and the receiver speaks 1.0.0
   */
  public static byte[] encode(BitswapMessage message, BitswapProtocol protocol) {
    return new MessageWriter(message, protocol).toBytes(false);
  }

  /** As {@link #encode}, preceded by the unsigned-varint length that frames it on a stream. */
  public static byte[] encodeFrame(BitswapMessage message, BitswapProtocol protocol) {
    return new MessageWriter(message, protocol).toBytes(true);
  }

  /** Wire size of a payload of {@code dataBytes} (for packing messages under the limit). */
  static int payloadOverhead() {
    // key + length varint of the Block, prefix field (key, length, up to 4 short varints), data key
    // and length varint: a generous upper bound.
    return 1 + 5 + 1 + 1 + 20 + 1 + 5;
  }

  /** Upper bound on a wantlist entry's or presence's size beyond its CID. */
  static int entryOverhead() {
    return 1 + 5 + 1 + 5 + 2 + 5 + 2 + 2 + 2 + 2;
  }
}
