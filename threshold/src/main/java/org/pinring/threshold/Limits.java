package org.pinring.threshold;

/** Named bounds shared by the protocol code and every decoder. */
public final class Limits {

  /** Most participants in one key (n). RFC 9591 only needs n below the group order. */
  public static final int MAX_PARTICIPANTS = 1024;

  private Limits() {}

  /**
   * Checks 2 <= minSigners <= maxSigners <= {@link #MAX_PARTICIPANTS}.
   *
   * @throws ProtocolViolationException otherwise
   */
  static void checkThreshold(int minSigners, int maxSigners) {
    if (minSigners < 2) {
      throw new ProtocolViolationException("the threshold must be at least 2, not " + minSigners);
    }
    if (maxSigners < minSigners) {
      throw new ProtocolViolationException(
          "the threshold " + minSigners + " exceeds the number of participants " + maxSigners);
    }
    if (maxSigners > MAX_PARTICIPANTS) {
      throw new ProtocolViolationException(
          maxSigners + " participants exceed the limit of " + MAX_PARTICIPANTS);
    }
  }
}
