package org.pinring.libp2p.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.pubsub.RouterWorld.Node;

/** The router state machine in simulated time: deterministic, no sleeps, no threads. */
class GossipRouterTest {

  private static final String TOPIC = "/pinring/test/heads";

  private static GossipsubConfig defaults() {
    return GossipsubConfig.defaults();
  }

  @Test
  void fiftyPeersSettleMeshDegreesAndDeliverEveryMessageExactlyOnce() {
    RouterWorld world = new RouterWorld(1);
    world.addAll(50, i -> defaults());
    world.connectRandomly(10);
    world.nodes.forEach(n -> n.subscribe(TOPIC));
    world.run(Duration.ofSeconds(10));

    GossipsubConfig config = defaults();
    for (Node node : world.nodes) {
      assertThat(node.router.meshPeers(TOPIC).size())
          .as("mesh of %s", node)
          .isBetween(config.dLo(), config.dHi());
    }
    List<String> published = publishFromEach(world, world.nodes, "round1");
    world.run(Duration.ofSeconds(2));
    assertExactlyOnce(world.nodes, published);
  }

  @Test
  void deliveryContinuesWhenPeersAreKilledMidRun() {
    RouterWorld world = new RouterWorld(2);
    world.addAll(50, i -> defaults());
    world.connectRandomly(8);
    world.nodes.forEach(n -> n.subscribe(TOPIC));
    world.run(Duration.ofSeconds(5));
    List<String> first = publishFromEach(world, world.nodes.subList(0, 10), "before");
    world.run(Duration.ofMillis(20));
    for (int i = 40; i < 45; i++) {
      world.kill(world.nodes.get(i));
    }
    world.run(Duration.ofSeconds(3));
    List<String> second = publishFromEach(world, world.nodes.subList(0, 10), "after");
    world.run(Duration.ofSeconds(3));

    for (Node node : world.alive()) {
      List<String> data = node.deliveries.stream().map(RouterWorld.Delivery::data).toList();
      for (String message : second) {
        if (!message.endsWith("from " + node.index)) {
          assertThat(data).as("%s", node).containsOnlyOnce(message);
        }
      }
      assertThat(data).doesNotHaveDuplicates();
    }
    assertThat(first).hasSize(10);
  }

  @Test
  void gossipRecoversAMessageWithheldFromTheMesh() {
    RouterWorld world = new RouterWorld(3);
    PeerId lurkerId = world.peerIdOf(2);
    // The publisher scores the lurker slightly negative: never in its mesh (score < 0) but above
    // the gossip threshold, so it hears of the publisher's messages only through IHAVE/IWANT.
    GossipsubConfig publisherConfig =
        defaults().toBuilder()
            .floodPublish(false)
            .scoreParams(
                PeerScoreParams.defaults()
                    .withIpColocationFactorWeight(0)
                    .withAppSpecificScore(peer -> peer.equals(lurkerId) ? -0.5 : 0))
            .build();
    Node publisher = world.add(publisherConfig);
    Node meshPeer = world.add(defaults());
    Node lurker = world.add(defaults());
    assertThat(lurker.id).isEqualTo(lurkerId);
    world.connect(publisher, meshPeer);
    world.connect(publisher, lurker);
    world.nodes.forEach(n -> n.subscribe(TOPIC));
    world.run(Duration.ofSeconds(3));
    assertThat(publisher.router.meshPeers(TOPIC)).containsExactly(meshPeer.id);

    publisher.publish(TOPIC, "withheld");
    world.run(Duration.ofMillis(50));
    assertThat(meshPeer.deliveries)
        .extracting(RouterWorld.Delivery::data)
        .containsExactly("withheld");
    assertThat(lurker.deliveries).isEmpty();

    world.run(Duration.ofSeconds(2));
    assertThat(lurker.deliveries)
        .extracting(RouterWorld.Delivery::data)
        .containsExactly("withheld");
    assertThat(lurker.sent).anySatisfy(rpc -> assertThat(rpc.control().iwant()).isNotEmpty());
  }

