package org.pinring.crdt;

/**
 * How many copies of a pin the ring keeps: at least {@code min}, at most {@code max}. {@code (0,
 * 0)} means "the ring's default" from its descriptor.
 */
public record Replication(int min, int max) {

  /** Use the ring's default replication. */
  public static final Replication RING_DEFAULT = new Replication(0, 0);

  /**
   * @throws IllegalArgumentException unless {@code (0, 0)} or {@code 1 <= min <= max <=} {@link
   *     CrdtLimits#MAX_REPLICATION}
   */
  public Replication {
    boolean ringDefault = min == 0 && max == 0;
    if (!ringDefault && (min < 1 || max < min || max > CrdtLimits.MAX_REPLICATION)) {
      throw new IllegalArgumentException(
          "replication needs 1 <= min <= max <= "
              + CrdtLimits.MAX_REPLICATION
              + " (or 0/0 for the ring default), not "
              + min
              + "/"
              + max);
    }
  }

  public boolean isRingDefault() {
    return min == 0 && max == 0;
  }
}
