package org.pinring.libp2p.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.Stream;
import org.pinring.libp2p.StreamReader;
import org.pinring.libp2p.testing.ShapedTransport;
import org.pinring.libp2p.transport.Transport;
import org.pinring.multiformats.Multiaddr;

/**
 * Gossipsub over real hosts, one suite for every transport (STYLE 15): 50 peers in one JVM. Waits
 * poll a condition with a deadline.
 */
abstract class GossipsubHostSuite {

  static final String TOPIC = "/pinring/test/heads";
  static final Duration TIMEOUT = Duration.ofSeconds(90);
  static final int PEERS = 50;

  final List<PubsubNode> nodes = new ArrayList<>();

  abstract Transport newTransport();

  /**
   * The spec defaults, except IP colocation (P6): every peer here shares 127.0.0.1, and more than
   * ten peers on one address would rightly score each other negative and refuse to mesh.
   */
  static GossipsubConfig loopbackConfig() {
    return GossipsubConfig.builder()
        .scoreParams(PeerScoreParams.defaults().withIpColocationFactorWeight(0))
        .build();
  }

  abstract Multiaddr listenAddress();

  @AfterEach
  void closeNodes() {
    nodes.forEach(n -> n.gossipsub.close());
    nodes.parallelStream().forEach(PubsubNode::close);
  }

  PubsubNode start(GossipsubConfig config) {
    PubsubNode node =
        new PubsubNode("pubsub-" + nodes.size(), newTransport(), listenAddress(), config);
    nodes.add(node);
    return node;
  }

  /** Each node dials {@code degree} others picked by a fixed seed; returns when all are up. */
  void connectRandomly(int degree, long seed) {
    Random random = new Random(seed);
    List<java.util.concurrent.CompletableFuture<?>> dials = new ArrayList<>();
    for (PubsubNode node : nodes) {
      for (int i = 0; i < degree; i++) {
        PubsubNode other = nodes.get(random.nextInt(nodes.size()));
        if (other != node) {
          dials.add(node.host.connect(other.address));
        }
      }
    }
    dials.forEach(java.util.concurrent.CompletableFuture::join);
  }

  @Test
  void fiftyPeersSettleTheirMeshesAndDeliverEveryMessageExactlyOnce() {
    GossipsubConfig config = loopbackConfig();
    for (int i = 0; i < PEERS; i++) {
      start(config);
    }
    connectRandomly(5, 1);
    nodes.forEach(n -> n.subscribe(TOPIC));
    await(
        () ->
            nodes.stream()
                .allMatch(
                    n -> {
                      int mesh = n.gossipsub.meshPeers(TOPIC).join().size();
                      return mesh >= config.dLo() && mesh <= config.dHi();
                    }),
        this::describeMeshes);

    List<Published> published = publishFromEach(nodes.subList(0, 10), "m");
    awaitAllReceived(nodes, published);
    // Duplicates would arrive within a few round trips; give them the time to show up.
    awaitQuiet();
    for (PubsubNode node : nodes) {
      assertThat(node.data()).doesNotHaveDuplicates();
    }
  }

  @Test
  void deliveryContinuesWhenAPeerIsKilledMidRun() {
    for (int i = 0; i < PEERS; i++) {
      start(loopbackConfig());
    }
    connectRandomly(5, 2);
    nodes.forEach(n -> n.subscribe(TOPIC));
    awaitMeshesFormed();
    List<PubsubNode> victims = nodes.subList(45, 50);
    for (PubsubNode victim : victims) {
      victim.close();
    }
    List<PubsubNode> alive = new ArrayList<>(nodes.subList(0, 45));
    nodes.removeAll(victims);
    List<Published> published = publishFromEach(alive.subList(0, 5), "after-kill");
    awaitAllReceived(alive, published);
  }

