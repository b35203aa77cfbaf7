package org.pinring.libp2p.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.pinring.libp2p.InvalidPeerIdException;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.internal.proto.ProtoReader;
import org.pinring.libp2p.internal.proto.ProtoWriter;
import org.pinring.libp2p.internal.proto.ProtobufException;
import org.pinring.multiformats.Multiaddr;
import org.pinring.multiformats.MultiformatException;

/**
 * A peer routing record (libp2p/specs RFC 0003): a peer's addresses at a sequence number. Only
 * meaningful inside a {@link SignedEnvelope} signed by the peer itself; see {@link
 * SignedPeerRecord}.
 *
 * @param peerId the peer the record describes
 * @param seq the sequence number, an unsigned 64-bit integer: a newer record of the same peer has a
 *     larger one (compare with {@link #isNewerThan}); js-libp2p uses milliseconds since the epoch,
 *     go-libp2p nanoseconds
 * @param addresses where the peer listens, without {@code /p2p} (at most {@link #MAX_ADDRESSES})
 */
public record PeerRecord(PeerId peerId, long seq, List<Multiaddr> addresses) {

  /** Domain separation string of peer records in envelopes (RFC 0003, "Signed Envelope"). */
  public static final String DOMAIN = "libp2p-peer-record";

  /** Payload type: the multicodec {@code libp2p-peer-record} (0x0301) as an unsigned varint. */
  private static final byte[] PAYLOAD_TYPE = {0x03, 0x01};

  /** Addresses per record; more are refused when decoding and constructing. */
  public static final int MAX_ADDRESSES = 64;

  public PeerRecord {
    Objects.requireNonNull(peerId, "peerId");
    addresses = List.copyOf(addresses);
    if (addresses.size() > MAX_ADDRESSES) {
      throw new IllegalArgumentException(
          addresses.size() + " addresses exceed the limit of " + MAX_ADDRESSES);
    }
  }

  /** The payload type of peer records, {@code 0x03 0x01}. */
  public static byte[] payloadType() {
    return PAYLOAD_TYPE.clone();
  }

  /** True if this record's seq is larger than {@code other}'s, comparing them unsigned. */
  public boolean isNewerThan(PeerRecord other) {
    return Long.compareUnsigned(seq, other.seq) > 0;
  }

  /** The {@code PeerRecord} protobuf, in canonical proto3 form (a zero seq is left out). */
  public byte[] encode() {
    ProtoWriter writer = new ProtoWriter().bytes(1, peerId.toBytes());
    if (seq != 0) {
      writer.varint(2, seq);
    }
    for (Multiaddr address : addresses) {
      writer.bytes(3, new ProtoWriter().bytes(1, address.toBytes()).toByteArray());
    }
    return writer.toByteArray();
  }

  /**
   * Decodes a {@code PeerRecord} protobuf. Its size is bounded by the envelope that carries it.
   *
   * @throws InvalidRecordException if the bytes are malformed, lack the peer id, hold an invalid
   *     peer id or multiaddr, or more than {@link #MAX_ADDRESSES} addresses
   */
  public static PeerRecord decode(byte[] bytes) {
    byte[] peerIdBytes = null;
    long seq = 0;
    List<Multiaddr> addresses = new ArrayList<>();
    try {
      ProtoReader reader = ProtoReader.of(bytes);
      while (reader.hasNext()) {
        switch (reader.nextField()) {
          case 1 -> peerIdBytes = reader.readBytesField(bytes.length);
          case 2 -> seq = reader.readVarintField();
          case 3 -> {
            if (addresses.size() == MAX_ADDRESSES) {
              throw new InvalidRecordException(
                  "peer record holds more than " + MAX_ADDRESSES + " addresses");
            }
            addresses.add(decodeAddressInfo(reader.readBytesField(bytes.length)));
          }
          default -> reader.skipField();
        }
      }
      if (peerIdBytes == null) {
        throw new InvalidRecordException("peer record lacks its peer id");
      }
      return new PeerRecord(PeerId.decode(peerIdBytes), seq, addresses);
    } catch (ProtobufException | InvalidPeerIdException e) {
      throw new InvalidRecordException("malformed peer record: " + e.getMessage(), e);
    }
  }

  private static Multiaddr decodeAddressInfo(byte[] bytes) {
    byte[] address = null;
    ProtoReader reader = ProtoReader.of(bytes);
    while (reader.hasNext()) {
      if (reader.nextField() == 1) {
        address = reader.readBytesField(Multiaddr.MAX_BYTES);
      } else {
        reader.skipField();
      }
    }
    if (address == null || address.length == 0) {
      throw new InvalidRecordException("peer record address entry holds no multiaddr");
    }
    try {
      return Multiaddr.decode(address);
    } catch (MultiformatException e) {
      throw new InvalidRecordException("peer record address: " + e.getMessage(), e);
    }
  }
}
