package org.pinring.libp2p.pubsub;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.crypto.Keys;
import org.pinring.libp2p.crypto.PrivateKey;
import org.pinring.libp2p.crypto.PublicKey;

/**
 * Signing and checking of messages under a {@link SignaturePolicy} (pubsub spec, "Message
 * Signing"): the signature covers {@code "libp2p-pubsub:"} followed by the Message protobuf without
 * its {@code signature} and {@code key} fields. Stateless and thread-safe.
 */
final class MessageAuthentication {

  private static final byte[] SIGN_PREFIX = "libp2p-pubsub:".getBytes(StandardCharsets.UTF_8);
  static final int SEQNO_BYTES = 8;

  private MessageAuthentication() {}

  /**
   * A signed message. Like js-libp2p, the {@code key} field is always sent, even when the peer ID
   * inlines the key (Ed25519): js peers accept either form, and sending it costs 36 bytes.
   */
  static RawMessage sign(PrivateKey key, String topic, byte[] data, long seqno) {
    PeerId author = PeerId.fromPublicKey(key.publicKey());
    byte[] seqnoBytes = ByteBuffer.allocate(SEQNO_BYTES).putLong(seqno).array();
    RawMessage unsigned = new RawMessage(author.toBytes(), data, seqnoBytes, topic, null, null);
    byte[] signature = key.sign(signedBytes(unsigned));
    return unsigned.withSignature(signature, key.publicKey().toProtobuf());
  }

  /** An unsigned message (StrictNoSign). */
  static RawMessage anonymous(String topic, byte[] data) {
    return new RawMessage(null, data, null, topic, null, null);
  }

  static byte[] signedBytes(RawMessage message) {
    byte[] body = RpcCodec.encodeMessage(message.unsigned());
    byte[] all = new byte[SIGN_PREFIX.length + body.length];
    System.arraycopy(SIGN_PREFIX, 0, all, 0, SIGN_PREFIX.length);
    System.arraycopy(body, 0, all, SIGN_PREFIX.length, body.length);
    return all;
  }

  /**
   * The message's application view if its fields fit {@code policy}, without checking the signature
   * yet (so duplicates can be dropped before the costly check); empty with the reason in {@code
   * rejection} otherwise.
   */
  static Optional<PubsubMessage> structure(
      RawMessage raw, SignaturePolicy policy, StringBuilder rejection) {
    return structure(raw, policy, rejection, null);
  }

  /** As {@link #structure(RawMessage, SignaturePolicy, StringBuilder)}, reusing decoded authors. */
  static Optional<PubsubMessage> structure(
      RawMessage raw, SignaturePolicy policy, StringBuilder rejection, AuthorCache cache) {
    byte[] data = raw.data() == null ? new byte[0] : raw.data();
    if (policy == SignaturePolicy.STRICT_NO_SIGN) {
      if (raw.signature() != null
          || raw.seqno() != null
          || raw.key() != null
          || raw.from() != null) {
        rejection.append("StrictNoSign message carries from, seqno, signature or key");
        return Optional.empty();
      }
      return Optional.of(new PubsubMessage(raw.topic(), data, null, null, null));
    }
    if (raw.seqno() == null || raw.seqno().length != SEQNO_BYTES) {
      rejection.append("seqno is not 8 bytes");
      return Optional.empty();
    }
    if (raw.signature() == null) {
      rejection.append("signature missing");
      return Optional.empty();
    }
    if (raw.from() == null) {
      rejection.append("from missing");
      return Optional.empty();
    }
    AuthorCache.Author cached = cache == null ? null : cache.get(raw.from(), raw.key());
    if (cached != null) {
      return Optional.of(
          new PubsubMessage(raw.topic(), data, cached.peer(), cached.key(), raw.seqno()));
    }
    PeerId author;
    PublicKey key;
    try {
      author = PeerId.decode(raw.from());
      if (raw.key() != null) {
        key = Keys.decodePublicKey(raw.key());
        if (!author.matches(key)) {
          rejection.append("key does not match from");
          return Optional.empty();
        }
      } else {
        Optional<PublicKey> inlined = author.publicKey();
        if (inlined.isEmpty()) {
          rejection.append("key missing and not inlined in from");
          return Optional.empty();
        }
        key = inlined.get();
      }
    } catch (IllegalArgumentException e) {
      rejection.append("from or key malformed: ").append(e.getMessage());
      return Optional.empty();
    }
    if (cache != null && raw.from().length < 128) {
      cache.put(raw.from(), raw.key(), new AuthorCache.Author(author, key));
    }
    return Optional.of(new PubsubMessage(raw.topic(), data, author, key, raw.seqno()));
  }

  /**
   * True if the signature of a StrictSign message, already checked by {@link #structure}, holds.
   */
  static boolean signatureValid(RawMessage raw, PubsubMessage message) {
    return message.authorKey().orElseThrow().verify(signedBytes(raw), raw.signature());
  }
}
