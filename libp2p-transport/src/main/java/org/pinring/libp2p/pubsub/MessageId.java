package org.pinring.libp2p.pubsub;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A pubsub message id: the bytes that travel in IHAVE/IWANT and key the seen cache and message
 * cache. Immutable; equality is by content.
 */
public final class MessageId {

  private final byte[] bytes;
  private final int hash;

  private MessageId(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  /** A message id holding a copy of {@code bytes}. */
  public static MessageId of(byte[] bytes) {
    return new MessageId(bytes.clone());
  }

  /** Takes ownership of {@code bytes}, which the caller must not change afterwards. */
  static MessageId wrap(byte[] bytes) {
    return new MessageId(bytes);
  }

  /** A copy of the id's bytes. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  int length() {
    return bytes.length;
  }

  byte[] unsafeBytes() {
    return bytes;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MessageId id && Arrays.equals(bytes, id.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes);
  }
}
