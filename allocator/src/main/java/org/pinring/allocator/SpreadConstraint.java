package org.pinring.allocator;

/**
 * "Spread the copies across the values of this tag": at most {@code maxPerValue} copies of a pin on
 * peers with the same value of {@code tag}, whenever enough values have room; when they do not, the
 * copies are spread as evenly as the available values allow (the smallest per-value cap that still
 * reaches the pin's replication). Peers without the tag count as one more value.
 *
 * @param tag the tag name, e.g. {@code region}
 * @param maxPerValue copies allowed per value when enough values exist, at least 1
 */
public record SpreadConstraint(String tag, int maxPerValue) {

  public SpreadConstraint {
    PeerState.checkText("spread tag", tag, PeerState.MAX_TAG_LENGTH);
    if (maxPerValue < 1 || maxPerValue > Pin.MAX_REPLICATION) {
      throw new IllegalArgumentException(
          "maxPerValue must be in [1, " + Pin.MAX_REPLICATION + "]: " + maxPerValue);
    }
  }

  /** At most one copy per value of {@code tag}. */
  public static SpreadConstraint across(String tag) {
    return new SpreadConstraint(tag, 1);
  }
}
