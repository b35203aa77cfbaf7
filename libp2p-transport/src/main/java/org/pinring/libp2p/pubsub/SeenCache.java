package org.pinring.libp2p.pubsub;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ids of messages seen in the last {@code ttl} (pubsub spec, "seen messages cache"), in insertion
 * order so expiry walks only the expired prefix. Bounded: beyond {@code maxEntries} the oldest ids
 * are forgotten early. Not thread-safe: router use only.
 */
final class SeenCache {

  private final long ttlNanos;
  private final int maxEntries;
  private final LinkedHashMap<MessageId, Long> expiries = new LinkedHashMap<>();

  SeenCache(long ttlNanos, int maxEntries) {
    this.ttlNanos = ttlNanos;
    this.maxEntries = maxEntries;
  }

  /** Records {@code id} as seen at {@code nowNanos}; false if it was already seen. */
  boolean add(MessageId id, long nowNanos) {
    if (expiries.containsKey(id)) {
      return false;
    }
    expiries.put(id, nowNanos + ttlNanos);
    if (expiries.size() > maxEntries) {
      Iterator<MessageId> oldest = expiries.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    return true;
  }

  boolean contains(MessageId id) {
    return expiries.containsKey(id);
  }

  /** Forgets ids whose time-to-live has passed. */
  void expire(long nowNanos) {
    for (Iterator<Map.Entry<MessageId, Long>> it = expiries.entrySet().iterator(); it.hasNext(); ) {
      if (it.next().getValue() - nowNanos > 0) {
        return;
      }
      it.remove();
    }
  }

  int size() {
    return expiries.size();
  }
}