  @Test
  void aPeerFloodingInvalidMessagesIsGraylistedAndPruned() {
    GossipsubConfig config =
        defaults().toBuilder()
            .scoreParams(
                PeerScoreParams.defaults()
                    .withIpColocationFactorWeight(0)
                    .withTopic(
                        TOPIC,
                        TopicScoreParams.defaults()
                            .withoutMeshDeliveryPenalty()
                            .withInvalidMessageDeliveries(-1, 0.9)))
            .build();
    RouterWorld world = new RouterWorld(4);
    List<Node> honest = world.addAll(8, i -> config);
    Node attacker = world.add(config);
    world.connectRandomly(4);
    for (Node n : honest) {
      world.connect(attacker, n);
    }
    world.nodes.forEach(n -> n.subscribe(TOPIC));
    world.run(Duration.ofSeconds(3));
    Node victim = honest.get(0);
    assertThat(victim.router.meshPeers(TOPIC)).contains(attacker.id);

    for (int i = 0; i < 30; i++) {
      RawMessage forged =
          new RawMessage(
              attacker.id.toBytes(),
              ("forged " + i).getBytes(StandardCharsets.UTF_8),
              new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) i},
              TOPIC,
              new byte[64],
              null);
      world.inject(attacker, victim, Rpc.ofMessages(List.of(forged)));
    }
    // Past the next heartbeat (which prunes) but before the next score decay.
    world.run(Duration.ofMillis(200));

    assertThat(victim.router.score(attacker.id))
        .isLessThan(config.scoreThresholds().graylistThreshold());
    assertThat(victim.router.meshPeers(TOPIC)).doesNotContain(attacker.id);
    assertThat(victim.deliveries).isEmpty();
    assertThat(victim.events)
        .contains(new PubsubEvent.Pruned(attacker.id, TOPIC))
        .anySatisfy(e -> assertThat(e).isInstanceOf(PubsubEvent.MessageRejected.class));

    // Graylisted: even a valid message straight from it is ignored by the victim; honest peers
    // that accepted it may still relay it (the content is valid), so any delivery is via them.
    attacker.publish(TOPIC, "valid but graylisted");
    world.run(Duration.ofMillis(20));
    assertThat(victim.deliveries).noneMatch(d -> d.from().equals(attacker.id));
    // The honest rest of the mesh still delivers.
    honest.get(1).publish(TOPIC, "honest");
    world.run(Duration.ofSeconds(1));
    assertThat(victim.deliveries).extracting(RouterWorld.Delivery::data).contains("honest");
  }

  @Test
  void graftDuringBackoffIsPenalisedAndPrunedAgain() {
    RouterWorld world = new RouterWorld(5);
    Node a = world.add(defaults());
    Node b = world.add(defaults());
    world.connect(a, b);
    a.subscribe(TOPIC);
    b.subscribe(TOPIC);
    world.run(Duration.ofSeconds(2));
    assertThat(a.router.meshPeers(TOPIC)).containsExactly(b.id);

    Rpc.Control prune =
        new Rpc.Control(
            List.of(),
            List.of(),
            List.of(),
            List.of(new Rpc.Prune(TOPIC, List.of(), OptionalLong.of(60))));
    world.inject(b, a, Rpc.ofControl(prune));
    world.run(Duration.ofMillis(10));
    assertThat(a.router.meshPeers(TOPIC)).isEmpty();
    int sentBefore = a.sent.size();
    Rpc.Control graft =
        new Rpc.Control(List.of(), List.of(), List.of(new Rpc.Graft(TOPIC)), List.of());
    world.inject(b, a, Rpc.ofControl(graft));
    world.run(Duration.ofMillis(10));

    assertThat(a.router.meshPeers(TOPIC)).isEmpty();
    assertThat(a.router.score(b.id)).isLessThan(0);
    assertThat(a.sent.subList(sentBefore, a.sent.size()))
        .anySatisfy(rpc -> assertThat(rpc.control().prune()).isNotEmpty());
  }

  @Test
  void validatorVerdictsDecideDeliveryAndForwarding() {
    RouterWorld world = new RouterWorld(6);
    Node source = world.add(defaults());
    Node checker = world.add(defaults());
    Node downstream = world.add(defaults());
    world.connect(source, checker);
    world.connect(checker, downstream);
    world.nodes.forEach(n -> n.subscribe(TOPIC));
    List<CompletableFuture<ValidationResult>> slow = new ArrayList<>();
    checker.router.setValidator(
        TOPIC,
        (from, message) -> {
          String text = new String(message.data(), StandardCharsets.UTF_8);
          if (text.equals("slow")) {
            CompletableFuture<ValidationResult> later = new CompletableFuture<>();
            slow.add(later);
            return later;
          }
          return CompletableFuture.completedFuture(
              text.startsWith("bad")
                  ? ValidationResult.REJECT
                  : text.startsWith("meh") ? ValidationResult.IGNORE : ValidationResult.ACCEPT);
        });
    world.run(Duration.ofSeconds(2));

    for (String text : List.of("good", "bad", "meh", "slow")) {
      source.publish(TOPIC, text);
    }
    world.run(Duration.ofMillis(100));
    assertThat(checker.deliveries).extracting(RouterWorld.Delivery::data).containsExactly("good");
    assertThat(downstream.deliveries)
        .extracting(RouterWorld.Delivery::data)
        .containsExactly("good");

    slow.get(0).complete(ValidationResult.ACCEPT);
    world.run(Duration.ofMillis(100));
    assertThat(downstream.deliveries)
        .extracting(RouterWorld.Delivery::data)
        .containsExactly("good", "slow");
  }

  @Test
  void publishingWithoutJoiningUsesFanoutAndStillDelivers() {
    RouterWorld world = new RouterWorld(7);
    Node outsider = world.add(defaults().toBuilder().floodPublish(false).build());
    List<Node> members = world.addAll(10, i -> defaults());
    for (Node m : members) {
      world.connect(outsider, m);
    }
    world.connectRandomly(3);
    members.forEach(m -> m.subscribe(TOPIC));
    world.run(Duration.ofSeconds(3));

    PublishResult result = outsider.publish(TOPIC, "from outside");
    assertThat(result.recipients()).isEqualTo(defaults().d());
    world.run(Duration.ofSeconds(1));
    for (Node m : members) {
      assertThat(m.deliveries)
          .extracting(RouterWorld.Delivery::data)
          .containsExactly("from outside");
    }
  }

  @Test
  void floodsubPeersReceiveEverythingAndAreHeard() {
    RouterWorld world = new RouterWorld(8);
    Node gossip = world.add(defaults());
    Node flood = world.add(defaults());
    flood.protocol = PubsubProtocol.FLOODSUB;
    world.connect(gossip, flood);
    gossip.subscribe(TOPIC);
    flood.subscribe(TOPIC);
    world.run(Duration.ofSeconds(2));

    assertThat(gossip.router.meshPeers(TOPIC)).isEmpty();
    gossip.publish(TOPIC, "to floodsub");
    flood.publish(TOPIC, "from floodsub");
    world.run(Duration.ofMillis(100));
    assertThat(flood.deliveries)
        .extracting(RouterWorld.Delivery::data)
        .containsExactly("to floodsub");
    assertThat(gossip.deliveries)
        .extracting(RouterWorld.Delivery::data)
        .containsExactly("from floodsub");
  }

  @Test
  void unsubscribingPrunesTheMeshWithTheUnsubscribeBackoff() {
    RouterWorld world = new RouterWorld(9);
    Node a = world.add(defaults());
    Node b = world.add(defaults());
    world.connect(a, b);
    a.subscribe(TOPIC);
    b.subscribe(TOPIC);
    world.run(Duration.ofSeconds(2));
    a.router.unsubscribe(TOPIC);
    world.run(Duration.ofMillis(50));

    assertThat(b.router.meshPeers(TOPIC)).isEmpty();
    assertThat(b.router.topicPeers(TOPIC)).isEmpty();
    Rpc.Prune prune =
        a.sent.stream().flatMap(r -> r.control().prune().stream()).findFirst().orElseThrow();
    assertThat(prune.backoffSeconds()).hasValue(defaults().unsubscribeBackoff().toSeconds());
  }

  @Test
  void v10PeersArePrunedWithoutBackoffAndV11PeersWithIt() {
    RouterWorld world = new RouterWorld(12);
    Node a = world.add(defaults());
    Node old = world.add(defaults());
    old.protocol = PubsubProtocol.MESHSUB_V10;
    Node current = world.add(defaults());
    world.connect(a, old);
    world.connect(a, current);
    world.nodes.forEach(n -> n.subscribe(TOPIC));
    world.run(Duration.ofSeconds(2));
    assertThat(a.router.meshPeers(TOPIC)).containsExactlyInAnyOrder(old.id, current.id);

    a.router.unsubscribe(TOPIC);
    world.run(Duration.ofMillis(50));

    Rpc.Prune toOld = lastPruneReceivedBy(a, old);
    Rpc.Prune toCurrent = lastPruneReceivedBy(a, current);
    assertThat(toOld.backoffSeconds()).isEmpty();
    assertThat(toCurrent.backoffSeconds()).isPresent();
  }

  @Test
  void peerExchangeOnPruneConnectsThePrunedPeerToOthers() {
    GossipsubConfig hub =
        defaults().toBuilder().d(2).dLo(1).dHi(3).dOut(0).dScore(1).dLazy(2).doPx(true).build();
    GossipsubConfig leaf =
        defaults().toBuilder()
            .doPx(true)
            .scoreThresholds(new PeerScoreThresholds(-10, -50, -80, 0, 20))
            .build();
    RouterWorld world = new RouterWorld(13);
    Node center = world.add(hub);
    List<Node> leaves = world.addAll(6, i -> leaf);
    for (Node l : leaves) {
      world.connect(l, center);
    }
    world.nodes.forEach(n -> n.subscribe(TOPIC));
    world.run(Duration.ofSeconds(3));

    List<Rpc.Prune> withExchange =
        center.sent.stream()
            .flatMap(r -> r.control().prune().stream())
            .filter(p -> !p.peers().isEmpty())
            .toList();
    assertThat(withExchange).isNotEmpty();
    assertThat(center.router.meshPeers(TOPIC).size()).isLessThanOrEqualTo(3);
    // Leaves knew only the hub; peer exchange connected some of them to each other.
    assertThat(leaves).anySatisfy(l -> assertThat(l.connected.size()).isGreaterThan(1));
  }

  @Test
  void validationsBeyondTheConcurrencyBoundAreIgnored() {
    RouterWorld world = new RouterWorld(14);
    Node source = world.add(defaults());
    Node checker = world.add(defaults().toBuilder().maxConcurrentValidations(2).build());
    world.connect(source, checker);
    world.nodes.forEach(n -> n.subscribe(TOPIC));
    List<CompletableFuture<ValidationResult>> pending = new ArrayList<>();
    checker.router.setValidator(
        TOPIC,
        (from, message) -> {
          CompletableFuture<ValidationResult> verdict = new CompletableFuture<>();
          pending.add(verdict);
          return verdict;
        });
    world.run(Duration.ofSeconds(1));

    for (int i = 0; i < 5; i++) {
      source.publish(TOPIC, "m" + i);
    }
    world.run(Duration.ofMillis(50));
    assertThat(pending).hasSize(2);
    pending.forEach(v -> v.complete(ValidationResult.ACCEPT));
    world.run(Duration.ofMillis(50));
    assertThat(checker.deliveries)
        .extracting(RouterWorld.Delivery::data)
        .containsExactly("m0", "m1");
  }

  private static Rpc.Prune lastPruneReceivedBy(Node sender, Node receiver) {
    // The world records what each node sent; PRUNEs for one peer are the ones in RPCs sent to it.
    return sender.sentTo.getOrDefault(receiver.id, List.of()).stream()
        .flatMap(r -> r.control().prune().stream())
        .reduce((first, second) -> second)
        .orElseThrow();
  }

  @Test
  void theSameSeedGivesTheSameRun() {
    assertThat(trace(11)).isEqualTo(trace(11));
  }

  private static List<String> trace(long seed) {
    RouterWorld world = new RouterWorld(seed);
    world.addAll(20, i -> defaults());
    world.connectRandomly(5);
    world.nodes.forEach(n -> n.subscribe(TOPIC));
    world.run(Duration.ofSeconds(3));
    publishFromEach(world, world.nodes.subList(0, 5), "x");
    world.run(Duration.ofSeconds(3));
    List<String> trace = new ArrayList<>();
    for (Node n : world.nodes) {
      trace.add(n.index + " " + n.events + " " + n.deliveries);
    }
    return trace;
  }

  private static List<String> publishFromEach(
      RouterWorld world, List<Node> publishers, String tag) {
    List<String> published = new ArrayList<>();
    for (Node n : publishers) {
      String text = tag + " from " + n.index;
      n.publish(TOPIC, text);
      published.add(text);
      world.run(Duration.ofMillis(1));
    }
    return published;
  }

  private static void assertExactlyOnce(List<Node> nodes, List<String> published) {
    for (Node node : nodes) {
      List<String> got = node.deliveries.stream().map(RouterWorld.Delivery::data).toList();
      List<String> expected =
          published.stream().filter(p -> !p.endsWith("from " + node.index)).toList();
      assertThat(got).as("deliveries of %s", node).containsExactlyInAnyOrderElementsOf(expected);
    }
  }
}
