package org.pinring.libp2p.pubsub;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.pinring.libp2p.internal.proto.ProtoReader;
import org.pinring.libp2p.internal.proto.ProtobufException;

/**
 * The pubsub RPC protobuf ({@code rpc.proto} of the pubsub and gossipsub specs). Encoding writes
 * fields in field-number order and leaves absent fields out, as js-libp2p's codec does, so both
 * produce the same bytes. Decoding is strict and bounded by {@link RpcLimits}; it fails only with
 * {@link InvalidRpcException}. Unknown fields (e.g. gossipsub v1.2 IDONTWANT) are skipped.
 */
final class RpcCodec {

  private RpcCodec() {}

  // ---- decoding ----

  static Rpc decode(byte[] bytes, RpcLimits limits) {
    if (bytes.length > limits.maxRpcBytes()) {
      throw new InvalidRpcException(
          "RPC of " + bytes.length + " bytes exceeds the limit of " + limits.maxRpcBytes());
    }
    try {
      return decodeRpc(bytes, limits);
    } catch (ProtobufException e) {
      throw new InvalidRpcException("malformed RPC: " + e.getMessage(), e);
    }
  }

  private static Rpc decodeRpc(byte[] bytes, RpcLimits limits) {
    ProtoReader reader = ProtoReader.of(bytes);
    List<Rpc.SubOpts> subscriptions = new ArrayList<>();
    List<RawMessage> messages = new ArrayList<>();
    ControlParts control = new ControlParts();
    while (reader.hasNext()) {
      int field = reader.nextField();
      if (field == 1) {
        check(subscriptions.size() < limits.maxSubscriptions(), "subscriptions", limits);
        subscriptions.add(decodeSubOpts(reader.readBytesField(bytes.length), limits));
      } else if (field == 2) {
        check(messages.size() < limits.maxMessages(), "messages", limits);
        messages.add(decodeMessage(reader.readBytesField(bytes.length), limits));
      } else if (field == 3) {
        // Repeated occurrences of a singular message field merge (protobuf rules): gathered into
        // one set of lists, since merging part by part copies all earlier parts each time.
        decodeControl(reader.readBytesField(bytes.length), limits, control);
      } else {
        reader.skipField();
      }
    }
    return new Rpc(subscriptions, messages, control.toControl());
  }

  private static Rpc.SubOpts decodeSubOpts(byte[] bytes, RpcLimits limits) {
    ProtoReader reader = ProtoReader.of(bytes);
    boolean subscribe = false;
    String topic = "";
    while (reader.hasNext()) {
      int field = reader.nextField();
      if (field == 1) {
        subscribe = reader.readVarintField() != 0;
      } else if (field == 2) {
        topic = reader.readStringField(limits.maxTopicBytes());
      } else {
        reader.skipField();
      }
    }
    return new Rpc.SubOpts(subscribe, topic);
  }

  static RawMessage decodeMessage(byte[] bytes, RpcLimits limits) {
    ProtoReader reader = ProtoReader.of(bytes);
    byte[] from = null;
    byte[] data = null;
    byte[] seqno = null;
    String topic = "";
    byte[] signature = null;
    byte[] key = null;
    while (reader.hasNext()) {
      int field = reader.nextField();
      switch (field) {
        case 1 -> from = reader.readBytesField(bytes.length);
        case 2 -> data = reader.readBytesField(bytes.length);
        case 3 -> seqno = reader.readBytesField(bytes.length);
        case 4 -> topic = reader.readStringField(limits.maxTopicBytes());
        case 5 -> signature = reader.readBytesField(bytes.length);
        case 6 -> key = reader.readBytesField(bytes.length);
        default -> reader.skipField();
      }
    }
    return new RawMessage(from, data, seqno, topic, signature, key);
  }

  /** The control entries of all control fields of one RPC, with running totals for the limits. */
  private static final class ControlParts {
    final List<Rpc.IHave> ihave = new ArrayList<>();
    final List<Rpc.IWant> iwant = new ArrayList<>();
    final List<Rpc.Graft> graft = new ArrayList<>();
    final List<Rpc.Prune> prune = new ArrayList<>();
    int entries;
    int ihaveIds;
    int iwantIds;

