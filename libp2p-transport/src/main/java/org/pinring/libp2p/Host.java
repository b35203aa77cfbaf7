package org.pinring.libp2p;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.pinring.libp2p.crypto.PrivateKey;
import org.pinring.libp2p.crypto.PublicKey;
import org.pinring.libp2p.internal.host.ConnectionManager;
import org.pinring.libp2p.internal.host.Libp2pConnection;
import org.pinring.libp2p.internal.host.ObservedAddresses;
import org.pinring.libp2p.internal.host.UpgradeContext;
import org.pinring.libp2p.internal.host.Upgrader;
import org.pinring.libp2p.internal.noise.AeadFactory;
import org.pinring.libp2p.internal.noise.X25519KeyPair;
import org.pinring.libp2p.internal.protocol.IdentifyMessage;
import org.pinring.libp2p.internal.protocol.IdentifyService;
import org.pinring.libp2p.internal.protocol.PerfService;
import org.pinring.libp2p.internal.protocol.PingService;
import org.pinring.libp2p.internal.protocol.SelfPeerRecord;
import org.pinring.libp2p.internal.yamux.YamuxConfig;
import org.pinring.libp2p.record.SignedPeerRecord;
import org.pinring.libp2p.transport.RawConnection;
import org.pinring.libp2p.transport.Transport;
import org.pinring.libp2p.transport.TransportListener;
import org.pinring.multiformats.Multiaddr;
import org.pinring.multiformats.MultiaddrProtocol;
import org.pinring.runtime.Cancellable;
import org.pinring.runtime.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A libp2p node: the module's entry point. It listens and dials over its transports, secures
 * connections with Noise, multiplexes them with yamux, serves identify, identify push and ping (and
 * perf if enabled), and dispatches inbound streams to registered {@link StreamHandler}s.
 *
 * <p>Thread-safe. Connection-level work runs on each connection's thread; timers run on the
 * environment's scheduler.
 *
 * <p>Connections are de-duplicated per peer: dialling a peer that is connected, or being dialled,
 * returns that connection, and when two peers dial each other at the same time both keep the
 * connection initiated by the peer with the smaller peer ID and close the other once its streams
 * have finished (at most {@link HostConfig#duplicateDrainTimeout()} later).
 *
 * <p>{@link HostConfig#maxConnections()} bounds inbound and outbound connections together. An
 * inbound connection beyond it is refused; an outbound dial beyond it first closes one connection
 * to make room: never one to a {@link #protect protected} peer, and one with open streams only when
 * every other candidate has some (superseded duplicates first, then idle connections, then the
 * fewest streams, least recently active first). If every connection is protected the dial fails.
 * Connections without streams for {@link HostConfig#idleTimeout()} are closed.
 *
 * <p>Addresses peers report observing for this node (identify) are advertised once {@link
 * HostConfig#observedAddressConfirmations()} distinct peers reported the same one; they are added
 * to the listen addresses identify sends, and pushed to connected peers when first confirmed.
 *
 * <p>Identify and identify push carry this node's signed peer record ({@link #peerRecord}) of the
 * advertised addresses, and a peer's own record received in identify goes into the {@link
 * #peerstore()}, whose certified addresses then replace those the peer listed unsigned.
 */
public final class Host implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Host.class);

  private final PrivateKey identity;
  private final PeerId peerId;
  private final HostConfig config;
  private final Environment environment;
  private final List<Transport> transports;
  private final Peerstore peerstore;
  private final Map<String, StreamHandler> handlers = new ConcurrentHashMap<>();
  private final List<HostListener> listeners = new CopyOnWriteArrayList<>();
  private final List<TransportListener> transportListeners = new CopyOnWriteArrayList<>();
  private final List<Multiaddr> listenAddresses = new CopyOnWriteArrayList<>();
  private final ConnectionManager connections;
  private final Map<PeerId, CompletableFuture<Connection>> pendingDials = new ConcurrentHashMap<>();

  /** Inbound connections accepted and still in their handshake (HostConfig#maxPendingInbound). */
  private final AtomicInteger pendingInbound = new AtomicInteger();

  private final ObservedAddresses observedAddresses;
  private final UpgradeContext upgradeContext;
  private final IdentifyService identify;
  private final SelfPeerRecord selfRecord;
  private final Cancellable idleCheck;
  private volatile boolean closing;

  private Host(
      PrivateKey identity, HostConfig config, Environment environment, List<Transport> transports) {
    this.identity = identity;
    this.peerId = PeerId.fromPublicKey(identity.publicKey());
    this.config = config;
    this.environment = environment;
    this.transports = List.copyOf(transports);
    this.peerstore = new Peerstore(environment.clock());
    this.connections = new ConnectionManager(peerId);
    this.observedAddresses =
        new ObservedAddresses(
            environment.clock(),
            config.observedAddressConfirmations(),
            config.observedAddressTtl());
    YamuxConfig defaults = YamuxConfig.defaults();
    YamuxConfig yamux =
        new YamuxConfig(
            defaults.initialWindowBytes(),
            defaults.maxWindowBytes(),
            config.maxStreamsPerConnection(),
            defaults.maxFramePayloadBytes(),
            defaults.maxPendingWriteBytes(),
            defaults.maxBufferedInboundBytes());
    this.upgradeContext =
        new UpgradeContext(
            environment,
            identity,
            X25519KeyPair.generate(environment.random()),
            AeadFactory.best(),
            yamux,
            config.handshakeTimeout(),
            config.negotiationTimeout(),
            handlers::containsKey,
            handlers::get,
            config.keepAliveInterval(),
            config.keepAliveTimeout(),
            connections::usable);
    this.selfRecord = new SelfPeerRecord(identity, environment.clock());
    this.identify = new IdentifyService(new IdentifyLocal());
    handlers.put(IdentifyService.PROTOCOL_ID, identify.identifyHandler());
    handlers.put(IdentifyService.PUSH_PROTOCOL_ID, identify.pushHandler());
    handlers.put(PingService.PROTOCOL_ID, PingService.handler());
    if (config.perfServer()) {
      handlers.put(PerfService.PROTOCOL_ID, PerfService.handler());
    }
    Duration idlePeriod = config.idleTimeout().dividedBy(2);
    this.idleCheck =
        environment
            .scheduler()
            .scheduleAtFixedRate(idlePeriod, idlePeriod, this::closeIdleConnections);
  }

  /**
   * A host with {@code identity} over {@code transports}. It does nothing until told to listen or
   * dial.
   */
  public static Host create(
      PrivateKey identity, HostConfig config, Environment environment, List<Transport> transports) {
    if (transports.isEmpty()) {
      throw new IllegalArgumentException("a host needs at least one transport");
    }
    return new Host(identity, config, environment, transports);
  }

  /** This node's peer ID. */
  public PeerId peerId() {
    return peerId;
  }

  /** This node's identity key. */
  public PublicKey publicKey() {
    return identity.publicKey();
  }

  public HostConfig config() {
    return config;
  }

  /** What this node knows about other peers. */
  public Peerstore peerstore() {
    return peerstore;
  }

  /** The ChaCha20-Poly1305 provider in use ({@code conscrypt} or {@code jdk}). */
  public String cipherProvider() {
    return upgradeContext.aead().name();
  }

  /**
   * Listens on {@code addresses}. An unspecified IP ({@code 0.0.0.0}, {@code ::}) is reported as
   * the addresses of the machine's interfaces, and port 0 as the port actually bound.
   *
   * @return the addresses now listened on (without {@code /p2p})
   */
  public CompletableFuture<List<Multiaddr>> listen(List<Multiaddr> addresses) {
    List<CompletableFuture<TransportListener>> started = new ArrayList<>();
    for (Multiaddr address : addresses) {
      Transport transport = transportFor(address);
      started.add(transport.listen(address, this::acceptInbound));
    }
    return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
        .thenApply(
            ignored -> {
              List<Multiaddr> bound = new ArrayList<>();
              for (CompletableFuture<TransportListener> future : started) {
                TransportListener listener = future.join();
                transportListeners.add(listener);
                bound.addAll(expandUnspecified(listener.address()));
              }
              listenAddresses.addAll(bound);
              // Connected peers learn the new addresses (and a record with a larger seq) now.
              pushIdentify();
              return List.copyOf(bound);
            });
  }

  /** The addresses this node listens on (without {@code /p2p}). */
  public List<Multiaddr> listenAddresses() {
    return List.copyOf(listenAddresses);
  }

  /**
   * Addresses of this node as peers reported seeing them (identify), confirmed or not, without
   * {@code /p2p}.
   */
  public Set<Multiaddr> observedAddresses() {
    return observedAddresses.all();
  }

  /**
   * Observed addresses reported by at least {@link HostConfig#observedAddressConfirmations()}
   * distinct peers: this node advertises them.
   */
  public List<Multiaddr> confirmedObservedAddresses() {
    return observedAddresses.confirmed();
  }

  /** The addresses identify advertises: the listen addresses, then confirmed observed ones. */
  public List<Multiaddr> advertisedAddresses() {
    Set<Multiaddr> advertised = new LinkedHashSet<>(listenAddresses);
    advertised.addAll(observedAddresses.confirmed());
    return List.copyOf(advertised);
  }

  /**
   * Inbound connections accepted and still in their security or muxer handshake (at most {@link
   * HostConfig#maxPendingInbound()}).
   */
  public int pendingInboundCount() {
    return pendingInbound.get();
  }

  /**
   * This node's signed peer record of its {@link #advertisedAddresses()}, as identify sends it; a
   * new one (larger seq) is sealed when that set changes. Empty while there is no address.
   */
  public Optional<SignedPeerRecord> peerRecord() {
    return selfRecord.current(advertisedAddresses());
  }

  /**
   * Protects {@code peer}'s connections from being closed to make room under the connection limit,
   * under {@code tag} (as go-libp2p's connection manager: several tags may protect one peer).
   */
  public void protect(PeerId peer, String tag) {
    connections.protect(peer, tag);
  }

  /**
   * Removes the protection {@code tag} from {@code peer}.
   *
   * @return whether other tags still protect the peer
   */
  public boolean unprotect(PeerId peer, String tag) {
    return connections.unprotect(peer, tag);
  }

  /** Whether any tag protects {@code peer}. */
  public boolean isProtected(PeerId peer) {
    return connections.isProtected(peer);
  }

  /** Registers the handler for inbound streams of {@code protocol}, and tells connected peers. */
  public void setStreamHandler(String protocol, StreamHandler handler) {
    handlers.put(protocol, handler);
    pushIdentify();
  }

  /** Removes the handler of {@code protocol}, and tells connected peers. */
  public void removeStreamHandler(String protocol) {
    if (handlers.remove(protocol) != null) {
      pushIdentify();
    }
  }

  /** The protocols this node serves. */
  public Set<String> protocols() {
    return Collections.unmodifiableSet(new TreeSet<>(handlers.keySet()));
  }

  public void addListener(HostListener listener) {
    listeners.add(listener);
  }

  public void removeListener(HostListener listener) {
    listeners.remove(listener);
  }

  /** Open connections. */
  public List<Connection> connections() {
    return List.copyOf(connections.all());
  }

  /** Open connections to {@code peer}. */
  public List<Connection> connections(PeerId peer) {
    return List.copyOf(connections.connections(peer));
  }

  /**
   * Connects to {@code address}. With a {@code /p2p/<id>} suffix the remote must authenticate as
   * that peer, and an existing connection to it is reused; without one, any peer is accepted.
   */
  public CompletableFuture<Connection> connect(Multiaddr address) {
    Optional<PeerId> expected = address.peerId().map(PeerId::fromMultihash);
    if (expected.isPresent()) {
      PeerId peer = expected.get();
      if (peer.equals(peerId)) {
        return CompletableFuture.failedFuture(new StreamException("cannot dial self"));
      }
      Optional<Connection> existing = existingConnection(peer);
      if (existing.isPresent()) {
        return CompletableFuture.completedFuture(existing.get());
      }
      return dedupe(peer, () -> dial(address.withoutPeerId(), peer));
    }
    return dial(address, null);
  }

  /** Connects to {@code peer} using its addresses in the peerstore, trying each in turn. */
  public CompletableFuture<Connection> connect(PeerId peer) {
    Optional<Connection> existing = existingConnection(peer);
    if (existing.isPresent()) {
      return CompletableFuture.completedFuture(existing.get());
    }
    List<Multiaddr> addresses = peerstore.addresses(peer);
    if (addresses.isEmpty()) {
      return CompletableFuture.failedFuture(new StreamException("no known addresses for " + peer));
    }
    return dedupe(peer, () -> dialEach(addresses.iterator(), peer, null));
  }

  /** Opens a stream to {@code peer} (connecting first if needed). */
  public CompletableFuture<Stream> newStream(PeerId peer, List<String> protocols) {
    return connect(peer).thenCompose(connection -> connection.newStream(protocols));
  }

  /** Measures one round trip to {@code peer} with the ping protocol. */
  public CompletableFuture<Duration> ping(PeerId peer) {
    return connect(peer)
        .thenCompose(
            connection ->
                PingService.Session.open(connection, environment.clock(), environment.random()))
        .thenCompose(session -> session.ping().whenComplete((rtt, failure) -> session.close()));
  }

  /** Runs the perf protocol against {@code peer}: upload, then download. */
  public CompletableFuture<PerfResult> perf(PeerId peer, long uploadBytes, long downloadBytes) {
    return connect(peer)
        .thenCompose(
            connection ->
                PerfService.run(connection, uploadBytes, downloadBytes, environment.clock()))
        .thenApply(r -> new PerfResult(r.time(), r.uploadBytes(), r.downloadBytes()));
  }

  /** Opens a ping stream for repeated pings (the CLI's {@code ping -n}). */
  public CompletableFuture<Pinger> pinger(Connection connection) {
    return PingService.Session.open(connection, environment.clock(), environment.random())
        .thenApply(
            session ->
                new Pinger() {
                  @Override
                  public CompletableFuture<Duration> ping() {
                    return session.ping();
                  }

                  @Override
                  public void close() {
                    session.close();
                  }
                });
  }

  /** Repeated pings on one stream. */
  public interface Pinger extends AutoCloseable {
    /** One round trip. One at a time. */
    CompletableFuture<Duration> ping();

    @Override
    void close();
  }

  /**
   * Shuts down gracefully: stops listening, refuses new streams (GoAway), waits up to {@link
   * HostConfig#shutdownDrainTimeout()} for open streams to finish, then closes every connection and
   * the transports.
   */
  public CompletableFuture<Void> shutdown() {
    if (closing) {
      return CompletableFuture.completedFuture(null);
    }
    closing = true;
    idleCheck.cancel();
    transportListeners.forEach(TransportListener::close);
    for (Connection connection : connections()) {
      ((Libp2pConnection) connection).goAway();
    }
    CompletableFuture<Void> drained = new CompletableFuture<>();
    long deadline = environment.clock().monotonicNanos() + config.shutdownDrainTimeout().toNanos();
    java.util.concurrent.atomic.AtomicReference<Cancellable> poll =
        new java.util.concurrent.atomic.AtomicReference<>();
    poll.set(
        environment
            .scheduler()
            .scheduleAtFixedRate(
                Duration.ofMillis(20),
                Duration.ofMillis(20),
                () -> {
                  boolean idle = connections().stream().allMatch(c -> c.streamCount() == 0);
                  if (idle || environment.clock().monotonicNanos() - deadline >= 0) {
                    Cancellable self = poll.get();
                    if (self != null) {
                      self.cancel();
                    }
                    drained.complete(null);
                  }
                }));
    return drained.thenCompose(
        ignored -> {
          List<CompletableFuture<Void>> closed = new ArrayList<>();
          for (Connection connection : connections()) {
            closed.add(connection.close());
          }
          return CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new));
        });
  }

  /** {@link #shutdown()} and wait for it, then close the transports. */
  @Override
  public void close() {
    try {
      shutdown()
          .get(
              config.shutdownDrainTimeout().toMillis() + 5000,
              java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      log.warn("graceful shutdown did not complete: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      transports.forEach(Transport::close);
    }
  }

  // ---- internals ----

  private Transport transportFor(Multiaddr address) {
    for (Transport transport : transports) {
      if (transport.handles(address)) {
        return transport;
      }
    }
    throw new StreamException("no transport for " + address);
  }

  private Optional<Connection> existingConnection(PeerId peer) {
    return connections.usable(peer).map(Connection.class::cast);
  }

  private CompletableFuture<Connection> dedupe(
      PeerId peer, java.util.function.Supplier<CompletableFuture<Connection>> dial) {
    CompletableFuture<Connection> mine = new CompletableFuture<>();
    CompletableFuture<Connection> running = pendingDials.putIfAbsent(peer, mine);
    if (running != null) {
      return running;
    }
    // The caller checked for an open connection before getting here, but a dial that finished
    // in between has registered its connection and then left pendingDials, in that order; look
    // again now that this dial holds the slot, or it would open a second connection.
    Optional<Connection> existing = existingConnection(peer);
    if (existing.isPresent()) {
      pendingDials.remove(peer, mine);
      mine.complete(existing.get());
      return mine;
    }
    var unused =
        dial.get()
            .whenComplete(
                (connection, failure) -> {
                  pendingDials.remove(peer, mine);
                  if (failure != null) {
                    mine.completeExceptionally(failure);
                  } else {
                    mine.complete(connection);
                  }
                });
    return mine;
  }

  private CompletableFuture<Connection> dialEach(
      Iterator<Multiaddr> addresses, PeerId peer, Throwable lastFailure) {
    if (!addresses.hasNext()) {
      return CompletableFuture.failedFuture(
          new StreamException("could not reach " + peer, lastFailure));
    }
    Multiaddr address = addresses.next();
    CompletableFuture<Connection> result = new CompletableFuture<>();
    var unused =
        dial(address, peer)
            .whenComplete(
                (connection, failure) -> {
                  if (failure == null) {
                    result.complete(connection);
                  } else {
                    var unusedNext =
                        dialEach(addresses, peer, failure)
                            .whenComplete(
                                (c, f) -> {
                                  if (f == null) {
                                    result.complete(c);
                                  } else {
                                    result.completeExceptionally(f);
                                  }
                                });
                  }
                });
    return result;
  }

  private CompletableFuture<Connection> dial(Multiaddr address, PeerId expected) {
    if (closing) {
      return CompletableFuture.failedFuture(new StreamException("host is shutting down"));
    }
    Transport transport;
    try {
      transport = transportFor(address);
    } catch (StreamException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (!makeRoom(null)) {
      return CompletableFuture.failedFuture(
          new StreamException(
              "connection limit of "
                  + config.maxConnections()
                  + " reached and every connection is protected"));
    }
    return transport
        .dial(address, config.dialTimeout())
        .thenCompose(raw -> Upgrader.upgrade(raw, upgradeContext, true, expected))
        .thenApply(this::registerOutbound);
  }

  /**
   * Closes registered connections until fewer than the limit remain, so that one more fits, by the
   * trimming order of {@link ConnectionManager}.
   *
   * @param spare the new connection, not registered yet and never chosen (or null before dialling)
   * @return false if the limit is still reached because every remaining connection is protected
   */
  private boolean makeRoom(Libp2pConnection spare) {
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

  private Connection registerOutbound(Libp2pConnection connection) {
    // Dials that ran in parallel may together exceed the limit checked before dialling.
    if (!makeRoom(connection)) {
      var unused = connection.close();
      throw new StreamException(
          "connection limit of "
              + config.maxConnections()
              + " reached and every connection is protected");
    }
    return register(connection);
  }

  private void acceptInbound(RawConnection raw) {
    int open = connections.liveCount();
    String refusal = null;
    if (closing) {
      refusal = "shutting down";
    } else if (open >= config.maxConnections()) {
      refusal = open + " connections open";
    } else if (pendingInbound.incrementAndGet() > config.maxPendingInbound()) {
      pendingInbound.decrementAndGet();
      refusal = config.maxPendingInbound() + " inbound handshakes in progress";
    }
    if (refusal != null) {
      log.info("refusing connection from {}: {}", raw.remoteAddress(), refusal);
      raw.close();
      return;
    }
    Upgrader.upgrade(raw, upgradeContext, false, null)
        .whenComplete((connection, failure) -> pendingInbound.decrementAndGet())
        .thenApply(this::registerInbound)
        .exceptionally(
            failure -> {
              log.debug("inbound connection failed: {}", failure.getMessage());
              return null;
            });
  }

  /**
   * Registers an upgraded inbound connection, unless handshakes that finished together have filled
   * the limit in the meantime: an inbound connection never trims others to make room.
   */
  private Connection registerInbound(Libp2pConnection connection) {
    int open = connections.liveCount();
    if (open >= config.maxConnections()) {
      log.info(
          "closing inbound connection from {}: {} connections open", connection.remotePeer(), open);
      var unused = connection.close();
      throw new StreamException("connection limit of " + config.maxConnections() + " reached");
    }
    return register(connection);
  }

  private Connection register(Libp2pConnection connection) {
    PeerId remote = connection.remotePeer();
    connection.onClose(this::unregister);
    ConnectionManager.Registration registration = connections.add(connection);
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
    if (closing) {
      var unused = connection.close();
      return connection;
    }
    for (HostListener listener : listeners) {
      try {
        listener.onConnected(connection);
      } catch (RuntimeException e) {
        log.warn("listener failed in onConnected", e);
      }
    }
    if (!connection.isSuperseded()) {
      identify
          .identify(connection)
          .exceptionally(
              failure -> {
                log.debug("identify of {} failed: {}", remote, failure.getMessage());
                return null;
              });
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
    java.util.concurrent.atomic.AtomicReference<Cancellable> poll =
        new java.util.concurrent.atomic.AtomicReference<>();
    poll.set(
        environment
            .scheduler()
            .scheduleAtFixedRate(
                Duration.ZERO,
                Duration.ofMillis(50),
                () -> {
                  boolean done = !duplicate.isOpen();
                  if (!done
                      && (duplicate.streamCount() == 0
                          || environment.clock().monotonicNanos() - deadline >= 0)) {
                    var unused = duplicate.close();
                    done = true;
                  }
                  Cancellable self = poll.get();
                  if (done && self != null) {
                    self.cancel();
                  }
                }));
  }

  private void unregister(Libp2pConnection connection) {
    if (!connections.remove(connection)) {
      return;
    }
    for (HostListener listener : listeners) {
      try {
        listener.onDisconnected(connection);
      } catch (RuntimeException e) {
        log.warn("listener failed in onDisconnected", e);
      }
    }
  }

  private void pushIdentify() {
    for (Connection connection : connections()) {
      // Peers not identified yet get the push too: their own identify may still be in flight.
      Set<String> known = peerstore.protocols(connection.remotePeer());
      if (known.isEmpty() || known.contains(IdentifyService.PUSH_PROTOCOL_ID)) {
        identify
            .push(connection)
            .exceptionally(
                failure -> {
                  log.debug("identify push to {} failed: {}", connection, failure.getMessage());
                  return null;
                });
      }
    }
  }

  private void closeIdleConnections() {
    long now = environment.clock().monotonicNanos();
    long idleNanos = config.idleTimeout().toNanos();
    for (Connection connection : connections()) {
      Libp2pConnection c = (Libp2pConnection) connection;
      if (c.streamCount() == 0 && now - c.lastActivityNanos() >= idleNanos) {
        log.debug("closing idle connection {}", c);
        var unused = c.close();
      }
    }
  }

  private static List<Multiaddr> expandUnspecified(Multiaddr address) {
    Multiaddr.Component host = address.components().get(0);
    boolean any4 =
        host.protocol() == MultiaddrProtocol.IP4 && host.valueText().orElse("").equals("0.0.0.0");
    boolean any6 =
        host.protocol() == MultiaddrProtocol.IP6 && host.valueText().orElse("").equals("::");
    if (!any4 && !any6) {
      return List.of(address);
    }
    Set<Multiaddr> expanded = new LinkedHashSet<>();
    try {
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nif.isUp()) {
          continue;
        }
        for (InetAddress inet : Collections.list(nif.getInetAddresses())) {
          boolean matches = any4 ? inet instanceof Inet4Address : inet instanceof Inet6Address;
          if (matches && !inet.isLinkLocalAddress()) {
            List<Multiaddr.Component> parts = new ArrayList<>(address.components());
            String text = inet.getHostAddress();
            int zone = text.indexOf('%');
            parts.set(
                0,
                Multiaddr.Component.of(host.protocol(), zone < 0 ? text : text.substring(0, zone)));
            expanded.add(Multiaddr.of(parts));
          }
        }
      }
    } catch (SocketException e) {
      log.debug("cannot list network interfaces", e);
    }
    return expanded.isEmpty() ? List.of(address) : List.copyOf(expanded);
  }

  /** What identify reads from and writes to this host. */
  private final class IdentifyLocal implements IdentifyService.Local {
    @Override
    public PublicKey publicKey() {
      return identity.publicKey();
    }

    @Override
    public String agentVersion() {
      return config.agentVersion();
    }

    @Override
    public List<Multiaddr> listenAddresses() {
      return Host.this.advertisedAddresses();
    }

    @Override
    public Set<String> protocols() {
      return Host.this.protocols();
    }

    @Override
    public Duration addressTtl() {
      return config.addressTtl();
    }

    @Override
    public Optional<SignedPeerRecord> peerRecord() {
      return Host.this.peerRecord();
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
        Set<String> protocols = peerstore.protocols(peer);
        for (HostListener listener : listeners) {
          try {
            listener.onProtocolsChanged(peer, protocols);
          } catch (RuntimeException e) {
            log.warn("listener failed in onProtocolsChanged", e);
          }
        }
      }
    }

    @Override
    public void observed(Connection connection, Multiaddr address) {
      Multiaddr observed = address.withoutPeerId();
      if (listenAddresses.contains(observed)) {
        return; // already advertised
      }
      if (observedAddresses.report(connection.remotePeer(), observed)) {
        log.info(
            "advertising {}: observed by {} peers",
            observed,
            config.observedAddressConfirmations());
        pushIdentify();
      }
    }
  }
}
