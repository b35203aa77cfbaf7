package org.pinring.libp2p.pubsub;

import java.util.LinkedHashMap;
import java.util.Map;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.crypto.PublicKey;

/**
 * Recently seen message authors: the decoded peer id and public key for a {@code from} (and {@code
 * key}) field. Decoding and validating an Ed25519 key costs about as much as checking a signature,
 * and a topic's messages come from few authors, so the router keeps the last {@code capacity} of
 * them. Least recently used entries go first. Not thread-safe: router use only.
 */
final class AuthorCache {

  record Author(PeerId peer, PublicKey key) {}

  private final Map<MessageId, Author> authors;

  AuthorCache(int capacity) {
    this.authors =
        new LinkedHashMap<>(64, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<MessageId, Author> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The cached author of these fields, or null. */
  Author get(byte[] from, byte[] key) {
    return authors.get(cacheKey(from, key));
  }

  void put(byte[] from, byte[] key, Author author) {
    authors.put(cacheKey(from, key), author);
  }

  private static MessageId cacheKey(byte[] from, byte[] key) {
    int keyLength = key == null ? 0 : key.length;
    byte[] joined = new byte[1 + from.length + keyLength];
    // A length byte keeps (from, key) pairs with the same concatenation apart.
    joined[0] = (byte) from.length;
    System.arraycopy(from, 0, joined, 1, from.length);
    if (key != null) {
      System.arraycopy(key, 0, joined, 1 + from.length, keyLength);
    }
    return MessageId.wrap(joined);
  }
}