    Rpc.Control toControl() {
      return entries == 0 ? Rpc.Control.EMPTY : new Rpc.Control(ihave, iwant, graft, prune);
    }
  }

  private static void decodeControl(byte[] bytes, RpcLimits limits, ControlParts parts) {
    ProtoReader reader = ProtoReader.of(bytes);
    while (reader.hasNext()) {
      int field = reader.nextField();
      if (field >= 1 && field <= 4) {
        check(++parts.entries <= limits.maxControlEntries(), "control entries", limits);
      }
      switch (field) {
        case 1 -> parts.ihave.add(decodeIHave(reader.readBytesField(bytes.length), limits, parts));
        case 2 -> parts.iwant.add(decodeIWant(reader.readBytesField(bytes.length), limits, parts));
        case 3 ->
            parts.graft.add(
                new Rpc.Graft(decodeTopicOnly(reader.readBytesField(bytes.length), limits)));
        case 4 -> parts.prune.add(decodePrune(reader.readBytesField(bytes.length), limits));
        default -> reader.skipField();
      }
    }
  }

  private static Rpc.IHave decodeIHave(byte[] bytes, RpcLimits limits, ControlParts counts) {
    ProtoReader reader = ProtoReader.of(bytes);
    String topic = "";
    List<MessageId> ids = new ArrayList<>();
    while (reader.hasNext()) {
      int field = reader.nextField();
      if (field == 1) {
        topic = reader.readStringField(limits.maxTopicBytes());
      } else if (field == 2) {
        check(++counts.ihaveIds <= limits.maxIHaveMessageIds(), "IHAVE message ids", limits);
        ids.add(MessageId.wrap(reader.readBytesField(limits.maxMessageIdBytes())));
      } else {
        reader.skipField();
      }
    }
    return new Rpc.IHave(topic, ids);
  }

  private static Rpc.IWant decodeIWant(byte[] bytes, RpcLimits limits, ControlParts counts) {
    ProtoReader reader = ProtoReader.of(bytes);
    List<MessageId> ids = new ArrayList<>();
    while (reader.hasNext()) {
      int field = reader.nextField();
      if (field == 1) {
        check(++counts.iwantIds <= limits.maxIWantMessageIds(), "IWANT message ids", limits);
        ids.add(MessageId.wrap(reader.readBytesField(limits.maxMessageIdBytes())));
      } else {
        reader.skipField();
      }
    }
    return new Rpc.IWant(ids);
  }

  private static String decodeTopicOnly(byte[] bytes, RpcLimits limits) {
    ProtoReader reader = ProtoReader.of(bytes);
    String topic = "";
    while (reader.hasNext()) {
      if (reader.nextField() == 1) {
        topic = reader.readStringField(limits.maxTopicBytes());
      } else {
        reader.skipField();
      }
    }
    return topic;
  }

  private static Rpc.Prune decodePrune(byte[] bytes, RpcLimits limits) {
    ProtoReader reader = ProtoReader.of(bytes);
    String topic = "";
    List<Rpc.PeerInfo> peers = new ArrayList<>();
    OptionalLong backoff = OptionalLong.empty();
    while (reader.hasNext()) {
      int field = reader.nextField();
      if (field == 1) {
        topic = reader.readStringField(limits.maxTopicBytes());
      } else if (field == 2) {
        check(peers.size() < limits.maxPeerInfos(), "peer-exchange entries", limits);
        peers.add(decodePeerInfo(reader.readBytesField(bytes.length)));
      } else if (field == 3) {
        backoff = OptionalLong.of(reader.readVarintField());
      } else {
        reader.skipField();
      }
    }
    return new Rpc.Prune(topic, peers, backoff);
  }

  private static Rpc.PeerInfo decodePeerInfo(byte[] bytes) {
    ProtoReader reader = ProtoReader.of(bytes);
    byte[] peerId = null;
    byte[] record = null;
    while (reader.hasNext()) {
      int field = reader.nextField();
      if (field == 1) {
        peerId = reader.readBytesField(bytes.length);
      } else if (field == 2) {
        record = reader.readBytesField(bytes.length);
      } else {
        reader.skipField();
      }
    }
    return new Rpc.PeerInfo(peerId, record);
  }

