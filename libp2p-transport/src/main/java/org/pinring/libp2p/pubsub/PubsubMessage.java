package org.pinring.libp2p.pubsub;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.crypto.PublicKey;

/**
 * A pubsub message as applications and validators see it. Immutable; {@link #data()} returns a
 * copy.
 *
 * <p>For {@link SignaturePolicy#STRICT_SIGN} topics {@link #author()}, {@link #authorKey()} and
 * {@link #sequenceNumber()} are present and the signature has been checked before any handler or
 * validator sees the message; for {@link SignaturePolicy#STRICT_NO_SIGN} they are empty.
 */
public final class PubsubMessage {

  private final String topic;
  private final byte[] data;
  private final PeerId author;
  private final PublicKey authorKey;
  private final byte[] seqno;

  PubsubMessage(String topic, byte[] data, PeerId author, PublicKey authorKey, byte[] seqno) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.data = Objects.requireNonNull(data, "data");
    this.author = author;
    this.authorKey = authorKey;
    this.seqno = seqno;
  }

  public String topic() {
    return topic;
  }

  /** A copy of the payload. */
  public byte[] data() {
    return data.clone();
  }

  /** The payload, read-only, without copying. */
  public ByteBuffer dataBuffer() {
    return ByteBuffer.wrap(data).asReadOnlyBuffer();
  }

  public int dataLength() {
    return data.length;
  }

  /** The peer that signed the message ({@code from}). */
  public Optional<PeerId> author() {
    return Optional.ofNullable(author);
  }

  /** The author's public key (inlined in its peer ID or carried in the {@code key} field). */
  public Optional<PublicKey> authorKey() {
    return Optional.ofNullable(authorKey);
  }

  /** The sequence number as an unsigned 64-bit value (8 big-endian bytes on the wire). */
  public OptionalLong sequenceNumber() {
    return seqno == null ? OptionalLong.empty() : OptionalLong.of(ByteBuffer.wrap(seqno).getLong());
  }

  byte[] unsafeData() {
    return data;
  }

  byte[] unsafeSeqno() {
    return seqno;
  }

  @Override
  public String toString() {
    return "PubsubMessage(topic="
        + topic
        + ", "
        + data.length
        + " bytes"
        + (author == null ? "" : ", from " + author)
        + ")";
  }
}
