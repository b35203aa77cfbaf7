package org.pinring.crdt.internal;

import java.time.Duration;

/** Exponential backoff with jitter, from the replica's configuration and random source. */
final class Backoff {

  private Backoff() {}

  /** The delay before attempt {@code attempts + 1}: base * 2^(attempts-1), capped, 50-100%. */
  static Duration delay(ReplicaContext context, int attempts) {
    long base = context.config.retryBaseDelay().toNanos();
    long max = context.config.retryMaxDelay().toNanos();
    int shift = Math.min(Math.max(attempts - 1, 0), 40);
    long exponential = base > (max >> shift) ? max : Math.min(max, base << shift);
    // Jitter spreads retries of many replicas that lost the same announcement.
    long half = exponential / 2;
    long jittered = half + (long) (context.env.random().nextDouble() * half);
    return Duration.ofNanos(Math.max(1, jittered));
  }
}
