package org.pinring.libp2p;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.pinring.libp2p.internal.host.ConnectionManager;
import org.pinring.libp2p.internal.host.UpgradeContext;
import org.pinring.libp2p.internal.host.Upgrader;
import org.pinring.libp2p.transport.Transport;
import org.pinring.multiformats.Multiaddr;

/**
 * Outbound connections: reuses an established connection to the peer, joins a dial of it already
 * running ({@link PendingDials}), or dials: the peer's addresses in {@link DialAddresses} order one
 * at a time ({@link SequentialDial}), each within {@link HostConfig#dialTimeout()}, after making
 * room under the connection limit, then upgrades and registers the connection. Thread-safe.
 */
final class Dialer {

  private final PeerId local;
  private final HostConfig config;
  private final Transports transports;
  private final Peerstore peerstore;
  private final ConnectionManager connections;
  private final ConnectionRegistry registry;
  private final UpgradeContext upgradeContext;
  private final BooleanSupplier closing;
  private final PendingDials<PeerId, Connection> pending;

  Dialer(
      PeerId local,
      HostConfig config,
      Transports transports,
      Peerstore peerstore,
      ConnectionManager connections,
      ConnectionRegistry registry,
      UpgradeContext upgradeContext,
      BooleanSupplier closing) {
    this.local = local;
    this.config = config;
    this.transports = transports;
    this.peerstore = peerstore;
    this.connections = connections;
    this.registry = registry;
    this.upgradeContext = upgradeContext;
    this.closing = closing;
    this.pending = new PendingDials<>(this::existing);
  }

  /** See {@link Host#connect(Multiaddr)}. */
  CompletableFuture<Connection> connect(Multiaddr address) {
    Optional<PeerId> expected = address.peerId().map(PeerId::fromMultihash);
    if (expected.isEmpty()) {
      return dial(address, null);
    }
    PeerId peer = expected.get();
    if (peer.equals(local)) {
      return CompletableFuture.failedFuture(new StreamException("cannot dial self"));
    }
    Optional<Connection> existing = existing(peer);
    if (existing.isPresent()) {
      return CompletableFuture.completedFuture(existing.get());
    }
    return pending.dial(peer, () -> dial(address.withoutPeerId(), peer));
  }

  /** See {@link Host#connect(PeerId)}. */
  CompletableFuture<Connection> connect(PeerId peer) {
    Optional<Connection> existing = existing(peer);
    if (existing.isPresent()) {
      return CompletableFuture.completedFuture(existing.get());
    }
    List<Multiaddr> addresses = DialAddresses.of(peerstore, peer);
    if (addresses.isEmpty()) {
      return CompletableFuture.failedFuture(new StreamException("no known addresses for " + peer));
    }
    return pending.dial(
        peer, () -> SequentialDial.firstSuccess(addresses, address -> dial(address, peer), peer));
  }

  /** Peers being dialled now. */
  int pendingCount() {
    return pending.size();
  }

  private Optional<Connection> existing(PeerId peer) {
    return connections.usable(peer).map(Connection.class::cast);
  }

  private CompletableFuture<Connection> dial(Multiaddr address, PeerId expected) {
    if (closing.getAsBoolean()) {
      return CompletableFuture.failedFuture(new StreamException("host is shutting down"));
    }
    Transport transport;
    try {
      transport = transports.forAddress(address);
    } catch (StreamException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (!registry.makeRoom(null)) {
      return CompletableFuture.failedFuture(registry.everyConnectionProtected());
    }
    return transport
        .dial(address, config.dialTimeout())
        .thenCompose(raw -> Upgrader.upgrade(raw, upgradeContext, true, expected))
        .thenApply(registry::registerOutbound);
  }
}
