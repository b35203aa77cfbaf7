package org.pinring.libp2p.internal.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pinring.libp2p.crypto.Keys;
import org.pinring.libp2p.internal.proto.ProtoReader;
import org.pinring.libp2p.internal.proto.ProtoWriter;
import org.pinring.libp2p.internal.proto.ProtobufException;
import org.pinring.libp2p.record.SignedEnvelope;
import org.pinring.multiformats.Multiaddr;
import org.pinring.multiformats.MultiformatException;

/**
 * The identify message (libp2p/specs identify, "The Identify Message"). Fields absent on the wire
 * are empty here; addresses this node cannot parse are skipped, not fatal (peers may speak
 * transports PinRing does not know).
 *
 * @param publicKey the sender's {@code PublicKey} protobuf, if sent
 * @param observedAddress the receiver's address as the sender sees it, if sent
 * @param signedPeerRecord the sender's signed peer record (field 8, an RFC 0003 envelope), as
 *     received and not yet opened or checked; null if absent
 */
@SuppressWarnings("ArrayRecordComponent") // a wire message, never compared or hashed
public record IdentifyMessage(
    String protocolVersion,
    String agentVersion,
    byte[] publicKey,
    List<Multiaddr> listenAddresses,
    Optional<Multiaddr> observedAddress,
    List<String> protocols,
    byte[] signedPeerRecord) {

  /** Bound on an encoded message; js-libp2p refuses messages over 8 KiB, so we send less. */
  public static final int MAX_BYTES = 64 * 1024;

  public static final int MAX_ADDRESSES = 64;
  public static final int MAX_PROTOCOLS = 256;
  public static final int MAX_STRING_BYTES = 1024;

  public IdentifyMessage {
    listenAddresses = List.copyOf(listenAddresses);
    protocols = List.copyOf(protocols);
  }

  /** The protobuf encoding (without the length prefix). */
  public byte[] encode() {
    ProtoWriter writer = new ProtoWriter();
    if (publicKey != null) {
      writer.bytes(1, publicKey);
    }
    for (Multiaddr address : listenAddresses) {
      writer.bytes(2, address.toBytes());
    }
    for (String protocol : protocols) {
      writer.string(3, protocol);
    }
    observedAddress.ifPresent(address -> writer.bytes(4, address.toBytes()));
    if (protocolVersion != null) {
      writer.string(5, protocolVersion);
    }
    if (agentVersion != null) {
      writer.string(6, agentVersion);
    }
    if (signedPeerRecord != null) {
      writer.bytes(8, signedPeerRecord);
    }
    return writer.toByteArray();
  }

  /**
   * Decodes a message.
   *
   * @throws ProtobufException if it is malformed or exceeds a bound
   */
  public static IdentifyMessage decode(byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw new ProtobufException("identify message of " + bytes.length + " bytes");
    }
    String protocolVersion = null;
    String agentVersion = null;
    byte[] publicKey = null;
    List<Multiaddr> listen = new ArrayList<>();
    Multiaddr observed = null;
    List<String> protocols = new ArrayList<>();
    byte[] signedPeerRecord = null;
    ProtoReader reader = ProtoReader.of(bytes);
    while (reader.hasNext()) {
      switch (reader.nextField()) {
        case 1 -> publicKey = reader.readBytesField(Keys.MAX_PUBLIC_KEY_BYTES);
        case 2 -> {
          byte[] address = reader.readBytesField(Multiaddr.MAX_BYTES);
          if (listen.size() < MAX_ADDRESSES) {
            parse(address).ifPresent(listen::add);
          }
        }
        case 3 -> {
          if (protocols.size() == MAX_PROTOCOLS) {
            throw new ProtobufException("more than " + MAX_PROTOCOLS + " protocols");
          }
          protocols.add(reader.readStringField(MAX_STRING_BYTES));
        }
        case 4 -> observed = parse(reader.readBytesField(Multiaddr.MAX_BYTES)).orElse(null);
        case 5 -> protocolVersion = reader.readStringField(MAX_STRING_BYTES);
        case 6 -> agentVersion = reader.readStringField(MAX_STRING_BYTES);
        // identify spec, "signedPeerRecord": bounded like any envelope before it is allocated.
        case 8 -> signedPeerRecord = reader.readBytesField(SignedEnvelope.MAX_ENVELOPE_BYTES);
        default -> reader.skipField();
      }
    }
    return new IdentifyMessage(
        protocolVersion,
        agentVersion,
        publicKey,
        listen,
        Optional.ofNullable(observed),
        protocols,
        signedPeerRecord);
  }

  private static Optional<Multiaddr> parse(byte[] bytes) {
    try {
      return Optional.of(Multiaddr.decode(bytes));
    } catch (MultiformatException e) {
      return Optional.empty();
    }
  }
}
