package org.pinring.allocator;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the ring knows about one peer: the allocator's view, as gossiped in signed peer metrics and
 * judged by the peer monitor.
 *
 * @param id the peer's id in its canonical text form (base58btc {@code 12D3KooW...}); opaque here,
 *     but it feeds the hash, so every peer must use the same form
 * @param capacityBytes the space the peer lent to the ring
 * @param freeBytes the space the peer can give to the pins being planned, at most {@code
 *     capacityBytes}: plans never place more than this on the peer. When the whole pinset is
 *     planned this is the lent space minus what the peer uses outside the ring, not minus the
 *     ring's own pins, so that placing pins does not change the peer's weight
 * @param pinnedCount the number of pins the peer reports holding (reported in summaries only)
 * @param reliability the observed reliability score in [0, 1] (uptime and passed storage audits as
 *     judged by others); it scales the peer's weight within the bounds of {@link
 *     AllocatorConfig#reliabilityFloor()}
 * @param tags placement tags such as {@code region=eu}; copied and sorted
 * @param lastSeenMillis when the peer was last seen, in the ring's wall-clock milliseconds
 */
public record PeerState(
    String id,
    long capacityBytes,
    long freeBytes,
    long pinnedCount,
    double reliability,
    Map<String, String> tags,
    long lastSeenMillis) {

  /** Bound on the length of a peer id (a base58btc Ed25519 peer id has 52 characters). */
  public static final int MAX_ID_LENGTH = 256;

  /** Bound on the number of tags of one peer. */
  public static final int MAX_TAGS = 32;

  /** Bound on the length of a tag name or value. */
  public static final int MAX_TAG_LENGTH = 128;

  /**
   * @throws IllegalArgumentException if a field is out of range; the message names the field
   */
  public PeerState {
    checkText("peer id", id, MAX_ID_LENGTH);
    if (capacityBytes < 0) {
      throw new IllegalArgumentException("capacityBytes must not be negative: " + capacityBytes);
    }
    if (freeBytes < 0 || freeBytes > capacityBytes) {
      throw new IllegalArgumentException(
          "freeBytes must be between 0 and capacityBytes (" + capacityBytes + "): " + freeBytes);
    }
    if (pinnedCount < 0) {
      throw new IllegalArgumentException("pinnedCount must not be negative: " + pinnedCount);
    }
    if (!(reliability >= 0.0 && reliability <= 1.0)) {
      throw new IllegalArgumentException("reliability must be in [0, 1]: " + reliability);
    }
    Objects.requireNonNull(tags, "tags");
    if (tags.size() > MAX_TAGS) {
      throw new IllegalArgumentException(
          "a peer has at most " + MAX_TAGS + " tags, not " + tags.size());
    }
    TreeMap<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      checkText("tag name", tag.getKey(), MAX_TAG_LENGTH);
      checkText("tag value", tag.getValue(), MAX_TAG_LENGTH);
      sorted.put(tag.getKey(), tag.getValue());
    }
    tags = Collections.unmodifiableMap(sorted);
  }

  /** A peer with no tags, full reliability and its whole capacity free, seen at time 0. */
  public static PeerState of(String id, long capacityBytes) {
    return new PeerState(id, capacityBytes, capacityBytes, 0, 1.0, Map.of(), 0);
  }

  /** This peer with another reliability score. */
  public PeerState withReliability(double newReliability) {
    return new PeerState(
        id, capacityBytes, freeBytes, pinnedCount, newReliability, tags, lastSeenMillis);
  }

  /** This peer with other tags. */
  public PeerState withTags(Map<String, String> newTags) {
    return new PeerState(
        id, capacityBytes, freeBytes, pinnedCount, reliability, newTags, lastSeenMillis);
  }

  /** This peer last seen at another time. */
  public PeerState withLastSeenMillis(long newLastSeenMillis) {
    return new PeerState(
        id, capacityBytes, freeBytes, pinnedCount, reliability, tags, newLastSeenMillis);
  }

  static void checkText(String what, String text, int maxLength) {
    Objects.requireNonNull(text, what);
    if (text.isEmpty() || text.length() > maxLength) {
      throw new IllegalArgumentException(
          what + " must have 1 to " + maxLength + " characters, not " + text.length());
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c) || c == ',') {
        throw new IllegalArgumentException(
            what + " must not contain whitespace, control characters or commas: '" + text + "'");
      }
    }
  }
}
