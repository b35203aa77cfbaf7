package org.pinring.allocator;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.pinring.multiformats.Cid;

/**
 * A pin as the allocator sees it.
 *
 * <p>Replication follows IPFS Cluster's meaning: the allocator aims for {@code replicationMax}
 * copies and accepts {@code replicationMin}; when space is short every pin gets its minimum before
 * any pin gets more.
 *
 * @param cid what to pin
 * @param sizeBytes the pin's size if known; unknown sizes count as {@link
 *     AllocatorConfig#unknownPinSizeBytes()}
 * @param replicationMin the fewest copies that count as healthy, at least 1
 * @param replicationMax the copies to aim for, at least {@code replicationMin}
 * @param spread an optional spreading constraint
 */
public record Pin(
    Cid cid,
    OptionalLong sizeBytes,
    int replicationMin,
    int replicationMax,
    Optional<SpreadConstraint> spread) {

  /** Bound on replication: a pin is not meant to live on every peer of a large ring. */
  public static final int MAX_REPLICATION = 64;

  public Pin {
    Objects.requireNonNull(cid, "cid");
    Objects.requireNonNull(sizeBytes, "sizeBytes");
    Objects.requireNonNull(spread, "spread");
    if (sizeBytes.isPresent() && sizeBytes.getAsLong() < 0) {
      throw new IllegalArgumentException("sizeBytes must not be negative: " + sizeBytes);
    }
    if (replicationMin < 1 || replicationMin > replicationMax || replicationMax > MAX_REPLICATION) {
      throw new IllegalArgumentException(
          "replication must satisfy 1 <= min <= max <= "
              + MAX_REPLICATION
              + ", not min "
              + replicationMin
              + " max "
              + replicationMax);
    }
  }

  /** A pin of known size with {@code min == max == replication} and no spreading. */
  public static Pin of(Cid cid, long sizeBytes, int replication) {
    return new Pin(cid, OptionalLong.of(sizeBytes), replication, replication, Optional.empty());
  }

  /** This pin spread across a tag. */
  public Pin spreadAcross(SpreadConstraint constraint) {
    return new Pin(cid, sizeBytes, replicationMin, replicationMax, Optional.of(constraint));
  }

  /** This pin with other replication bounds. */
  public Pin withReplication(int min, int max) {
    return new Pin(cid, sizeBytes, min, max, spread);
  }
}