  private static void check(boolean withinLimit, String what, RpcLimits limits) {
    if (!withinLimit) {
      throw new InvalidRpcException(
          "RPC has more " + what + " than the limit " + describe(what, limits));
    }
  }

  private static String describe(String what, RpcLimits limits) {
    return switch (what) {
      case "subscriptions" -> String.valueOf(limits.maxSubscriptions());
      case "messages" -> String.valueOf(limits.maxMessages());
      case "IHAVE message ids" -> String.valueOf(limits.maxIHaveMessageIds());
      case "IWANT message ids" -> String.valueOf(limits.maxIWantMessageIds());
      case "peer-exchange entries" -> String.valueOf(limits.maxPeerInfos());
      default -> String.valueOf(limits.maxControlEntries());
    };
  }

  // ---- encoding ----

  /** The RPC's protobuf bytes. */
  static byte[] encode(Rpc rpc) {
    Writer w = new Writer(rpcSize(rpc));
    writeRpc(w, rpc);
    return w.finish();
  }

  /** A Message's protobuf bytes (what a signature covers, after the "libp2p-pubsub:" prefix). */
  static byte[] encodeMessage(RawMessage message) {
    Writer w = new Writer(messageSize(message));
    writeMessage(w, message);
    return w.finish();
  }

  /** The RPC with its unsigned-varint length in front: one frame on a pubsub stream. */
  static byte[] encodeFramed(Rpc rpc) {
    int size = rpcSize(rpc);
    Writer w = new Writer(Writer.varintSize(size) + size);
    w.varint(size);
    writeRpc(w, rpc);
    return w.finish();
  }

  private static int rpcSize(Rpc rpc) {
    int size = 0;
    for (Rpc.SubOpts s : rpc.subscriptions()) {
      size += nested(1, subOptsSize(s));
    }
    for (RawMessage m : rpc.messages()) {
      size += nested(1, messageSize(m));
    }
    if (!rpc.control().isEmpty()) {
      size += nested(1, controlSize(rpc.control()));
    }
    return size;
  }

  private static void writeRpc(Writer w, Rpc rpc) {
    for (Rpc.SubOpts s : rpc.subscriptions()) {
      w.tag(1, 2).varint(subOptsSize(s));
      w.tag(1, 0).varint(s.subscribe() ? 1 : 0);
      w.string(2, s.topic());
    }
    for (RawMessage m : rpc.messages()) {
      w.tag(2, 2).varint(messageSize(m));
      writeMessage(w, m);
    }
    Rpc.Control c = rpc.control();
    if (!c.isEmpty()) {
      w.tag(3, 2).varint(controlSize(c));
      for (Rpc.IHave i : c.ihave()) {
        w.tag(1, 2).varint(ihaveSize(i));
        w.string(1, i.topic());
        for (MessageId id : i.messageIds()) {
          w.bytes(2, id.unsafeBytes());
        }
      }
      for (Rpc.IWant i : c.iwant()) {
        w.tag(2, 2).varint(iwantSize(i));
        for (MessageId id : i.messageIds()) {
          w.bytes(1, id.unsafeBytes());
        }
      }
      for (Rpc.Graft g : c.graft()) {
        w.tag(3, 2).varint(stringSize(g.topic()));
        w.string(1, g.topic());
      }
      for (Rpc.Prune p : c.prune()) {
        w.tag(4, 2).varint(pruneSize(p));
        w.string(1, p.topic());
        for (Rpc.PeerInfo info : p.peers()) {
          w.tag(2, 2).varint(peerInfoSize(info));
          w.optionalBytes(1, info.peerId());
          w.optionalBytes(2, info.signedPeerRecord());
        }
        if (p.backoffSeconds().isPresent()) {
          w.tag(3, 0).varint(p.backoffSeconds().getAsLong());
        }
      }
    }
  }

