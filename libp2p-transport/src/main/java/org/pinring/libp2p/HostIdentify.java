package org.pinring.libp2p;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.pinring.libp2p.crypto.PublicKey;
import org.pinring.libp2p.internal.protocol.IdentifyMessage;
import org.pinring.libp2p.internal.protocol.IdentifyService;
import org.pinring.libp2p.record.SignedPeerRecord;
import org.pinring.multiformats.Multiaddr;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identify and identify push as a host runs them: what it announces (key, agent, advertised
 * addresses, protocols, signed record), what it does with what peers announce (peerstore,
 * listeners) and with the addresses they observe, and when it pushes. Thread-safe.
 */
final class HostIdentify implements IdentifyService.Local {

  private static final Logger log = LoggerFactory.getLogger(HostIdentify.class);

  private final PublicKey publicKey;
  private final HostConfig config;
  private final Peerstore peerstore;
  private final HostListeners listeners;
  private final ListenAddresses addresses;
  private final Supplier<Set<String>> protocols;
  private final Supplier<Optional<SignedPeerRecord>> peerRecord;
  private final Supplier<List<? extends Connection>> connections;
  private final IdentifyService service;

  /**
   * @param protocols the protocols this host serves
   * @param peerRecord this host's current signed peer record
   * @param connections the host's connections, to push to
   */
  HostIdentify(
      PublicKey publicKey,
      HostConfig config,
      Peerstore peerstore,
      HostListeners listeners,
      ListenAddresses addresses,
      Supplier<Set<String>> protocols,
      Supplier<Optional<SignedPeerRecord>> peerRecord,
      Supplier<List<? extends Connection>> connections) {
    this.publicKey = publicKey;
    this.config = config;
    this.peerstore = peerstore;
    this.listeners = listeners;
    this.addresses = addresses;
    this.protocols = protocols;
    this.peerRecord = peerRecord;
    this.connections = connections;
    this.service = new IdentifyService(this);
  }

  IdentifyService service() {
    return service;
  }

  /** Asks a newly established connection's peer who it is. */
  void identify(Connection connection) {
    service
        .identify(connection)
        .exceptionally(
            failure -> {
              log.debug("identify of {} failed: {}", connection.remotePeer(), failure.getMessage());
              return null;
            });
  }

  /** Pushes this host's identify to connected peers that accept pushes (or are not known yet). */
  void pushToAll() {
    for (Connection connection : connections.get()) {
      // Peers not identified yet get the push too: their own identify may still be in flight.
      Set<String> known = peerstore.protocols(connection.remotePeer());
      if (known.isEmpty() || known.contains(IdentifyService.PUSH_PROTOCOL_ID)) {
        service
            .push(connection)
            .exceptionally(
                failure -> {
                  log.debug("identify push to {} failed: {}", connection, failure.getMessage());
                  return null;
                });
      }
    }
  }

  @Override
  public PublicKey publicKey() {
    return publicKey;
  }

  @Override
  public String agentVersion() {
    return config.agentVersion();
  }

  @Override
  public List<Multiaddr> listenAddresses() {
    return addresses.advertised();
  }

  @Override
  public Set<String> protocols() {
    return protocols.get();
  }

  @Override
  public Duration addressTtl() {
    return config.addressTtl();
  }

  @Override
  public Optional<SignedPeerRecord> peerRecord() {
    return peerRecord.get();
  }

  @Override
  public void learned(
      PeerId peer, IdentifyMessage message, Optional<SignedPeerRecord> record, boolean push) {
    if (record.isPresent()) {
      // The signed addresses replace the unsigned ones (js-libp2p identify does the same); a
      // stale record changes nothing, and the newer record held keeps its addresses.
      if (!peerstore.consumePeerRecord(record.get(), config.addressTtl())) {
        log.debug("{} sent a peer record no newer than the one held", peer);
      }
    } else if (!message.listenAddresses().isEmpty()) {
      peerstore.addAddresses(peer, message.listenAddresses(), config.addressTtl());
    }
    if (message.agentVersion() != null) {
      peerstore.setAgentVersion(peer, message.agentVersion());
    }
    boolean changed = peerstore.setProtocols(peer, message.protocols());
    if (changed || !push) {
      listeners.protocolsChanged(peer, peerstore.protocols(peer));
    }
  }

  @Override
  public void observed(Connection connection, Multiaddr address) {
    if (addresses.reportObserved(connection.remoteAddress(), address)) {
      log.info(
          "advertising {}: observed by peers in {} address groups",
          address.withoutPeerId(),
          config.observedAddressConfirmations());
      pushToAll();
    }
  }
}
