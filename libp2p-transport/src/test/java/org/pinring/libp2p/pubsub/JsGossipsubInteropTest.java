package org.pinring.libp2p.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.testing.JsPeer;
import org.pinring.libp2p.transport.TcpTransport;
import org.pinring.multiformats.Multiaddr;
import org.pinring.testkit.JsHarness;

/**
 * Interop: PinRing's gossipsub and js-libp2p gossipsub (@libp2p/gossipsub 17.1.1 on libp2p 3.3.11)
 * in one mesh over TCP on loopback.
 */
@Tag("interop")
class JsGossipsubInteropTest {

  private static final String TOPIC = "/pinring/interop/heads";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final HexFormat HEX = HexFormat.of();

  private final List<PubsubNode> javaNodes = new ArrayList<>();
  private final List<JsPeer> jsPeers = new ArrayList<>();

  @AfterEach
  void stop() {
    javaNodes.forEach(n -> n.gossipsub.close());
    javaNodes.forEach(PubsubNode::close);
    jsPeers.forEach(JsPeer::close);
  }

  @Test
  void mixedMeshDeliversEveryMessageToEveryPeerExactlyOnceWithTheSameIds() {
    JsHarness js = JsHarness.require();
    for (int i = 0; i < 3; i++) {
      jsPeers.add(JsPeer.startWithGossipsub(js));
      javaNode(GossipsubConfig.defaults());
    }
    for (int i = 0; i < 3; i++) {
      for (JsPeer peer : jsPeers) {
        javaNodes.get(i).host.connect(peer.address()).join();
      }
      javaNodes.get(i).host.connect(javaNodes.get((i + 1) % 3).address).join();
      call(
          jsPeers.get(i),
          JsPeer.command("dial").put("addr", jsPeers.get((i + 1) % 3).address().toString()));
    }
    javaNodes.forEach(n -> n.subscribe(TOPIC));
    jsPeers.forEach(p -> call(p, JsPeer.command("subscribe").put("topic", TOPIC)));
    await(
        () ->
            javaNodes.stream().allMatch(n -> n.gossipsub.meshPeers(TOPIC).join().size() >= 4)
                && jsPeers.stream().allMatch(p -> meshPeers(p).size() >= 4),
        "meshes of every peer hold at least 4 of the 5 others");

    Map<String, PeerId> authors = new java.util.HashMap<>();
    for (int i = 0; i < 3; i++) {
      String fromJava = "java-" + i;
      javaNodes.get(i).gossipsub.publish(TOPIC, fromJava.getBytes(StandardCharsets.UTF_8)).join();
      authors.put(fromJava, javaNodes.get(i).id());
      String fromJs = "js-" + i;
      call(
          jsPeers.get(i),
          JsPeer.command("publish").put("topic", TOPIC).put("dataHex", hexOf(fromJs)));
      authors.put(fromJs, jsPeers.get(i).peerId());
    }

    // Every js peer receives the five messages of others, signed, each once.
    Map<String, String> jsIds = new java.util.HashMap<>();
    for (JsPeer peer : jsPeers) {
      List<String> got = new ArrayList<>();
      for (int n = 0; n < 5; n++) {
        JsonNode message =
            peer.awaitEvent("message", m -> m.get("topic").asText().equals(TOPIC), TIMEOUT);
        String text =
            new String(HEX.parseHex(message.get("dataHex").asText()), StandardCharsets.UTF_8);
        got.add(text);
        assertThat(message.get("signed").asBoolean()).isTrue();
        assertThat(message.get("from").asText()).isEqualTo(authors.get(text).toString());
        jsIds.put(text, message.get("msgIdHex").asText());
      }
      assertThat(got)
          .doesNotHaveDuplicates()
          .hasSize(5)
          .doesNotContain(ownText(peer.peerId(), authors));
    }
    // Every Java peer receives the five messages of others, each once, with the ids js computed.
    for (PubsubNode node : javaNodes) {
      await(() -> node.received.size() >= 5, "five messages at " + node.id());
    }
    LockSupport.parkNanos(Duration.ofMillis(500).toNanos()); // room for a duplicate to show up
    for (PubsubNode node : javaNodes) {
      assertThat(node.data())
          .hasSize(5)
          .doesNotHaveDuplicates()
          .doesNotContain(ownText(node.id(), authors));
      for (PubsubNode.Received r : node.received) {
        assertThat(r.author()).isEqualTo(authors.get(r.data()));
        if (jsIds.containsKey(r.data())) {
          assertThat(r.messageId()).isEqualTo(jsIds.get(r.data()));
        }
      }
    }
  }

  @Test
  void gossipRecoversAMessageWithheldFromTheMeshOfAJsPeer() {
    JsHarness js = JsHarness.require();
    JsPeer lurker = JsPeer.startWithGossipsub(js);
    jsPeers.add(lurker);
    PeerId lurkerId = lurker.peerId();
    // The publisher keeps the js peer out of its mesh (score slightly below 0) but gossips to it
    // (above the gossip threshold), and publishes only to its mesh: the js peer can get the
    // message only by IWANT after our IHAVE.
    PubsubNode publisher =
        javaNode(
            GossipsubConfig.builder()
                .floodPublish(false)
                .scoreParams(
                    PeerScoreParams.defaults()
                        .withAppSpecificScore(p -> p.equals(lurkerId) ? -0.5 : 0))
                .build());
    PubsubNode meshPeer = javaNode(GossipsubConfig.defaults());
    publisher.host.connect(meshPeer.address).join();
    publisher.host.connect(lurker.address()).join();
    publisher.subscribe(TOPIC);
    meshPeer.subscribe(TOPIC);
    call(lurker, JsPeer.command("subscribe").put("topic", TOPIC));
    await(() -> publisher.gossipsub.meshPeers(TOPIC).join().contains(meshPeer.id()), "mesh");
    await(() -> publisher.gossipsub.topicPeers(TOPIC).join().contains(lurkerId), "js subscription");
    assertThat(publisher.gossipsub.meshPeers(TOPIC).join()).doesNotContain(lurkerId);

    publisher.gossipsub.publish(TOPIC, "withheld".getBytes(StandardCharsets.UTF_8)).join();
    JsonNode message = lurker.awaitEvent("message", m -> true, TIMEOUT);

    assertThat(HEX.parseHex(message.get("dataHex").asText()))
        .isEqualTo("withheld".getBytes(StandardCharsets.UTF_8));
    assertThat(message.get("receivedFrom").asText()).isEqualTo(publisher.id().toString());
    assertThat(publisher.gossipsub.meshPeers(TOPIC).join()).doesNotContain(lurkerId);
  }

