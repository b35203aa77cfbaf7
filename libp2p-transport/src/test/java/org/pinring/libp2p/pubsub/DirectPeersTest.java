package org.pinring.libp2p.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.pubsub.RouterWorld.Node;

/** Direct peers (gossipsub v1.1 "Explicit Peering Agreements") in simulated time. */
class DirectPeersTest {

  private static final String TOPIC = "/pinring/test/direct";

  private static GossipsubConfig directTo(PeerId... peers) {
    Map<PeerId, List<org.pinring.multiformats.Multiaddr>> direct = new java.util.HashMap<>();
    for (PeerId peer : peers) {
      direct.put(peer, List.of());
    }
    return GossipsubConfig.defaults().toBuilder()
        .directPeers(direct)
        .directConnectTicks(3)
        .floodPublish(false)
        .build();
  }

  @Test
  void aDirectPeerIsNeverGraftedAndItsGraftIsAnsweredWithPruneWithoutPenalty() {
    RouterWorld world = new RouterWorld(31);
    Node a = world.add(directTo(world.peerIdOf(1)));
    Node b = world.add(GossipsubConfig.defaults()); // one-sided agreement: b grafts a
    world.connect(a, b);
    a.subscribe(TOPIC);
    b.subscribe(TOPIC);

    world.run(Duration.ofSeconds(5));

    assertThat(a.router.meshPeers(TOPIC)).isEmpty();
    assertThat(a.sent.stream().flatMap(r -> r.control().graft().stream())).isEmpty();
    Rpc.Prune prune =
        a.sentTo.get(b.id).stream()
            .flatMap(r -> r.control().prune().stream())
            .findFirst()
            .orElseThrow();
    assertThat(prune.topic()).isEqualTo(TOPIC);
    assertThat(prune.peers()).isEmpty();
    assertThat(b.router.meshPeers(TOPIC)).doesNotContain(a.id);
    assertThat(a.router.score(b.id)).isGreaterThanOrEqualTo(0);
    assertThat(a.events).noneMatch(e -> e instanceof PubsubEvent.Grafted);
  }

  @Test
  void directPeersReceiveEveryMessageOutsideTheMesh() {
    RouterWorld world = new RouterWorld(32);
    PeerId aId = world.peerIdOf(0);
    PeerId bId = world.peerIdOf(1);
    Node a = world.add(directTo(bId));
    Node b = world.add(directTo(aId));
    List<Node> others =
        world.addAll(4, i -> GossipsubConfig.defaults().toBuilder().floodPublish(false).build());
    world.connect(a, b);
    for (Node other : others) {
      world.connect(other, a);
    }
    world.nodes.forEach(n -> n.subscribe(TOPIC));
    world.run(Duration.ofSeconds(3));
    assertThat(b.router.meshPeers(TOPIC)).isEmpty();
    assertThat(a.router.meshPeers(TOPIC)).doesNotContain(bId).isNotEmpty();

    others.get(0).publish(TOPIC, "from the mesh");
    a.publish(TOPIC, "from a");
    b.publish(TOPIC, "from b");
    world.run(Duration.ofMillis(100));

    assertThat(b.deliveries)
        .extracting(RouterWorld.Delivery::data)
        .containsExactlyInAnyOrder("from the mesh", "from a");
    assertThat(others.get(1).deliveries).extracting(RouterWorld.Delivery::data).contains("from b");
  }

  @Test
  void rpcsFromADirectPeerAreAcceptedBelowTheGraylistThreshold() {
    RouterWorld world = new RouterWorld(33);
    PeerId bId = world.peerIdOf(1);
    GossipsubConfig distrustB =
        directTo(bId).toBuilder()
            .scoreParams(
                PeerScoreParams.defaults().withAppSpecificScore(p -> p.equals(bId) ? -1000 : 0))
            .build();
    Node a = world.add(distrustB);
    Node b = world.add(directTo(world.peerIdOf(0)));
    world.connect(a, b);
    a.subscribe(TOPIC);
    b.subscribe(TOPIC);
    world.run(Duration.ofSeconds(2));
    assertThat(a.router.score(bId)).isLessThan(distrustB.scoreThresholds().graylistThreshold());

    b.publish(TOPIC, "still heard");
    world.run(Duration.ofMillis(100));

    assertThat(a.deliveries).extracting(RouterWorld.Delivery::data).containsExactly("still heard");
  }

  @Test
  void directPeersAreConnectedAtStartAndReconnectedEveryDirectConnectTicks() {
    RouterWorld world = new RouterWorld(34);
    Node a = world.add(directTo(world.peerIdOf(1)));
    Node b = world.add(GossipsubConfig.defaults());

    world.run(Duration.ofMillis(900));
    assertThat(a.dialed).isEmpty();
    world.run(Duration.ofMillis(200)); // the initial delay (1 s) has passed
    assertThat(a.dialed).containsExactly(b.id);
    assertThat(a.connected).contains(b.id);

    world.disconnect(a, b);
    assertThat(a.connected).isEmpty();
    // Heartbeats run at 0.1 s, 1.1 s, 2.1 s...: the third, at 2.1 s, is a directConnectTicks one.
    world.run(Duration.ofMillis(900));
    assertThat(a.dialed).hasSize(1);
    world.run(Duration.ofMillis(200));
    assertThat(a.dialed).containsExactly(b.id, b.id);
    assertThat(a.connected).contains(b.id);
    // While connected, the next ticks (5.1 s, 8.1 s, ...) dial nothing.
    world.run(Duration.ofSeconds(10));
    assertThat(a.dialed).hasSize(2);
  }
}