  @Test
  void rpcsLargerThanTheLimitAreRejected() throws Exception {
    GossipsubConfig small =
        GossipsubConfig.builder().rpcLimits(RpcLimits.defaults().withMaxRpcBytes(4096)).build();
    PubsubNode receiver = start(small);
    PubsubNode sender = start(GossipsubConfig.defaults());
    sender.host.connect(receiver.address).join();
    receiver.subscribe(TOPIC);
    sender.subscribe(TOPIC);
    await(() -> sender.gossipsub.meshPeers(TOPIC).join().contains(receiver.id()), "mesh");

    sender.gossipsub.publish(TOPIC, new byte[8192]).join();
    // The oversized RPC resets the stream it came on; RPCs written behind it on that stream are
    // lost too. The sender opens a new stream, and later messages arrive.
    for (int i = 0; !receiver.data().stream().anyMatch(d -> d.startsWith("small")); i++) {
      assertThat(i).as("small messages published before one arrived").isLessThan(300);
      sender.gossipsub.publish(TOPIC, ("small-" + i).getBytes(StandardCharsets.UTF_8)).join();
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
    assertThat(receiver.received).allSatisfy(r -> assertThat(r.data()).hasSizeLessThan(4096));

    // A raw stream announcing a 2 MiB RPC is reset on the length prefix alone.
    Stream raw =
        sender
            .host
            .newStream(receiver.id(), List.of(PubsubProtocol.MESHSUB_V11.id))
            .get(30, TimeUnit.SECONDS);
    AtomicBoolean reset = new AtomicBoolean();
    raw.setReader(
        new StreamReader() {
          @Override
          public void onData(Stream s, java.nio.ByteBuffer data) {}

          @Override
          public void onReset(Stream s) {
            reset.set(true);
          }
        });
    raw.write(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01}).join();
    await(reset::get, "reset of the oversized stream");
  }

