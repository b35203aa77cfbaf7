package org.pinring.node.bitswap;

import java.time.Duration;
import java.util.Objects;

/**
 * Bitswap's limits and timing. Units are in the names and types.
 *
 * @param maxLedgerWants wants kept per remote peer; entries beyond are answered "don't have" (or
 *     ignored when the peer did not ask for that), so one peer cannot grow our memory (js and go
 *     Bitswap keep 1024)
 * @param maxConcurrentSends response messages being loaded or written at once, for all peers
 *     together; each peer has at most one, and peers take turns (round robin), so a greedy peer
 *     cannot starve others
 * @param maxMessageBlockBytes block bytes packed into one response message (at least one block is
 *     always sent)
 * @param inlineHaveBytes blocks up to this size are sent in place of a HAVE (as go and js do)
 * @param initialWantsPerPeer outstanding want-blocks a fetch session gives a peer at first
 * @param maxWantsPerPeer the most outstanding want-blocks per peer and session; a peer's allowance
 *     grows by one with every block it delivers and halves when a want times out
 * @param maxWantHavesPerPeer the most outstanding want-haves (asking who holds a block) per peer
 *     and session; well under {@code maxLedgerWants} of js, go and PinRing servers, so a peer's
 *     ledger never refuses them
 * @param wantTimeout how long a want-block may go unanswered before it is given to another peer,
 *     and a want-have before the peer is taken as silent for that block
 * @param maxAttempts how many times one block is asked for before the fetch fails
 * @param maxInboundBytesInProcess received block bytes waiting to be hashed and stored; beyond it
 *     the streams that bring more are paused
 * @param streamIdleClose how long an outbound stream stays open without messages before it is
 *     closed (js Bitswap drops inbound streams idle for 10 s)
 */
public record BitswapConfig(
    int maxLedgerWants,
    int maxConcurrentSends,
    int maxMessageBlockBytes,
    int inlineHaveBytes,
    int initialWantsPerPeer,
    int maxWantsPerPeer,
    int maxWantHavesPerPeer,
    Duration wantTimeout,
    int maxAttempts,
    long maxInboundBytesInProcess,
    Duration streamIdleClose) {

  public BitswapConfig {
    Objects.requireNonNull(wantTimeout, "wantTimeout");
    Objects.requireNonNull(streamIdleClose, "streamIdleClose");
    if (maxLedgerWants < 1
        || maxConcurrentSends < 1
        || maxMessageBlockBytes < 1
        || inlineHaveBytes < 0
        || initialWantsPerPeer < 1
        || maxWantsPerPeer < initialWantsPerPeer
        || maxWantHavesPerPeer < 1
        || maxAttempts < 1
        || maxInboundBytesInProcess < 1) {
      throw new IllegalArgumentException("invalid Bitswap configuration: " + this);
    }
    if (wantTimeout.isNegative() || wantTimeout.isZero()) {
      throw new IllegalArgumentException("wantTimeout must be positive");
    }
  }

  public static BitswapConfig defaults() {
    return new BitswapConfig(
        1024,
        8,
        1 << 20,
        1024,
        8,
        32,
        256,
        Duration.ofSeconds(30),
        5,
        64L << 20,
        Duration.ofSeconds(2));
  }

  public BitswapConfig withWantTimeout(Duration timeout) {
    return new BitswapConfig(
        maxLedgerWants,
        maxConcurrentSends,
        maxMessageBlockBytes,
        inlineHaveBytes,
        initialWantsPerPeer,
        maxWantsPerPeer,
        maxWantHavesPerPeer,
        timeout,
        maxAttempts,
        maxInboundBytesInProcess,
        streamIdleClose);
  }

  public BitswapConfig withWantsPerPeer(int initial, int max) {
    return new BitswapConfig(
        maxLedgerWants,
        maxConcurrentSends,
        maxMessageBlockBytes,
        inlineHaveBytes,
        initial,
        max,
        maxWantHavesPerPeer,
        wantTimeout,
        maxAttempts,
        maxInboundBytesInProcess,
        streamIdleClose);
  }

  public BitswapConfig withMaxConcurrentSends(int sends) {
    return new BitswapConfig(
        maxLedgerWants,
        sends,
        maxMessageBlockBytes,
        inlineHaveBytes,
        initialWantsPerPeer,
        maxWantsPerPeer,
        maxWantHavesPerPeer,
        wantTimeout,
        maxAttempts,
        maxInboundBytesInProcess,
        streamIdleClose);
  }

  public BitswapConfig withMaxWantHavesPerPeer(int haves) {
    return new BitswapConfig(
        maxLedgerWants,
        maxConcurrentSends,
        maxMessageBlockBytes,
        inlineHaveBytes,
        initialWantsPerPeer,
        maxWantsPerPeer,
        haves,
        wantTimeout,
        maxAttempts,
        maxInboundBytesInProcess,
        streamIdleClose);
  }
}
