package org.pinring.libp2p.pubsub;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Computes a message's id. Every router on a topic must use the same function: the id travels in
 * IHAVE/IWANT and decides what counts as a duplicate. Must be pure and thread-safe.
 */
@FunctionalInterface
public interface MessageIdFunction {

  MessageId apply(PubsubMessage message);

  /**
   * js-libp2p gossipsub's default for signed messages: the author's public key protobuf followed by
   * the 8-byte sequence number (go-libp2p uses the peer ID bytes instead; PinRing matches js, the
   * implementation it interoperates with).
   */
  static MessageIdFunction strictSignDefault() {
    return message -> {
      byte[] key =
          message
              .authorKey()
              .orElseThrow(() -> new IllegalArgumentException("signed message without a key"))
              .toProtobuf();
      byte[] seqno = message.unsafeSeqno();
      if (seqno == null) {
        throw new IllegalArgumentException("signed message without a sequence number");
      }
      byte[] id = new byte[key.length + seqno.length];
      System.arraycopy(key, 0, id, 0, key.length);
      System.arraycopy(seqno, 0, id, key.length, seqno.length);
      return MessageId.wrap(id);
    };
  }

  /** js-libp2p gossipsub's default for unsigned messages: the SHA-256 digest of the data. */
  static MessageIdFunction contentDefault() {
    return message -> {
      try {
        return MessageId.wrap(MessageDigest.getInstance("SHA-256").digest(message.unsafeData()));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required of every JDK", e);
      }
    };
  }

  /** The default for {@code policy}. */
  static MessageIdFunction defaultFor(SignaturePolicy policy) {
    return policy == SignaturePolicy.STRICT_SIGN ? strictSignDefault() : contentDefault();
  }
}