  @Test
  void aPeerFloodingInvalidMessagesIsScoredBelowTheGraylistAndPruned() throws Exception {
    GossipsubConfig scored =
        GossipsubConfig.builder()
            .scoreParams(
                PeerScoreParams.defaults()
                    .withIpColocationFactorWeight(0)
                    .withTopic(
                        TOPIC,
                        TopicScoreParams.defaults()
                            .withoutMeshDeliveryPenalty()
                            .withInvalidMessageDeliveries(-1, 0.99)))
            .build();
    PubsubNode victim = start(scored);
    PubsubNode attacker = start(GossipsubConfig.defaults());
    attacker.host.connect(victim.address).join();
    victim.subscribe(TOPIC);
    attacker.subscribe(TOPIC);
    await(() -> victim.gossipsub.meshPeers(TOPIC).join().contains(attacker.id()), "mesh");
    // The attacker's own router stops; a raw stream then floods messages with bad signatures.
    attacker.gossipsub.close();
    Stream raw =
        attacker
            .host
            .newStream(victim.id(), List.of(PubsubProtocol.MESHSUB_V11.id))
            .get(30, TimeUnit.SECONDS);
    List<Rpc.SubOpts> sub = List.of(new Rpc.SubOpts(true, TOPIC));
    raw.write(RpcCodec.encodeFramed(new Rpc(sub, List.of(), Rpc.Control.EMPTY))).join();
    for (int i = 0; i < 40; i++) {
      RawMessage forged =
          new RawMessage(
              attacker.id().toBytes(),
              ("forged " + i).getBytes(StandardCharsets.UTF_8),
              new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) i},
              TOPIC,
              new byte[64],
              null);
      raw.write(RpcCodec.encodeFramed(Rpc.ofMessages(List.of(forged)))).join();
    }
    double graylist = scored.scoreThresholds().graylistThreshold();
    await(() -> victim.gossipsub.score(attacker.id()).join() < graylist, "attacker graylisted");
    await(
        () -> !victim.gossipsub.meshPeers(TOPIC).join().contains(attacker.id()), "attacker pruned");
    assertThat(victim.received).isEmpty();
  }

  @Test
  void pruneWithPeerExchangePassesOnTheRecordsIdentifyCertified() {
    // The hub meshes with one peer at most and offers the others when it prunes.
    GossipsubConfig hubConfig =
        loopbackConfig().toBuilder().d(1).dLo(1).dHi(1).dOut(0).dScore(1).doPx(true).build();
    // Leaves follow PX from any peer with a non-negative score.
    GossipsubConfig leafConfig =
        loopbackConfig().toBuilder()
            .doPx(true)
            .scoreThresholds(new PeerScoreThresholds(-10, -50, -80, 0, 20))
            .build();
    PubsubNode hub = start(hubConfig);
    // The leaves' own dials fail, so they never connect to each other: a record one holds of the
    // other can only have come in the hub's PRUNE, not from their own identify.
    List<PubsubNode> leaves = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Transport noDials = new ShapedTransport(newTransport()).refuseDials();
      PubsubNode leaf = new PubsubNode("leaf-" + i, noDials, listenAddress(), leafConfig);
      nodes.add(leaf);
      leaves.add(leaf);
      leaf.subscribe(TOPIC);
    }
    PubsubNode first = leaves.get(0);
    PubsubNode second = leaves.get(1);
    List<PeerId> prunedByHub = new CopyOnWriteArrayList<>();
    hub.gossipsub.addEventListener(
        event -> {
          if (event instanceof PubsubEvent.Pruned pruned) {
            prunedByHub.add(pruned.peer());
          }
        });
    for (PubsubNode leaf : leaves) {
      hub.host.connect(leaf.address).join();
      // The hub learns each leaf's record through identify only.
      await(() -> hub.host.peerstore().peerRecord(leaf.id()).isPresent(), "hub identified leaf");
      assertThat(hub.host.peerstore().peerRecord(leaf.id())).isEqualTo(leaf.host.peerRecord());
    }
    assertThat(first.host.peerstore().peerRecord(second.id())).isEmpty();
    assertThat(second.host.peerstore().peerRecord(first.id())).isEmpty();

    hub.subscribe(TOPIC);

    await(() -> !prunedByHub.isEmpty(), "hub prunes a leaf from its mesh of one");
    PubsubNode pruned = prunedByHub.get(0).equals(first.id()) ? first : second;
    PubsubNode offered = pruned == first ? second : first;
    await(
        () -> pruned.host.peerstore().peerRecord(offered.id()).isPresent(),
        "the pruned leaf receives the other leaf's record");
    assertThat(pruned.host.peerstore().peerRecord(offered.id()))
        .isEqualTo(offered.host.peerRecord());
    assertThat(pruned.host.peerstore().certifiedAddresses(offered.id()))
        .containsExactlyInAnyOrderElementsOf(offered.host.advertisedAddresses());
    assertThat(pruned.host.connections(offered.id())).isEmpty();
  }

  /** A message and who published it (publishers do not deliver their own messages). */
  record Published(String data, org.pinring.libp2p.PeerId publisher) {}

  List<Published> publishFromEach(List<PubsubNode> publishers, String tag) {
    List<Published> published = new ArrayList<>();
    for (int i = 0; i < publishers.size(); i++) {
      String text = tag + "-" + i;
      publishers.get(i).gossipsub.publish(TOPIC, text.getBytes(StandardCharsets.UTF_8)).join();
      published.add(new Published(text, publishers.get(i).id()));
    }
    return published;
  }

  /** For failure messages: mesh / topic peers / connections of every node. */
  String describeMeshes() {
    StringBuilder b = new StringBuilder("meshes within [D_lo, D_hi]; mesh/topic/connections:");
    for (PubsubNode n : nodes) {
      b.append(' ')
          .append(n.gossipsub.meshPeers(TOPIC).join().size())
          .append('/')
          .append(n.gossipsub.topicPeers(TOPIC).join().size())
          .append('/')
          .append(n.host.connections().size());
    }
    return b.toString();
  }

  void awaitMeshesFormed() {
    GossipsubConfig config = GossipsubConfig.defaults();
    await(
        () ->
            nodes.stream()
                .allMatch(n -> n.gossipsub.meshPeers(TOPIC).join().size() >= config.dLo()),
        "meshes formed");
  }

  static void awaitAllReceived(List<PubsubNode> receivers, List<Published> published) {
    await(
        () ->
            receivers.stream()
                .allMatch(
                    r ->
                        published.stream()
                            .allMatch(
                                p -> p.publisher().equals(r.id()) || r.data().contains(p.data()))),
        "every message at every subscriber");
  }

  void awaitQuiet() {
    long until = System.nanoTime() + Duration.ofMillis(500).toNanos();
    while (System.nanoTime() < until) {
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }

  static void await(BooleanSupplier condition, String what) {
    await(condition, () -> what);
  }

  static void await(BooleanSupplier condition, java.util.function.Supplier<String> what) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what.get() + ": not within " + TIMEOUT);
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }
}
