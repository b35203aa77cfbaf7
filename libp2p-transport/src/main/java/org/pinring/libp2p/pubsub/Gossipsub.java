package org.pinring.libp2p.pubsub;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.pinring.libp2p.Connection;
import org.pinring.libp2p.Host;
import org.pinring.libp2p.HostListener;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.Stream;
import org.pinring.libp2p.StreamReader;
import org.pinring.libp2p.crypto.PrivateKey;
import org.pinring.libp2p.record.SignedPeerRecord;
import org.pinring.multiformats.MultiaddrProtocol;
import org.pinring.runtime.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gossipsub v1.1 on a {@link Host}: the entry point of the pubsub package. Serves {@code
 * /meshsub/1.1.0} and {@code /meshsub/1.0.0}, and receives from (and forwards to) {@code
 * /floodsub/1.0.0} peers. Opens one outbound pubsub stream per connected peer that speaks one of
 * them; RPCs are decoded on the connection's thread and handed to the router on the environment's
 * scheduler, where all routing, validation and delivery happen.
 *
 * <p>Thread-safe: methods may be called from any thread and return futures completed on the
 * scheduler. Handlers, validators and event listeners run on the scheduler and must not block.
 */
public final class Gossipsub implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Gossipsub.class);

  /**
   * How long addresses from signed records received through peer exchange stay in the peerstore:
   * long enough to dial them, as go-libp2p's temporary address TTL (2 minutes).
   */
  static final Duration PX_ADDRESS_TTL = Duration.ofMinutes(2);

  /** Addresses of configured direct peers never expire. */
  private static final Duration DIRECT_PEER_ADDRESS_TTL = Duration.ofNanos(Long.MAX_VALUE);

  /** Inbound RPCs queued for the router per stream before reading pauses. */
  private static final int MAX_PENDING_INBOUND_RPCS = 256;

  private final Host host;
  private final GossipsubConfig config;
  private final Environment env;
  private final GossipRouter router;
  private final Map<PeerId, PeerLink> links = new HashMap<>();
  private final List<Consumer<PubsubEvent>> listeners = new CopyOnWriteArrayList<>();
  private final HostListener hostListener;
  private final Set<Stream> inboundStreams = ConcurrentHashMap.newKeySet();
  private Rpc lastEncoded;
  private byte[] lastFrame;
  private volatile boolean closed;

  private Gossipsub(Host host, PrivateKey identity, GossipsubConfig config, Environment env) {
    this.host = host;
    this.config = config;
    this.env = env;
    this.router = new GossipRouter(identity, config, env, new Output());
    this.hostListener =
        new HostListener() {
          @Override
          public void onConnected(Connection connection) {
            env.scheduler().execute(() -> ensureLink(connection));
          }

          @Override
          public void onDisconnected(Connection connection) {
            env.scheduler().execute(() -> connectionClosed(connection));
          }
        };
  }

  /**
   * Starts gossipsub on {@code host}, whose identity is {@code identity} (used to sign messages).
   *
   * @throws IllegalArgumentException if {@code identity} is not the host's key
   */
  public static Gossipsub start(
      Host host, PrivateKey identity, GossipsubConfig config, Environment env) {
    if (!PeerId.fromPublicKey(identity.publicKey()).equals(host.peerId())) {
      throw new IllegalArgumentException("identity is not the host's key");
    }
    Gossipsub gossipsub = new Gossipsub(host, identity, config, env);
    // Direct peers are dialled from their configured addresses for as long as we run.
    config
        .directPeers()
        .forEach(
            (peer, addresses) ->
                host.peerstore().addAddresses(peer, addresses, DIRECT_PEER_ADDRESS_TTL));
    for (String protocol : PubsubProtocol.IDS) {
      host.setStreamHandler(protocol, gossipsub::inboundStream);
    }
    host.addListener(gossipsub.hostListener);
    env.scheduler()
        .execute(
            () -> {
              gossipsub.router.start();
              host.connections().forEach(gossipsub::ensureLink);
            });
    return gossipsub;
  }

  public PeerId peerId() {
    return host.peerId();
  }

  /** Joins {@code topic}; accepted messages go to {@code handler}. Replaces a previous handler. */
  public CompletableFuture<Void> subscribe(String topic, MessageHandler handler) {
    return call(
        () -> {
          router.subscribe(topic, handler);
          return null;
        });
  }

  public CompletableFuture<Void> unsubscribe(String topic) {
    return call(
        () -> {
          router.unsubscribe(topic);
          return null;
        });
  }

  /**
   * Signs (per the topic's policy) and sends {@code data} to the topic's peers; {@code data} is
   * copied. Fails with {@link IllegalStateException} if the same message id was seen recently.
   */
  public CompletableFuture<PublishResult> publish(String topic, byte[] data) {
    byte[] copy = data.clone();
    return call(() -> router.publish(topic, copy));
  }

  /** Sets (or with null removes) the validator of {@code topic}. */
  public CompletableFuture<Void> setValidator(String topic, TopicValidator validator) {
    return call(
        () -> {
          router.setValidator(topic, validator);
          return null;
        });
  }

  /** Peers known to be subscribed to {@code topic}. */
  public CompletableFuture<Set<PeerId>> topicPeers(String topic) {
    return call(() -> router.topicPeers(topic));
  }

  /** Peers in our mesh of {@code topic}. */
  public CompletableFuture<Set<PeerId>> meshPeers(String topic) {
    return call(() -> router.meshPeers(topic));
  }

  /** The current score of {@code peer}. */
  public CompletableFuture<Double> score(PeerId peer) {
    return call(() -> router.score(peer));
  }

  /** Adds a listener of router events (graft, prune, score changes, rejections). */
  public void addEventListener(Consumer<PubsubEvent> listener) {
    listeners.add(listener);
  }

  public GossipsubConfig config() {
    return config;
  }

  /** Stops the router and closes all pubsub streams; the host keeps running. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    host.removeListener(hostListener);
    for (String protocol : PubsubProtocol.IDS) {
      host.removeStreamHandler(protocol);
    }
    inboundStreams.forEach(Stream::reset);
    call(() -> {
          router.stop();
          links.values().forEach(PeerLink::close);
          links.clear();
          return null;
        })
        .exceptionally(e -> null);
  }

  private <T> CompletableFuture<T> call(Supplier<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    env.scheduler()
        .execute(
            () -> {
              try {
                result.complete(work.get());
              } catch (RuntimeException e) {
                result.completeExceptionally(e);
              }
            });
    return result;
  }

  // ---- streams (connection threads hop onto the scheduler) ----

  private void ensureLink(Connection connection) {
    PeerId peer = connection.remotePeer();
    if (closed || !connection.isOpen() || links.containsKey(peer)) {
      return;
    }
    PeerLink link = new PeerLink(peer, connection, config.maxQueuedBytesPerPeer(), env.scheduler());
    links.put(peer, link);
    var unused =
        connection
            .newStream(PubsubProtocol.IDS)
            .whenComplete(
                (stream, error) ->
                    env.scheduler().execute(() -> outboundNegotiated(link, stream, error)));
  }

  private void outboundNegotiated(PeerLink link, Stream stream, Throwable error) {
    if (links.get(link.peer) != link) {
      if (stream != null) {
        stream.reset();
      }
      return;
    }
    if (error != null) {
      // The peer speaks no pubsub protocol we know (or refused): we cannot send to it. If it
      // writes to us on a stream of its own, we still read it.
      log.debug("no pubsub stream to {}: {}", link.peer, error.toString());
      links.remove(link.peer);
      return;
    }
    stream.setReader(
        new StreamReader() {
          @Override
          public void onData(Stream s, ByteBuffer data) {
            // Peers do not write on the stream we opened; ignore anything they send.
          }

          @Override
          public void onReset(Stream s) {
            env.scheduler().execute(() -> outboundLost(link));
          }
        });
    router.addPeer(
        link.peer,
        PubsubProtocol.of(stream.protocol()),
        link.connection.isOutbound(),
        ips(link.connection));
    link.opened(stream);
  }

  /**
   * Our stream to a peer was reset (e.g. it refused an RPC) while the connection lives on: open a
   * new one. The router keeps the peer and its subscriptions, which the peer still holds too.
   */
  private void outboundLost(PeerLink link) {
    if (links.get(link.peer) != link) {
      return;
    }
    links.remove(link.peer);
    link.close();
    if (link.connection.isOpen()) {
      ensureLink(link.connection);
    }
  }

  private void connectionClosed(Connection connection) {
    PeerId peer = connection.remotePeer();
    PeerLink link = links.get(peer);
    if (link != null && link.connection == connection) {
      links.remove(peer);
      link.close();
    }
    List<Connection> open = host.connections(peer).stream().filter(Connection::isOpen).toList();
    if (open.isEmpty()) {
      links.remove(peer);
      router.removePeer(peer);
    } else if (!links.containsKey(peer)) {
      ensureLink(open.get(0));
    }
  }

  private void inboundStream(Stream stream) {
    if (closed) {
      stream.reset();
      return;
    }
    inboundStreams.add(stream);
    var unused = stream.closeFuture().whenComplete((ok, e) -> inboundStreams.remove(stream));
    PeerId peer = stream.connection().remotePeer();
    PubsubProtocol protocol = PubsubProtocol.of(stream.protocol());
    env.scheduler()
        .execute(
            () -> {
              ensureLink(stream.connection());
              router.addPeer(
                  peer, protocol, stream.connection().isOutbound(), ips(stream.connection()));
            });
    stream.setReader(new InboundReader(peer));
  }

  private static List<String> ips(Connection connection) {
    return connection
        .remoteAddress()
        .valueOf(MultiaddrProtocol.IP4)
        .or(() -> connection.remoteAddress().valueOf(MultiaddrProtocol.IP6))
        .map(List::of)
        .orElse(List.of());
  }

  /** Decodes a peer's inbound stream on its connection thread; routing happens on the scheduler. */
  private final class InboundReader implements StreamReader {
    private final PeerId peer;
    private final RpcFrameDecoder decoder;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean paused = new AtomicBoolean();

    InboundReader(PeerId peer) {
      this.peer = peer;
      this.decoder = new RpcFrameDecoder(config.rpcLimits().maxRpcBytes());
    }

    @Override
    public void onEnd(Stream stream) {
      // The peer closed its pubsub stream; we never write on it, so close our side too.
      stream.closeWrite();
    }

    @Override
    public void onData(Stream stream, ByteBuffer data) {
      try {
        decoder.feed(data, body -> dispatch(stream, RpcCodec.decode(body, config.rpcLimits())));
      } catch (InvalidRpcException e) {
        log.debug("bad RPC from {}: {}; resetting its stream", peer, e.getMessage());
        stream.reset();
      }
    }

    private void dispatch(Stream stream, Rpc rpc) {
      if (pending.incrementAndGet() > MAX_PENDING_INBOUND_RPCS
          && paused.compareAndSet(false, true)) {
        stream.pauseReading();
      }
      env.scheduler()
          .execute(
              () -> {
                int left = pending.decrementAndGet();
                router.handleRpc(peer, rpc);
                if (left <= MAX_PENDING_INBOUND_RPCS / 2 && paused.compareAndSet(true, false)) {
                  stream.resumeReading();
                }
              });
    }
  }

  /** Router effects: frames to peer links, events to listeners, dials and records to the host. */
  private final class Output implements RouterOutput {
    // Identity, not equality: the cache exists because the router reuses the same instance.
    @SuppressWarnings("ReferenceEquality")
    @Override
    public void send(PeerId peer, Rpc rpc) {
      PeerLink link = links.get(peer);
      if (link == null) {
        return;
      }
      // The router sends one Rpc instance to many peers in a row: encode it once.
      if (rpc != lastEncoded) {
        lastEncoded = rpc;
        lastFrame = RpcCodec.encodeFramed(rpc);
      }
      link.write(lastFrame);
    }

    @Override
    public void event(PubsubEvent event) {
      for (Consumer<PubsubEvent> listener : listeners) {
        try {
          listener.accept(event);
        } catch (RuntimeException e) {
          log.warn("pubsub event listener threw", e);
        }
      }
    }

    @Override
    public void connect(PeerId peer) {
      var unused =
          host.connect(peer)
              .whenComplete(
                  (c, e) -> {
                    if (e != null) {
                      log.debug("cannot reach {}: {}", peer, e.toString());
                    }
                  });
    }

    @Override
    public Optional<SignedPeerRecord> peerRecord(PeerId peer) {
      return host.peerstore().peerRecord(peer);
    }

    @Override
    public void peerRecordReceived(SignedPeerRecord record) {
      host.peerstore().consumePeerRecord(record, PX_ADDRESS_TTL);
    }
  }
}
