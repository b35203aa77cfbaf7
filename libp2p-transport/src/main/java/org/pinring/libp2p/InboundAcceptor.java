package org.pinring.libp2p;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.pinring.libp2p.internal.host.Libp2pConnection;
import org.pinring.libp2p.internal.host.UpgradeContext;
import org.pinring.libp2p.internal.host.Upgrader;
import org.pinring.libp2p.transport.RawConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the raw connections a host's transports accept through admission ({@link
 * InboundAdmission}), the security and muxer upgrade and registration. A connection that is
 * refused, fails its upgrade or closes at any point releases its pending slot exactly once.
 */
final class InboundAcceptor {

  private static final Logger log = LoggerFactory.getLogger(InboundAcceptor.class);

  private final InboundAdmission admission;
  private final UpgradeContext upgradeContext;
  private final ConnectionRegistry registry;
  private final int maxConnections;

  InboundAcceptor(
      InboundAdmission admission,
      UpgradeContext upgradeContext,
      ConnectionRegistry registry,
      int maxConnections) {
    this.admission = admission;
    this.upgradeContext = upgradeContext;
    this.registry = registry;
    this.maxConnections = maxConnections;
  }

  /**
   * Handles one accepted raw connection (called on its executor).
   *
   * @return the registered connection, or a failure if it was refused, failed or closed first
   */
  CompletableFuture<Connection> accept(RawConnection raw) {
    InboundAdmission.Decision decision = admission.admit();
    if (decision instanceof InboundAdmission.Refused refused) {
      log.info("refusing connection from {}: {}", raw.remoteAddress(), refused.reason());
      raw.close();
      return CompletableFuture.failedFuture(
          new StreamException("connection refused: " + refused.reason()));
    }
    InboundAdmission.PendingSlot slot = ((InboundAdmission.Admitted) decision).slot();
    CompletableFuture<Libp2pConnection> upgraded;
    try {
      upgraded = Upgrader.upgrade(raw, upgradeContext, false, null);
    } catch (RuntimeException e) {
      // E.g. the connection's executor no longer takes tasks: the upgrade never started.
      slot.release();
      raw.close();
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<Connection> registered =
        upgraded.whenComplete((connection, failure) -> slot.release()).thenApply(this::register);
    var unused =
        registered.exceptionally(
            failure -> {
              log.debug("inbound connection failed: {}", failure.getMessage());
              return null;
            });
    return registered;
  }

  /**
   * Registers an upgraded inbound connection, unless handshakes that finished together have filled
   * the limit in the meantime: an inbound connection never trims others to make room.
   */
  private Connection register(Libp2pConnection connection) {
    Optional<String> refusal = admission.refusalAfterHandshake();
    if (refusal.isPresent()) {
      log.info("closing inbound connection from {}: {}", connection.remotePeer(), refusal.get());
      var unused = connection.close();
      throw new StreamException("connection limit of " + maxConnections + " reached");
    }
    return registry.register(connection);
  }
}
