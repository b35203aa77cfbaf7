package org.pinring.libp2p;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.pinring.libp2p.crypto.PrivateKey;
import org.pinring.libp2p.crypto.PublicKey;
import org.pinring.libp2p.internal.host.ConnectionManager;
import org.pinring.libp2p.internal.host.Libp2pConnection;
import org.pinring.libp2p.internal.host.ObservedAddresses;
import org.pinring.libp2p.internal.host.UpgradeContext;
import org.pinring.libp2p.internal.noise.AeadFactory;
import org.pinring.libp2p.internal.noise.X25519KeyPair;
import org.pinring.libp2p.internal.protocol.IdentifyService;
import org.pinring.libp2p.internal.protocol.PerfService;
import org.pinring.libp2p.internal.protocol.PingService;
import org.pinring.libp2p.internal.protocol.SelfPeerRecord;
import org.pinring.libp2p.internal.yamux.YamuxConfig;
import org.pinring.libp2p.record.SignedPeerRecord;
import org.pinring.libp2p.transport.Transport;
import org.pinring.libp2p.transport.TransportListener;
import org.pinring.multiformats.Multiaddr;
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
 * HostConfig#observedAddressConfirmations()} observers in distinct address groups (IPv4 /16, IPv6
 * /56) reported the same one; they are added to the listen addresses identify sends, and pushed to
 * connected peers when first confirmed.
 *
 * <p>Identify and identify push carry this node's signed peer record ({@link #peerRecord}) of the
 * advertised addresses, and a peer's own record received in identify goes into the {@link
 * #peerstore()}, whose certified addresses then replace those the peer listed unsigned.
 */
