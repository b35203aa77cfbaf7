package org.pinring.libp2p.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.crypto.Ed25519PrivateKey;
import org.pinring.libp2p.pubsub.RouterWorld.Node;
import org.pinring.libp2p.record.PeerRecord;
import org.pinring.libp2p.record.SignedPeerRecord;
import org.pinring.multiformats.Multiaddr;

/**
 * Peer exchange with signed peer records (gossipsub v1.1 "PRUNE Backoff and Peer Exchange", RFC
 * 0003) in simulated time: records offered when pruning, checked when received, their addresses
 * used to dial.
 */
class PeerExchangeTest {

  private static final String TOPIC = "/pinring/test/px";
  private static final Duration LONG = Duration.ofHours(1);

  private static final GossipsubConfig HUB =
      GossipsubConfig.defaults().toBuilder()
          .d(2)
          .dLo(1)
          .dHi(3)
          .dOut(0)
          .dScore(1)
          .dLazy(2)
          .doPx(true)
          .build();

  /** Follows PX from any peer with a non-negative score. */
  private static final GossipsubConfig TRUSTING =
      GossipsubConfig.defaults().toBuilder()
          .doPx(true)
          .scoreThresholds(new PeerScoreThresholds(-10, -50, -80, 0, 20))
          .build();

  @Test
  void prunedPeersLearnSignedRecordsAndDialTheirAddresses() {
    RouterWorld world = new RouterWorld(21);
    Node hub = world.add(HUB);
    List<Node> leaves = world.addAll(6, i -> TRUSTING);
    for (Node leaf : leaves) {
      hub.peerstore.consumePeerRecord(leaf.signedRecord(1), LONG);
      leaf.dialNeedsAddress = true;
      world.connect(leaf, hub);
    }
    world.nodes.forEach(n -> n.subscribe(TOPIC));

    world.run(Duration.ofSeconds(3));

    List<Rpc.PeerInfo> offered =
        hub.sent.stream()
            .flatMap(r -> r.control().prune().stream())
            .flatMap(p -> p.peers().stream())
            .toList();
    assertThat(offered).isNotEmpty();
    for (Rpc.PeerInfo info : offered) {
      SignedPeerRecord record = SignedPeerRecord.open(info.signedPeerRecord());
      assertThat(record.peerId()).isEqualTo(PeerId.decode(info.peerId()));
    }
    Node pruned =
        leaves.stream()
            .filter(l -> leaves.stream().anyMatch(o -> l.peerstore.peerRecord(o.id).isPresent()))
            .findFirst()
            .orElseThrow();
    Node learned =
        leaves.stream()
            .filter(o -> pruned.peerstore.peerRecord(o.id).isPresent())
            .findFirst()
            .get();
    assertThat(pruned.peerstore.addresses(learned.id))
        .containsExactly(Multiaddr.parse("/ip4/10.0.0." + learned.index + "/tcp/4001"));
    // Leaves knew only the hub and dial only known addresses: the records connected them.
    assertThat(pruned.connected.size()).isGreaterThan(1);
  }

  @Test
  void withoutRecordsPeersOfUnknownAddressAreNotReached() {
    RouterWorld world = new RouterWorld(21);
    Node hub = world.add(HUB);
    List<Node> leaves = world.addAll(6, i -> TRUSTING);
    for (Node leaf : leaves) {
      leaf.dialNeedsAddress = true;
      world.connect(leaf, hub);
    }
    world.nodes.forEach(n -> n.subscribe(TOPIC));

    world.run(Duration.ofSeconds(3));

    assertThat(hub.sent.stream().flatMap(r -> r.control().prune().stream()))
        .anySatisfy(p -> assertThat(p.peers()).isNotEmpty())
        .allSatisfy(
            p -> assertThat(p.peers()).allSatisfy(i -> assertThat(i.signedPeerRecord()).isNull()));
    assertThat(leaves).anySatisfy(l -> assertThat(l.dialed).isNotEmpty());
    assertThat(leaves).allSatisfy(l -> assertThat(l.connected).containsExactly(hub.id));
  }

