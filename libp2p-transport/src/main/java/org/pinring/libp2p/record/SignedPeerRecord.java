package org.pinring.libp2p.record;

import java.util.Objects;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.crypto.PrivateKey;

/**
 * A peer record in a signed envelope, opened and checked: the envelope's signature holds for the
 * peer record domain, its payload type is {@code libp2p-peer-record}, and the record describes the
 * peer whose key signed it (RFC 0003, "Signed Envelope"). The only way to obtain one from bytes is
 * {@link #open}, so holding one means these checks passed.
 *
 * <p>Immutable and thread-safe. {@link #encode} returns the envelope bytes as signed, so a record
 * can be passed on (peer exchange) exactly as it was received.
 */
public final class SignedPeerRecord {

  private final SignedEnvelope envelope;
  private final PeerRecord record;
  private final byte[] encoded;

  private SignedPeerRecord(SignedEnvelope envelope, PeerRecord record, byte[] encoded) {
    this.envelope = envelope;
    this.record = record;
    this.encoded = encoded;
  }

  /**
   * Seals {@code record} with {@code key}, which must be the key of the record's peer.
   *
   * @throws IllegalArgumentException if {@code key} is not {@code record.peerId()}'s key, or the
   *     record does not fit in an envelope
   */
  public static SignedPeerRecord seal(PrivateKey key, PeerRecord record) {
    if (!record.peerId().matches(key.publicKey())) {
      throw new IllegalArgumentException("a peer record must be signed by its own peer's key");
    }
    SignedEnvelope envelope =
        SignedEnvelope.seal(key, PeerRecord.DOMAIN, PeerRecord.payloadType(), record.encode());
    return new SignedPeerRecord(envelope, record, envelope.encode());
  }

  /**
   * Opens an envelope that should hold a peer record: decodes it (bounded), checks the payload
   * type, the signature for the peer record domain, decodes the record and checks that its peer is
   * the signer.
   *
   * @throws InvalidRecordException if any of these fails
   */
  public static SignedPeerRecord open(byte[] bytes) {
    SignedEnvelope envelope = SignedEnvelope.decode(bytes);
    // The payload type is checked before the (costlier) signature: js-libp2p skips this check,
    // go-libp2p and the RFC make it.
    if (!envelope.hasPayloadType(PeerRecord.payloadType())) {
      throw new InvalidRecordException("envelope does not hold a peer record (payload type)");
    }
    if (!envelope.verify(PeerRecord.DOMAIN)) {
      throw new InvalidRecordException("peer record signature is not valid");
    }
    PeerRecord record = PeerRecord.decode(envelope.payload());
    if (!record.peerId().matches(envelope.publicKey())) {
      throw new InvalidRecordException(
          "peer record of " + record.peerId() + " is signed by " + envelope.signer());
    }
    return new SignedPeerRecord(envelope, record, bytes.clone());
  }

  public PeerRecord record() {
    return record;
  }

  public PeerId peerId() {
    return record.peerId();
  }

  public SignedEnvelope envelope() {
    return envelope;
  }

  /** The envelope protobuf, byte for byte as signed or received. */
  public byte[] encode() {
    return encoded.clone();
  }

  /** True if this record supersedes {@code other} (same peer, larger seq). */
  public boolean supersedes(SignedPeerRecord other) {
    return record.peerId().equals(other.record.peerId()) && record.isNewerThan(other.record);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SignedPeerRecord r && envelope.equals(r.envelope);
  }

  @Override
  public int hashCode() {
    return Objects.hash(envelope);
  }

  @Override
  public String toString() {
    return "SignedPeerRecord("
        + record.peerId()
        + ", seq "
        + Long.toUnsignedString(record.seq())
        + ", "
        + record.addresses().size()
        + " addresses)";
  }
}