  @Test
  void aJsPeerGraftedByJavaPeersStaysInTheMeshAcrossHeartbeats() {
    JsHarness js = JsHarness.require();
    JsPeer jsPeer = JsPeer.startWithGossipsub(js);
    jsPeers.add(jsPeer);
    List<PubsubEvent> events = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 3; i++) {
      PubsubNode node = javaNode(GossipsubConfig.defaults());
      node.gossipsub.addEventListener(events::add);
      node.host.connect(jsPeer.address()).join();
    }
    call(jsPeer, JsPeer.command("subscribe").put("topic", TOPIC));
    for (PubsubNode node : javaNodes) {
      node.subscribe(TOPIC);
    }
    await(
        () ->
            javaNodes.stream()
                .allMatch(n -> n.gossipsub.meshPeers(TOPIC).join().contains(jsPeer.peerId())),
        "js peer in every Java mesh");
    long start = System.nanoTime();
    // Ten heartbeats (1 s each, both sides): the js peer must stay, and no PRUNE may occur.
    while (System.nanoTime() - start < Duration.ofSeconds(10).toNanos()) {
      for (PubsubNode node : javaNodes) {
        assertThat(node.gossipsub.meshPeers(TOPIC).join()).contains(jsPeer.peerId());
      }
      LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
    }
    assertThat(events).noneMatch(e -> e instanceof PubsubEvent.Pruned);
    assertThat(meshPeers(jsPeer))
        .containsAll(javaNodes.stream().map(n -> n.id().toString()).toList());
  }

  @Test
  void peerExchangeFromJsBringsSignedRecordsWhoseAddressesWeDial() {
    JsHarness js = JsHarness.require();
    JsPeer hub = JsPeer.startPeerExchangeHub(js);
    jsPeers.add(hub);
    List<PeerId> leaves = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      JsPeer leaf = JsPeer.startWithGossipsub(js);
      jsPeers.add(leaf);
      leaves.add(leaf.peerId());
      // js identify gives the hub each leaf's signed peer record.
      call(leaf, JsPeer.command("dial").put("addr", hub.address().toString()));
      call(leaf, JsPeer.command("subscribe").put("topic", TOPIC));
    }
    call(hub, JsPeer.command("subscribe").put("topic", TOPIC));
    await(() -> meshPeers(hub).size() == 1, "the hub's mesh of one is full");
    PubsubNode node =
        javaNode(
            GossipsubConfig.builder()
                .doPx(true)
                .scoreThresholds(new PeerScoreThresholds(-10, -50, -80, 0, 20))
                .build());
    node.host.connect(hub.address()).join();
    leaves.forEach(leaf -> assertThat(node.host.peerstore().addresses(leaf)).isEmpty());

    // Our GRAFT finds the hub's mesh full: it prunes us with PX, records included.
    node.subscribe(TOPIC);

    await(
        () ->
            leaves.stream()
                .anyMatch(
                    leaf ->
                        node.host.peerstore().peerRecord(leaf).isPresent()
                            && !node.host.connections(leaf).isEmpty()),
        "a js leaf learned from PX and dialled");
    PeerId learned =
        leaves.stream()
            .filter(leaf -> node.host.peerstore().peerRecord(leaf).isPresent())
            .findFirst()
            .orElseThrow();
    assertThat(node.host.peerstore().peerRecord(learned).orElseThrow().record().addresses())
        .isNotEmpty()
        .isSubsetOf(node.host.peerstore().addresses(learned));
  }

  private PubsubNode javaNode(GossipsubConfig config) {
    PubsubNode node =
        new PubsubNode(
            "java-pubsub-" + javaNodes.size(),
            TcpTransport.create(1),
            Multiaddr.parse("/ip4/127.0.0.1/tcp/0"),
            config);
    javaNodes.add(node);
    return node;
  }

  private static String ownText(PeerId self, Map<String, PeerId> authors) {
    return authors.entrySet().stream()
        .filter(e -> e.getValue().equals(self))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse("");
  }

  private static List<String> meshPeers(JsPeer peer) {
    List<String> peers = new ArrayList<>();
    call(peer, JsPeer.command("meshPeers").put("topic", TOPIC))
        .get("peers")
        .forEach(p -> peers.add(p.asText()));
    return peers;
  }

  private static JsonNode call(
      JsPeer peer, com.fasterxml.jackson.databind.node.ObjectNode command) {
    JsonNode result = peer.call(command, TIMEOUT);
    assertThat(result.get("ok").asBoolean()).as("%s: %s", command, result).isTrue();
    return result;
  }

  private static String hexOf(String text) {
    return HEX.formatHex(text.getBytes(StandardCharsets.UTF_8));
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": not within " + TIMEOUT);
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }
}