public final class Host implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Host.class);

  /** How often a graceful shutdown checks whether the streams have finished. */
  private static final Duration SHUTDOWN_CHECK_PERIOD = Duration.ofMillis(20);

  private final PrivateKey identity;
  private final PeerId peerId;
  private final HostConfig config;
  private final Environment environment;
  private final Transports transports;
  private final Peerstore peerstore;
  private final Map<String, StreamHandler> handlers = new ConcurrentHashMap<>();
  private final HostListeners listeners = new HostListeners();
  private final List<TransportListener> transportListeners = new CopyOnWriteArrayList<>();
  private final ListenAddresses addresses;
  private final ConnectionManager connections;
  private final ConnectionRegistry registry;
  private final InboundAdmission admission;
  private final InboundAcceptor acceptor;
  private final Dialer dialer;
  private final UpgradeContext upgradeContext;
  private final HostIdentify identify;
  private final SelfPeerRecord selfRecord;
  private final Cancellable idleCheck;
  private volatile boolean closing;

  private Host(
      PrivateKey identity, HostConfig config, Environment environment, List<Transport> transports) {
    this.identity = identity;
    this.peerId = PeerId.fromPublicKey(identity.publicKey());
    this.config = config;
    this.environment = environment;
    this.transports = new Transports(transports);
    this.peerstore = new Peerstore(environment.clock());
    this.connections = new ConnectionManager(peerId);
    this.addresses =
        new ListenAddresses(
            new ObservedAddresses(
                environment.clock(),
                config.observedAddressConfirmations(),
                config.observedAddressTtl()));
    this.upgradeContext =
        new UpgradeContext(
            environment,
            identity,
            X25519KeyPair.generate(environment.random()),
            AeadFactory.best(),
            yamuxConfig(config),
            config.handshakeTimeout(),
            config.negotiationTimeout(),
            handlers::containsKey,
            handlers::get,
            config.keepAliveInterval(),
            config.keepAliveTimeout(),
            connections::usable);
    this.selfRecord = new SelfPeerRecord(identity, environment.clock());
    this.identify =
        new HostIdentify(
            identity.publicKey(),
            config,
            peerstore,
            listeners,
            addresses,
            this::protocols,
            this::peerRecord,
            connections::all);
    this.registry =
        new ConnectionRegistry(
            config,
            environment,
            connections,
            peerstore,
            listeners,
            () -> closing,
            identify::identify);
    this.admission =
        new InboundAdmission(
            config.maxConnections(),
            config.maxPendingInbound(),
            connections::liveCount,
            () -> closing);
    this.acceptor =
        new InboundAcceptor(admission, upgradeContext, registry, config.maxConnections());
    this.dialer =
        new Dialer(
            peerId,
            config,
            this.transports,
            peerstore,
            connections,
            registry,
            upgradeContext,
            () -> closing);
    handlers.put(IdentifyService.PROTOCOL_ID, identify.service().identifyHandler());
    handlers.put(IdentifyService.PUSH_PROTOCOL_ID, identify.service().pushHandler());
    handlers.put(PingService.PROTOCOL_ID, PingService.handler());
    if (config.perfServer()) {
      handlers.put(PerfService.PROTOCOL_ID, PerfService.handler());
    }
    Duration idlePeriod = config.idleTimeout().dividedBy(2);
    this.idleCheck =
        environment.scheduler().scheduleAtFixedRate(idlePeriod, idlePeriod, registry::closeIdle);
  }

  private static YamuxConfig yamuxConfig(HostConfig config) {
    YamuxConfig defaults = YamuxConfig.defaults();
    return new YamuxConfig(
        defaults.initialWindowBytes(),
        defaults.maxWindowBytes(),
        config.maxStreamsPerConnection(),
        defaults.maxFramePayloadBytes(),
        defaults.maxPendingWriteBytes(),
        defaults.maxBufferedInboundBytes());
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
      Transport transport = transports.forAddress(address);
      started.add(
          transport.listen(
              address,
              raw -> {
                var unused = acceptor.accept(raw);
              }));
    }
    return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
        .thenApply(
            ignored -> {
              List<Multiaddr> bound = new ArrayList<>();
              for (CompletableFuture<TransportListener> future : started) {
                TransportListener listener = future.join();
                transportListeners.add(listener);
                bound.addAll(ListenAddresses.expandUnspecified(listener.address()));
              }
              this.addresses.addListening(bound);
              // Connected peers learn the new addresses (and a record with a larger seq) now.
              identify.pushToAll();
              return List.copyOf(bound);
            });
  }

  /** The addresses this node listens on (without {@code /p2p}). */
  public List<Multiaddr> listenAddresses() {
    return addresses.listening();
  }

  /**
   * Addresses of this node as peers reported seeing them (identify), confirmed or not, without
   * {@code /p2p}.
   */
  public Set<Multiaddr> observedAddresses() {
    return addresses.observed();
  }

  /**
   * Observed addresses reported by observers in at least {@link
   * HostConfig#observedAddressConfirmations()} distinct address groups: this node advertises them.
   */
  public List<Multiaddr> confirmedObservedAddresses() {
    return addresses.confirmedObserved();
  }

  /** The addresses identify advertises: the listen addresses, then confirmed observed ones. */
  public List<Multiaddr> advertisedAddresses() {
    return addresses.advertised();
  }

  /**
   * Inbound connections accepted and still in their security or muxer handshake (at most {@link
   * HostConfig#maxPendingInbound()}).
   */
  public int pendingInboundCount() {
    return admission.pendingCount();
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
    identify.pushToAll();
  }

  /** Removes the handler of {@code protocol}, and tells connected peers. */
  public void removeStreamHandler(String protocol) {
    if (handlers.remove(protocol) != null) {
      identify.pushToAll();
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
    return dialer.connect(address);
  }

  /** Connects to {@code peer} using its addresses in the peerstore, trying each in turn. */
  public CompletableFuture<Connection> connect(PeerId peer) {
    return dialer.connect(peer);
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
    for (Libp2pConnection connection : connections.all()) {
      connection.goAway();
    }
    long deadline = environment.clock().monotonicNanos() + config.shutdownDrainTimeout().toNanos();
    return Poll.until(
            environment.scheduler(),
            SHUTDOWN_CHECK_PERIOD,
            SHUTDOWN_CHECK_PERIOD,
            () ->
                connections.all().stream().allMatch(c -> c.streamCount() == 0)
                    || environment.clock().monotonicNanos() - deadline >= 0)
        .thenCompose(
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
      shutdown().get(config.shutdownDrainTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      log.warn("graceful shutdown did not complete: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      transports.closeAll();
    }
  }
}