  private static void writeMessage(Writer w, RawMessage m) {
    w.optionalBytes(1, m.from());
    w.optionalBytes(2, m.data());
    w.optionalBytes(3, m.seqno());
    w.string(4, m.topic());
    w.optionalBytes(5, m.signature());
    w.optionalBytes(6, m.key());
  }

  private static int subOptsSize(Rpc.SubOpts s) {
    return 2 + stringSize(s.topic());
  }

  private static int messageSize(RawMessage m) {
    return bytesSize(m.from())
        + bytesSize(m.data())
        + bytesSize(m.seqno())
        + stringSize(m.topic())
        + bytesSize(m.signature())
        + bytesSize(m.key());
  }

  private static int controlSize(Rpc.Control c) {
    int size = 0;
    for (Rpc.IHave i : c.ihave()) {
      size += nested(1, ihaveSize(i));
    }
    for (Rpc.IWant i : c.iwant()) {
      size += nested(1, iwantSize(i));
    }
    for (Rpc.Graft g : c.graft()) {
      size += nested(1, stringSize(g.topic()));
    }
    for (Rpc.Prune p : c.prune()) {
      size += nested(1, pruneSize(p));
    }
    return size;
  }

  private static int ihaveSize(Rpc.IHave i) {
    int size = stringSize(i.topic());
    for (MessageId id : i.messageIds()) {
      size += nested(1, id.length());
    }
    return size;
  }

  private static int iwantSize(Rpc.IWant i) {
    int size = 0;
    for (MessageId id : i.messageIds()) {
      size += nested(1, id.length());
    }
    return size;
  }

  private static int pruneSize(Rpc.Prune p) {
    int size = stringSize(p.topic());
    for (Rpc.PeerInfo info : p.peers()) {
      size += nested(1, peerInfoSize(info));
    }
    if (p.backoffSeconds().isPresent()) {
      size += 1 + Writer.varintSize(p.backoffSeconds().getAsLong());
    }
    return size;
  }

  private static int peerInfoSize(Rpc.PeerInfo info) {
    return bytesSize(info.peerId()) + bytesSize(info.signedPeerRecord());
  }

  /** Size of a length-delimited field with a one-byte key and {@code length} bytes of value. */
  private static int nested(int keyBytes, int length) {
    return keyBytes + Writer.varintSize(length) + length;
  }

  private static int bytesSize(byte[] value) {
    return value == null ? 0 : nested(1, value.length);
  }

  private static int stringSize(String value) {
    // proto3 string: the empty string is left out (as js's codec does for Message.topic).
    return value.isEmpty() ? 0 : nested(1, utf8Length(value));
  }

  private static int utf8Length(String value) {
    int length = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        length++;
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isHighSurrogate(c)) {
        length += 4;
        i++;
      } else {
        length += 3;
      }
    }
    return length;
  }

  /** Writes into an array of exactly the precomputed size. */
  private static final class Writer {
    private final byte[] out;
    private int position;

    Writer(int size) {
      out = new byte[size];
    }

    static int varintSize(long value) {
      int size = 1;
      while ((value & ~0x7fL) != 0) {
        value >>>= 7;
        size++;
      }
      return size;
    }

    Writer tag(int field, int wireType) {
      return varint((long) field << 3 | wireType);
    }

    Writer varint(long value) {
      while ((value & ~0x7fL) != 0) {
        out[position++] = (byte) ((value & 0x7f) | 0x80);
        value >>>= 7;
      }
      out[position++] = (byte) value;
      return this;
    }

    void bytes(int field, byte[] value) {
      tag(field, 2).varint(value.length);
      System.arraycopy(value, 0, out, position, value.length);
      position += value.length;
    }

    void optionalBytes(int field, byte[] value) {
      if (value != null) {
        bytes(field, value);
      }
    }

    void string(int field, String value) {
      if (!value.isEmpty()) {
        bytes(field, value.getBytes(StandardCharsets.UTF_8));
      }
    }

    byte[] finish() {
      if (position != out.length) {
        throw new IllegalStateException("encoded " + position + " bytes, computed " + out.length);
      }
      return out;
    }
  }
}
