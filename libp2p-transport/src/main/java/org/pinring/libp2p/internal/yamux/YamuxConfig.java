package org.pinring.libp2p.internal.yamux;

/**
 * Limits of one yamux session.
 *
 * @param initialWindowBytes receive window of a new stream (the spec's 256 KiB)
 * @param maxWindowBytes the most a stream's receive window grows to when its reader keeps up
 * @param maxStreams streams open at once; further inbound streams are reset
 * @param maxFramePayloadBytes the largest data frame this side sends
 * @param maxPendingWriteBytes bytes a stream may queue beyond its send window before writes fail
 * @param maxBufferedInboundBytes unread bytes held for all streams together before the session
 *     stops reading from the connection
 */
public record YamuxConfig(
    int initialWindowBytes,
    int maxWindowBytes,
    int maxStreams,
    int maxFramePayloadBytes,
    long maxPendingWriteBytes,
    long maxBufferedInboundBytes) {

  /** The yamux spec's initial window. */
  public static final int SPEC_INITIAL_WINDOW = 256 * 1024;

  public YamuxConfig {
    if (initialWindowBytes < SPEC_INITIAL_WINDOW) {
      throw new IllegalArgumentException("initial window below the spec's 256 KiB");
    }
    if (maxWindowBytes < initialWindowBytes) {
      throw new IllegalArgumentException("max window below the initial window");
    }
    if (maxStreams < 1 || maxFramePayloadBytes < 1024 || maxPendingWriteBytes < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
    if (maxBufferedInboundBytes < maxWindowBytes) {
      throw new IllegalArgumentException("inbound buffer bound below one window");
    }
  }

  /**
   * Defaults: 256 KiB initial window growing to 16 MiB, 512 streams, data frames that fill one
   * Noise frame with their header, 32 MiB of queued writes per stream (twice the largest window, so
   * echoing a peer's largest frame fits), 64 MiB of unread data per session.
   */
  public static YamuxConfig defaults() {
    return new YamuxConfig(SPEC_INITIAL_WINDOW, 16 * 1024 * 1024, 512, 65507, 32L << 20, 64L << 20);
  }
}
