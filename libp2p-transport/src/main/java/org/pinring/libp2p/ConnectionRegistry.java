package org.pinring.libp2p;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.pinring.libp2p.internal.host.ConnectionManager;
import org.pinring.libp2p.internal.host.Libp2pConnection;
import org.pinring.runtime.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out what {@link ConnectionManager} decides about established connections: registers them
 * (peerstore, listeners, identify), unregisters them when they close, closes connections to stay
 * within {@link HostConfig#maxConnections()}, drains the losers of cross-dials, and closes idle
 * connections.
 *
 * <p>Thread-safe: registration runs on the new connection's thread, the rest anywhere.
 */
final class ConnectionRegistry {

  private static final Logger log = LoggerFactory.getLogger(ConnectionRegistry.class);

  /** How often a draining duplicate is checked for finished streams. */
  private static final Duration DRAIN_CHECK_PERIOD = Duration.ofMillis(50);

  private final HostConfig config;
  private final Environment environment;
  private final ConnectionManager connections;
  private final Peerstore peerstore;
  private final HostListeners listeners;
  private final BooleanSupplier closing;
  private final Consumer<Libp2pConnection> established;

  /**
   * @param closing whether the host is shutting down: connections registered then are closed
   * @param established called for each registered connection that is not superseded (identify)
   */
  ConnectionRegistry(
      HostConfig config,
      Environment environment,
      ConnectionManager connections,
      Peerstore peerstore,
      HostListeners listeners,
      BooleanSupplier closing,
      Consumer<Libp2pConnection> established) {
    this.config = config;
    this.environment = environment;
    this.connections = connections;
    this.peerstore = peerstore;
    this.listeners = listeners;
    this.closing = closing;
    this.established = established;
  }

  /** Registered connections, open or closing. */
  List<Libp2pConnection> all() {
    return connections.all();
  }

  /**
   * Closes registered connections until fewer than the limit remain, so that one more fits, by the
   * trimming order of {@link ConnectionManager}.
   *
   * @param spare the new connection, not registered yet and never chosen (or null before dialling)
   * @return false if the limit is still reached because every remaining connection is protected
   */
  boolean makeRoom(Libp2pConnection spare) {
    while (connections.liveCount() >= config.maxConnections()) {
      Optional<Libp2pConnection> victim = connections.trimCandidate(spare);
      if (victim.isEmpty()) {
        return false;
      }
      Libp2pConnection c = victim.get();
      log.info(
          "closing {} ({} streams) to stay within {} connections",
          c,
          c.streamCount(),
          config.maxConnections());
      var unused = c.close();
    }
    return true;
  }

  /** The failure of a dial that found no room because every connection is protected. */
  StreamException everyConnectionProtected() {
    return new StreamException(
        "connection limit of "
            + config.maxConnections()
            + " reached and every connection is protected");
  }

  /**
   * Registers a dialled connection, first making room for it: dials that ran in parallel may
   * together exceed the limit checked before dialling.
   *
   * @return the connection to use for the peer (another one if this one lost a cross-dial)
   * @throws StreamException (closing the connection) if there is no room
   */
  Connection registerOutbound(Libp2pConnection connection) {
    if (!makeRoom(connection)) {
      var unused = connection.close();
      throw everyConnectionProtected();
    }
    return register(connection);
  }

  /**
   * Registers an established connection: unregistered again when it closes, superseded duplicates
   * drained, the peer's key (and, if dialled, its address) in the peerstore, listeners told,
   * identify started.
   *
   * @return the connection to use for the peer (another one if this one lost a cross-dial)
   */
  Connection register(Libp2pConnection connection) {
    PeerId remote = connection.remotePeer();
    connection.onClose(this::unregister);
    ConnectionManager.Registration registration = connections.add(connection);
    // Closed before the callback was set: it will not be called.
    if (!connection.isOpen()) {
      unregister(connection);
    }
    for (Libp2pConnection duplicate : registration.superseded()) {
      drainDuplicate(duplicate);
    }
    try {
      peerstore.putPublicKey(remote, connection.remotePublicKey());
    } catch (IllegalArgumentException e) {
      log.warn("peer {} key mismatch", remote, e);
    }
    if (connection.isOutbound()) {
      peerstore.addAddresses(remote, List.of(connection.remoteAddress()), config.addressTtl());
    }
    if (closing.getAsBoolean()) {
      var unused = connection.close();
      return connection;
    }
    listeners.connected(connection);
    if (!connection.isSuperseded()) {
      established.accept(connection);
    }
    return registration.preferred();
  }

  /**
   * Lets the losing connection of a cross-dial finish its streams, then closes it. GoAway makes the
   * peer open no new streams on it; ours go to the kept connection ({@link Libp2pConnection}).
   */
  private void drainDuplicate(Libp2pConnection duplicate) {
    log.info("{} duplicates a connection initiated by the smaller peer ID; draining it", duplicate);
    duplicate.goAway();
    long deadline = environment.clock().monotonicNanos() + config.duplicateDrainTimeout().toNanos();
    var unused =
        Poll.until(
            environment.scheduler(),
            Duration.ZERO,
            DRAIN_CHECK_PERIOD,
            () -> {
              if (!duplicate.isOpen()) {
                return true;
              }
              if (duplicate.streamCount() == 0
                  || environment.clock().monotonicNanos() - deadline >= 0) {
                var unusedClose = duplicate.close();
                return true;
              }
              return false;
            });
  }

  private void unregister(Libp2pConnection connection) {
    if (connections.remove(connection)) {
      listeners.disconnected(connection);
    }
  }

  /** Closes connections that had no stream for {@link HostConfig#idleTimeout()}. */
  void closeIdle() {
    long now = environment.clock().monotonicNanos();
    long idleNanos = config.idleTimeout().toNanos();
    for (Libp2pConnection c : connections.all()) {
      if (c.streamCount() == 0 && now - c.lastActivityNanos() >= idleNanos) {
        log.debug("closing idle connection {}", c);
        var unused = c.close();
      }
    }
  }
}
