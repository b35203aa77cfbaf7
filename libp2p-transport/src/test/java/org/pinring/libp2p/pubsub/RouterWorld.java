package org.pinring.libp2p.pubsub;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.Peerstore;
import org.pinring.libp2p.crypto.Ed25519PrivateKey;
import org.pinring.libp2p.record.PeerRecord;
import org.pinring.libp2p.record.SignedPeerRecord;
import org.pinring.multiformats.Multiaddr;
import org.pinring.runtime.Simulation;

/**
 * Routers wired to each other in simulated time: every RPC is encoded, carried with a fixed latency
 * and decoded, so the wire format is exercised too. A world is a function of its seed.
 */
final class RouterWorld {

  static final Duration LATENCY = Duration.ofMillis(5);

  final Simulation simulation;
  final List<Node> nodes = new ArrayList<>();
  private final Map<PeerId, Node> byId = new HashMap<>();

  RouterWorld(long seed) {
    this.simulation = new Simulation(seed);
  }

  /** A received message as a handler saw it. */
  record Delivery(String topic, String data, PeerId from) {}

  final class Node implements RouterOutput {
    final int index;
    final PeerId id;
    final GossipRouter router;
    final List<Delivery> deliveries = new ArrayList<>();
    final List<PubsubEvent> events = new ArrayList<>();
    final Set<PeerId> connected = new HashSet<>();
    final List<Rpc> sent = new ArrayList<>();
    final Map<PeerId, List<Rpc>> sentTo = new HashMap<>();
    final Peerstore peerstore = new Peerstore(simulation.time());
    final List<PeerId> dialed = new ArrayList<>();
    PubsubProtocol protocol = PubsubProtocol.MESHSUB_V11;
    boolean alive = true;

    /** When set, the node dials only peers whose addresses its peerstore holds. */
    boolean dialNeedsAddress;

    Node(int index, GossipsubConfig config) {
      this.index = index;
      Ed25519PrivateKey key = keyOf(index);
      this.id = PeerId.fromPublicKey(key.publicKey());
      this.router = new GossipRouter(key, config, simulation.environment("node-" + index), this);
    }

    void subscribe(String topic) {
      router.subscribe(
          topic,
          (message, messageId, from) ->
              deliveries.add(
                  new Delivery(
                      message.topic(),
                      new String(message.data(), java.nio.charset.StandardCharsets.UTF_8),
                      from)));
    }

    PublishResult publish(String topic, String data) {
      return router.publish(topic, data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void send(PeerId peer, Rpc rpc) {
      if (!alive) {
        return;
      }
      sent.add(rpc);
      sentTo.computeIfAbsent(peer, p -> new ArrayList<>()).add(rpc);
      Node target = byId.get(peer);
      byte[] bytes = RpcCodec.encode(rpc);
      simulation
          .time()
          .schedule(
              LATENCY,
              () -> {
                if (target != null && target.alive && alive && target.connected.contains(id)) {
                  target.router.handleRpc(id, RpcCodec.decode(bytes, RpcLimits.defaults()));
                }
              });
    }

    @Override
    public void event(PubsubEvent event) {
      events.add(event);
    }

    @Override
    public void connect(PeerId peer) {
      dialed.add(peer);
      if (dialNeedsAddress && peerstore.addresses(peer).isEmpty()) {
        return;
      }
      Node other = byId.get(peer);
      if (other != null && other.alive) {
        RouterWorld.this.connect(this, other);
      }
    }

    @Override
    public Optional<SignedPeerRecord> peerRecord(PeerId peer) {
      return peerstore.peerRecord(peer);
    }

    @Override
    public void peerRecordReceived(SignedPeerRecord record) {
      peerstore.consumePeerRecord(record, Duration.ofMinutes(2));
    }

    /** This node's signed record with one made-up address, sealed with its key. */
    SignedPeerRecord signedRecord(long seq) {
      return SignedPeerRecord.seal(
          keyOf(index),
          new PeerRecord(id, seq, List.of(Multiaddr.parse("/ip4/10.0.0." + index + "/tcp/4001"))));
    }

    @Override
    public String toString() {
      return "node-" + index;
    }
  }

  private Ed25519PrivateKey keyOf(int index) {
    return Ed25519PrivateKey.fromSeed(
        ByteBuffer.allocate(32).putLong(simulation.seed()).putInt(index).array());
  }

  /** The peer id the node with {@code index} will have. */
  PeerId peerIdOf(int index) {
    return PeerId.fromPublicKey(keyOf(index).publicKey());
  }

  Node add(GossipsubConfig config) {
    Node node = new Node(nodes.size(), config);
    nodes.add(node);
    byId.put(node.id, node);
    node.router.start();
    return node;
  }

  List<Node> addAll(int count, Function<Integer, GossipsubConfig> config) {
    List<Node> added = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      added.add(add(config.apply(i)));
    }
    return added;
  }

  /** {@code dialer} connects to {@code listener} (outbound for the dialer). */
  void connect(Node dialer, Node listener) {
    if (dialer == listener || dialer.connected.contains(listener.id)) {
      return;
    }
    dialer.connected.add(listener.id);
    listener.connected.add(dialer.id);
    dialer.router.addPeer(
        listener.id, listener.protocol, true, List.of("10.0.0." + listener.index));
    listener.router.addPeer(dialer.id, dialer.protocol, false, List.of("10.0.0." + dialer.index));
  }

  /** Connects each node to {@code degree} others chosen by the world's seed. */
  void connectRandomly(int degree) {
    var random = simulation.environment("topology").random();
    for (Node node : nodes) {
      List<Node> others = new ArrayList<>(nodes);
      others.remove(node);
      random.shuffle(others);
      for (Node other : others.subList(0, degree)) {
        connect(node, other);
      }
    }
  }

  /** Closes the connection between {@code a} and {@code b}; both stay alive. */
  void disconnect(Node a, Node b) {
    a.connected.remove(b.id);
    b.connected.remove(a.id);
    a.router.removePeer(b.id);
    b.router.removePeer(a.id);
  }

  void kill(Node node) {
    node.alive = false;
    node.router.stop();
    for (PeerId peer : node.connected) {
      Node other = byId.get(peer);
      other.connected.remove(node.id);
      other.router.removePeer(node.id);
    }
    node.connected.clear();
  }

  /** Injects an RPC as if {@code from} had sent it to {@code to}. */
  void inject(Node from, Node to, Rpc rpc) {
    byte[] bytes = RpcCodec.encode(rpc);
    simulation
        .time()
        .schedule(
            LATENCY,
            () -> to.router.handleRpc(from.id, RpcCodec.decode(bytes, RpcLimits.defaults())));
  }

  void run(Duration duration) {
    simulation.time().advanceBy(duration);
  }

  List<Node> alive() {
    return nodes.stream().filter(n -> n.alive).toList();
  }
}
