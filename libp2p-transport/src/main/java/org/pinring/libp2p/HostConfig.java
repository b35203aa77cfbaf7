package org.pinring.libp2p;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link Host}, with defaults from {@link #defaults()}.
 *
 * @param agentVersion what identify announces as the agent, e.g. {@code pinring/0.1.0}
 * @param dialTimeout how long a TCP connect may take
 * @param handshakeTimeout how long security and muxer negotiation may take once connected
 * @param negotiationTimeout how long protocol negotiation of one stream may take
 * @param maxConnections connections open at once; further inbound ones are refused
 * @param maxStreamsPerConnection yamux streams open at once on one connection
 * @param idleTimeout connections without streams for this long are closed
 * @param addressTtl how long addresses learned from identify stay in the peerstore
 * @param shutdownDrainTimeout how long a graceful shutdown waits for streams to finish
 * @param perfServer whether to serve {@code /perf/1.0.0} (off by default: it sends data on demand)
 */
public record HostConfig(
    String agentVersion,
    Duration dialTimeout,
    Duration handshakeTimeout,
    Duration negotiationTimeout,
    int maxConnections,
    int maxStreamsPerConnection,
    Duration idleTimeout,
    Duration addressTtl,
    Duration shutdownDrainTimeout,
    boolean perfServer) {

  public HostConfig {
    Objects.requireNonNull(agentVersion, "agentVersion");
    if (maxConnections < 1 || maxStreamsPerConnection < 1) {
      throw new IllegalArgumentException("connection and stream limits must be positive");
    }
  }

  /** Sensible defaults for a daemon. */
  public static HostConfig defaults() {
    return new HostConfig(
        "pinring/0.1.0",
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        1024,
        512,
        Duration.ofMinutes(5),
        Duration.ofHours(1),
        Duration.ofSeconds(5),
        false);
  }

  public HostConfig withAgentVersion(String value) {
    return new HostConfig(
        value,
        dialTimeout,
        handshakeTimeout,
        negotiationTimeout,
        maxConnections,
        maxStreamsPerConnection,
        idleTimeout,
        addressTtl,
        shutdownDrainTimeout,
        perfServer);
  }

  public HostConfig withPerfServer(boolean value) {
    return new HostConfig(
        agentVersion,
        dialTimeout,
        handshakeTimeout,
        negotiationTimeout,
        maxConnections,
        maxStreamsPerConnection,
        idleTimeout,
        addressTtl,
        shutdownDrainTimeout,
        value);
  }

  public HostConfig withMaxConnections(int value) {
    return new HostConfig(
        agentVersion,
        dialTimeout,
        handshakeTimeout,
        negotiationTimeout,
        value,
        maxStreamsPerConnection,
        idleTimeout,
        addressTtl,
        shutdownDrainTimeout,
        perfServer);
  }

  public HostConfig withIdleTimeout(Duration value) {
    return new HostConfig(
        agentVersion,
        dialTimeout,
        handshakeTimeout,
        negotiationTimeout,
        maxConnections,
        maxStreamsPerConnection,
        value,
        addressTtl,
        shutdownDrainTimeout,
        perfServer);
  }

  public HostConfig withTimeouts(Duration dial, Duration handshake, Duration negotiation) {
    return new HostConfig(
        agentVersion,
        dial,
        handshake,
        negotiation,
        maxConnections,
        maxStreamsPerConnection,
        idleTimeout,
        addressTtl,
        shutdownDrainTimeout,
        perfServer);
  }
}
