package org.pinring.libp2p.pubsub;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pinring.libp2p.PeerId;

/**
 * The message cache of gossipsub v1.0 ("Message Cache"): messages of the last {@code historyLength}
 * heartbeats, for answering IWANT, and the ids of the last {@code gossipLength} heartbeats, for
 * IHAVE. Counts IWANT answers per peer and message so a peer cannot make us resend a message more
 * than the retransmission limit (v1.1, "Spam Protection Measures"). Not thread-safe: router use
 * only.
 */
final class MessageCache {

  private record Entry(RawMessage message, Map<PeerId, Integer> iwantCounts) {}

  private record WindowEntry(MessageId id, String topic) {}

  private final int gossipLength;
  private final Map<MessageId, Entry> messages = new HashMap<>();
  private final Deque<List<WindowEntry>> history = new ArrayDeque<>();

  MessageCache(int historyLength, int gossipLength) {
    this.gossipLength = gossipLength;
    for (int i = 0; i < historyLength; i++) {
      history.addLast(new ArrayList<>());
    }
  }

  /** Adds a validated message; false if it was already cached. */
  boolean put(MessageId id, RawMessage message) {
    if (messages.putIfAbsent(id, new Entry(message, new HashMap<>())) != null) {
      return false;
    }
    history.peekFirst().add(new WindowEntry(id, message.topic()));
    return true;
  }

  boolean contains(MessageId id) {
    return messages.containsKey(id);
  }

  /**
   * The message for an IWANT from {@code peer}, or null if not cached or already sent to that peer
   * {@code maxTransmissions} times.
   */
  RawMessage getForPeer(MessageId id, PeerId peer, int maxTransmissions) {
    Entry entry = messages.get(id);
    if (entry == null) {
      return null;
    }
    int count = entry.iwantCounts().merge(peer, 1, Integer::sum);
    return count > maxTransmissions ? null : entry.message();
  }

  /** Ids of {@code topic} in the gossip windows, newest first. */
  List<MessageId> gossipIds(String topic) {
    List<MessageId> ids = new ArrayList<>();
    int window = 0;
    for (List<WindowEntry> entries : history) {
      if (window++ == gossipLength) {
        break;
      }
      for (WindowEntry entry : entries) {
        if (entry.topic().equals(topic)) {
          ids.add(entry.id());
        }
      }
    }
    return ids;
  }

  /** Ends a heartbeat: the oldest window's messages leave the cache. */
  void shift() {
    for (WindowEntry entry : history.removeLast()) {
      messages.remove(entry.id());
    }
    history.addFirst(new ArrayList<>());
  }

  int size() {
    return messages.size();
  }
}
