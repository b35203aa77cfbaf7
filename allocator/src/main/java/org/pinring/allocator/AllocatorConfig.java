package org.pinring.allocator;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the allocator, one immutable value with its defaults beside the keys.
 *
 * @param reliabilityFloor the weight factor of a peer with reliability 0; a peer's weight is its
 *     free space times {@code floor + (1 - floor) * reliability}, so the most reliable peer gets at
 *     most {@code 1 / floor} times the share per byte of the least reliable one. In (0, 1]; default
 *     0.5
 * @param unknownPinSizeBytes the size assumed for pins whose size is not known yet; default 1 MiB
 * @param gracePeriod how long a peer may be unseen before it counts as gone and its pins are
 *     repaired; default 24 hours
 * @param rebalanceFraction the largest fraction of all target copies a rebalance round may start
 *     moving, in (0, 1]; default 0.05
 */
public record AllocatorConfig(
    double reliabilityFloor,
    long unknownPinSizeBytes,
    Duration gracePeriod,
    double rebalanceFraction) {

  public static final AllocatorConfig DEFAULTS =
      new AllocatorConfig(0.5, 1L << 20, Duration.ofHours(24), 0.05);

  public AllocatorConfig {
    if (!(reliabilityFloor > 0.0 && reliabilityFloor <= 1.0)) {
      throw new IllegalArgumentException("reliabilityFloor must be in (0, 1]: " + reliabilityFloor);
    }
    if (unknownPinSizeBytes < 0) {
      throw new IllegalArgumentException(
          "unknownPinSizeBytes must not be negative: " + unknownPinSizeBytes);
    }
    Objects.requireNonNull(gracePeriod, "gracePeriod");
    if (gracePeriod.isNegative()) {
      throw new IllegalArgumentException("gracePeriod must not be negative: " + gracePeriod);
    }
    if (!(rebalanceFraction > 0.0 && rebalanceFraction <= 1.0)) {
      throw new IllegalArgumentException(
          "rebalanceFraction must be in (0, 1]: " + rebalanceFraction);
    }
  }

  public AllocatorConfig withGracePeriod(Duration newGracePeriod) {
    return new AllocatorConfig(
        reliabilityFloor, unknownPinSizeBytes, newGracePeriod, rebalanceFraction);
  }

  public AllocatorConfig withRebalanceFraction(double newFraction) {
    return new AllocatorConfig(reliabilityFloor, unknownPinSizeBytes, gracePeriod, newFraction);
  }

  public AllocatorConfig withReliabilityFloor(double newFloor) {
    return new AllocatorConfig(newFloor, unknownPinSizeBytes, gracePeriod, rebalanceFraction);
  }

  /** The weight factor for a reliability score. */
  public double reliabilityFactor(double reliability) {
    return reliabilityFloor + (1.0 - reliabilityFloor) * reliability;
  }
}