  @Test
  void forgedMismatchedOrTamperedRecordsAreRefusedAndNotDialled() {
    RouterWorld world = new RouterWorld(22);
    Node pruner = world.add(TRUSTING);
    Node receiver = world.add(TRUSTING);
    List<Node> others = world.addAll(4, i -> TRUSTING);
    receiver.dialNeedsAddress = true;
    world.connect(receiver, pruner);
    pruner.subscribe(TOPIC);
    receiver.subscribe(TOPIC);
    world.run(Duration.ofSeconds(2));

    Node mismatched = others.get(0);
    Node garbage = others.get(1);
    Node tampered = others.get(2);
    Node honest = others.get(3);
    byte[] flipped = tampered.signedRecord(1).encode();
    flipped[flipped.length - 1] ^= 1;
    List<Rpc.PeerInfo> infos =
        List.of(
            new Rpc.PeerInfo(mismatched.id.toBytes(), honest.signedRecord(1).encode()),
            new Rpc.PeerInfo(garbage.id.toBytes(), new byte[] {1, 2, 3}),
            new Rpc.PeerInfo(tampered.id.toBytes(), flipped),
            new Rpc.PeerInfo(honest.id.toBytes(), honest.signedRecord(2).encode()));
    world.inject(pruner, receiver, prune(TOPIC, infos));
    world.run(Duration.ofMillis(50));

    assertThat(receiver.peerstore.peerRecord(mismatched.id)).isEmpty();
    assertThat(receiver.peerstore.peerRecord(garbage.id)).isEmpty();
    assertThat(receiver.peerstore.peerRecord(tampered.id)).isEmpty();
    assertThat(receiver.peerstore.peerRecord(honest.id)).contains(honest.signedRecord(2));
    assertThat(receiver.dialed).containsExactly(honest.id);
    assertThat(receiver.connected).contains(honest.id).doesNotContain(mismatched.id);
  }

  @Test
  void peerExchangeFromPeersBelowTheAcceptPxThresholdIsIgnored() {
    RouterWorld world = new RouterWorld(23);
    // Default thresholds: accept-PX is 10, and a fresh peer scores 0.
    GossipsubConfig defaultThresholds = GossipsubConfig.defaults().toBuilder().doPx(true).build();
    Node pruner = world.add(defaultThresholds);
    Node receiver = world.add(defaultThresholds);
    Node offered = world.add(defaultThresholds);
    world.connect(receiver, pruner);
    pruner.subscribe(TOPIC);
    receiver.subscribe(TOPIC);
    world.run(Duration.ofSeconds(2));

    world.inject(
        pruner,
        receiver,
        prune(
            TOPIC,
            List.of(new Rpc.PeerInfo(offered.id.toBytes(), offered.signedRecord(1).encode()))));
    world.run(Duration.ofMillis(50));

    assertThat(receiver.router.score(pruner.id)).isLessThan(10);
    assertThat(receiver.peerstore.peerRecord(offered.id)).isEmpty();
    assertThat(receiver.dialed).isEmpty();
  }

  @Test
  void recordsCheckedPerHeartbeatAreBounded() {
    RouterWorld world = new RouterWorld(24);
    Node pruner = world.add(TRUSTING);
    Node receiver = world.add(TRUSTING);
    world.connect(receiver, pruner);
    world.run(Duration.ofMillis(150)); // just past the first heartbeat
    List<Rpc.Prune> prunes = new ArrayList<>();
    List<PeerId> offered = new ArrayList<>();
    for (int topic = 0; topic < 6; topic++) {
      List<Rpc.PeerInfo> infos = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        Ed25519PrivateKey key =
            Ed25519PrivateKey.fromSeed(
                ByteBuffer.allocate(32).putInt(1000 + topic * 16 + i).array());
        PeerId peer = PeerId.fromPublicKey(key.publicKey());
        offered.add(peer);
        SignedPeerRecord record =
            SignedPeerRecord.seal(
                key, new PeerRecord(peer, 1, List.of(Multiaddr.parse("/ip4/10.1.0.1/tcp/1"))));
        infos.add(new Rpc.PeerInfo(peer.toBytes(), record.encode()));
      }
      prunes.add(new Rpc.Prune("t" + topic, infos, OptionalLong.of(60)));
    }
    world.inject(
        pruner, receiver, Rpc.ofControl(new Rpc.Control(List.of(), List.of(), List.of(), prunes)));
    world.run(Duration.ofMillis(50));

    long kept = offered.stream().filter(p -> receiver.peerstore.peerRecord(p).isPresent()).count();
    assertThat(kept).isEqualTo(PeerExchange.MAX_RECORDS_CHECKED_PER_HEARTBEAT);
    assertThat(receiver.dialed).hasSize(PeerExchange.MAX_RECORDS_CHECKED_PER_HEARTBEAT);
  }

  private static Rpc prune(String topic, List<Rpc.PeerInfo> infos) {
    return Rpc.ofControl(
        new Rpc.Control(
            List.of(),
            List.of(),
            List.of(),
            List.of(new Rpc.Prune(topic, infos, OptionalLong.of(60)))));
  }
}
