package org.pinring.allocator;

import java.util.List;
import java.util.TreeMap;

/**
 * The values of one tag over a problem's peers, numbered densely so that spreading can count copies
 * per value in an array. Peers without the tag share one extra value.
 */
final class TagIndex {

  private final int[] valueOfPeer;
  private final int valueCount;

  private TagIndex(int[] valueOfPeer, int valueCount) {
    this.valueOfPeer = valueOfPeer;
    this.valueCount = valueCount;
  }

  static TagIndex of(List<PeerState> peers, String tag) {
    // Values are numbered in sorted order so the numbering itself is canonical.
    TreeMap<String, Integer> numbers = new TreeMap<>();
    for (PeerState peer : peers) {
      String value = peer.tags().get(tag);
      if (value != null) {
        numbers.put(value, 0);
      }
    }
    int next = 0;
    for (var entry : numbers.entrySet()) {
      entry.setValue(next++);
    }
    int missing = next;
    int[] valueOfPeer = new int[peers.size()];
    for (int i = 0; i < valueOfPeer.length; i++) {
      String value = peers.get(i).tags().get(tag);
      valueOfPeer[i] = value == null ? missing : numbers.get(value);
    }
    return new TagIndex(valueOfPeer, missing + 1);
  }

  int valueOf(int peer) {
    return valueOfPeer[peer];
  }

  int valueCount() {
    return valueCount;
  }

  /**
   * The per-value cap for a pin that wants {@code target} copies with at most {@code maxPerValue}
   * per value, given how many peers of each value can take it: the smallest cap of at least {@code
   * maxPerValue} that still lets the target be reached, or no cap when the peers cannot reach the
   * target at all.
   */
  static int capFor(int[] peersPerValue, int target, int maxPerValue) {
    int total = 0;
    int largest = 0;
    for (int count : peersPerValue) {
      total += count;
      largest = Math.max(largest, count);
    }
    if (total < target) {
      return Math.max(largest, maxPerValue);
    }
    int cap = maxPerValue;
    while (true) {
      int reachable = 0;
      for (int count : peersPerValue) {
        reachable += Math.min(cap, count);
      }
      if (reachable >= target) {
        return cap;
      }
      cap++;
    }
  }
}
