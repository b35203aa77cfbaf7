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
 * @param maxConnections connections open at once, inbound and outbound together: inbound ones
 *     beyond are refused, an outbound dial beyond makes room by trimming (see {@link Host}) or
 *     fails
 * @param maxStreamsPerConnection yamux streams open at once on one connection
 * @param idleTimeout connections without streams for this long are closed
 * @param addressTtl how long addresses learned from identify stay in the peerstore
 * @param shutdownDrainTimeout how long a graceful shutdown waits for streams to finish
 * @param perfServer whether to serve {@code /perf/1.0.0} (off by default: it sends data on demand)
 * @param duplicateDrainTimeout how long the losing connection of a simultaneous cross-dial may keep
 *     running its open streams before it is closed anyway
 * @param keepAliveInterval a yamux ping is sent on a connection that received nothing for this long
 *     (go and js yamux: 30 s); zero disables keepalive
 * @param keepAliveTimeout a connection whose keepalive ping is unanswered for this long is closed
 *     (go yamux: 10 s)
 * @param observedAddressConfirmations observers in distinct address groups (IPv4 /16, IPv6 /56)
 *     that must report the same observed address (identify) before this node advertises it
 *     (go-libp2p's activation threshold: 4)
 * @param observedAddressTtl how long one observer group's report of an observed address counts
 * @param maxPendingInbound inbound connections still in their security or muxer handshake at once;
 *     more are refused on accept, so that connections that never finish their handshake cannot tie
 *     up the host (js-libp2p's default for the same limit is 10)
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
    boolean perfServer,
    Duration duplicateDrainTimeout,
    Duration keepAliveInterval,
    Duration keepAliveTimeout,
    int observedAddressConfirmations,
    Duration observedAddressTtl,
    int maxPendingInbound) {

  public HostConfig {
    Objects.requireNonNull(agentVersion, "agentVersion");
    if (maxConnections < 1 || maxStreamsPerConnection < 1 || maxPendingInbound < 1) {
      throw new IllegalArgumentException("connection and stream limits must be positive");
    }
    if (keepAliveInterval.isNegative()
        || (keepAliveTimeout.isNegative() || keepAliveTimeout.isZero())) {
      throw new IllegalArgumentException(
          "keepAliveInterval must not be negative and keepAliveTimeout must be positive");
    }
    if (observedAddressConfirmations < 1) {
      throw new IllegalArgumentException("observedAddressConfirmations must be at least 1");
    }
    if (duplicateDrainTimeout.isNegative()
        || observedAddressTtl.isNegative()
        || observedAddressTtl.isZero()) {
      throw new IllegalArgumentException("durations must not be negative");
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
        false,
        Duration.ofSeconds(30),
        Duration.ofSeconds(30),
        Duration.ofSeconds(10),
        4,
        Duration.ofMinutes(30),
        32);
  }

  /** This configuration with another {@code agentVersion}. */
  public HostConfig withAgentVersion(String value) {
    return edit(b -> b.agentVersion = value);
  }

  /** This configuration with another {@code maxConnections}. */
  public HostConfig withMaxConnections(int value) {
    return edit(b -> b.maxConnections = value);
  }

  /** This configuration with another {@code maxStreamsPerConnection}. */
  public HostConfig withMaxStreamsPerConnection(int value) {
    return edit(b -> b.maxStreamsPerConnection = value);
  }

  /** This configuration with another {@code idleTimeout}. */
  public HostConfig withIdleTimeout(Duration value) {
    return edit(b -> b.idleTimeout = value);
  }

  /** This configuration with another {@code addressTtl}. */
  public HostConfig withAddressTtl(Duration value) {
    return edit(b -> b.addressTtl = value);
  }

  /** This configuration with another {@code shutdownDrainTimeout}. */
  public HostConfig withShutdownDrainTimeout(Duration value) {
    return edit(b -> b.shutdownDrainTimeout = value);
  }

  /** This configuration with the perf server on or off. */
  public HostConfig withPerfServer(boolean value) {
    return edit(b -> b.perfServer = value);
  }

  /** This configuration with another {@code duplicateDrainTimeout}. */
  public HostConfig withDuplicateDrainTimeout(Duration value) {
    return edit(b -> b.duplicateDrainTimeout = value);
  }

  /** This configuration with another {@code keepAliveInterval} (zero disables keepalive). */
  public HostConfig withKeepAliveInterval(Duration value) {
    return edit(b -> b.keepAliveInterval = value);
  }

  /** This configuration with another {@code observedAddressConfirmations}. */
  public HostConfig withObservedAddressConfirmations(int value) {
    return edit(b -> b.observedAddressConfirmations = value);
  }

  /** This configuration with another {@code observedAddressTtl}. */
  public HostConfig withObservedAddressTtl(Duration value) {
    return edit(b -> b.observedAddressTtl = value);
  }

  /** This configuration with another {@code maxPendingInbound}. */
  public HostConfig withMaxPendingInbound(int value) {
    return edit(b -> b.maxPendingInbound = value);
  }

  /** This configuration with other dial, handshake and negotiation timeouts. */
  public HostConfig withTimeouts(Duration dial, Duration handshake, Duration negotiation) {
    return edit(
        b -> {
          b.dialTimeout = dial;
          b.handshakeTimeout = handshake;
          b.negotiationTimeout = negotiation;
        });
  }

  /** This configuration with another keepalive interval (zero disables) and timeout. */
  public HostConfig withKeepAlive(Duration interval, Duration timeout) {
    return edit(
        b -> {
          b.keepAliveInterval = interval;
          b.keepAliveTimeout = timeout;
        });
  }

  /**
   * A copy with some fields changed: every wither goes through here, so that adding a field means
   * touching the record, {@link Fields} and {@link #defaults()}, not every wither.
   */
  private HostConfig edit(java.util.function.Consumer<Fields> change) {
    Fields fields = new Fields(this);
    change.accept(fields);
    return fields.build();
  }

  /** The record's fields as mutable variables, for {@link #edit}; validated by the record. */
  private static final class Fields {
    String agentVersion;
    Duration dialTimeout;
    Duration handshakeTimeout;
    Duration negotiationTimeout;
    int maxConnections;
    int maxStreamsPerConnection;
    Duration idleTimeout;
    Duration addressTtl;
    Duration shutdownDrainTimeout;
    boolean perfServer;
    Duration duplicateDrainTimeout;
    Duration keepAliveInterval;
    Duration keepAliveTimeout;
    int observedAddressConfirmations;
    Duration observedAddressTtl;
    int maxPendingInbound;

    Fields(HostConfig c) {
      agentVersion = c.agentVersion;
      dialTimeout = c.dialTimeout;
      handshakeTimeout = c.handshakeTimeout;
      negotiationTimeout = c.negotiationTimeout;
      maxConnections = c.maxConnections;
      maxStreamsPerConnection = c.maxStreamsPerConnection;
      idleTimeout = c.idleTimeout;
      addressTtl = c.addressTtl;
      shutdownDrainTimeout = c.shutdownDrainTimeout;
      perfServer = c.perfServer;
      duplicateDrainTimeout = c.duplicateDrainTimeout;
      keepAliveInterval = c.keepAliveInterval;
      keepAliveTimeout = c.keepAliveTimeout;
      observedAddressConfirmations = c.observedAddressConfirmations;
      observedAddressTtl = c.observedAddressTtl;
      maxPendingInbound = c.maxPendingInbound;
    }

    HostConfig build() {
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
          perfServer,
          duplicateDrainTimeout,
          keepAliveInterval,
          keepAliveTimeout,
          observedAddressConfirmations,
          observedAddressTtl,
          maxPendingInbound);
    }
  }
}
