package org.pinring.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pinring.libp2p.crypto.Ed25519PrivateKey;
import org.pinring.libp2p.record.PeerRecord;
import org.pinring.libp2p.record.SignedPeerRecord;
import org.pinring.multiformats.Multiaddr;
import org.pinring.runtime.SimulatedTime;

class PeerstoreTest {

  private final SimulatedTime time = new SimulatedTime();
  private final Peerstore peerstore = new Peerstore(time);
  private final PeerId peer = peer(1);

  @Test
  void addressesExpireAfterTheirTtlAndRefreshingExtendsThem() {
    Multiaddr a = Multiaddr.parse("/ip4/192.0.2.1/tcp/4001");
    Multiaddr b = Multiaddr.parse("/ip4/192.0.2.2/tcp/4001");
    peerstore.addAddresses(peer, List.of(a, b.withPeerId(peer.multihash())), Duration.ofMinutes(1));

    time.advanceBy(Duration.ofSeconds(50));
    peerstore.addAddresses(peer, List.of(a), Duration.ofMinutes(1));
    time.advanceBy(Duration.ofSeconds(20));

    assertThat(peerstore.addresses(peer)).containsExactly(a);
    time.advanceBy(Duration.ofMinutes(1));
    assertThat(peerstore.addresses(peer)).isEmpty();
  }

  @Test
  void boundsAddressesAndProtocolsPerPeer() {
    List<Multiaddr> many = new ArrayList<>();
    List<String> protocols = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      many.add(Multiaddr.parse("/ip4/192.0.2.1/tcp/" + (1000 + i)));
      protocols.add("/p/" + i);
    }
    peerstore.addAddresses(peer, many, Duration.ofHours(1));
    peerstore.setProtocols(peer, protocols);

    assertThat(peerstore.addresses(peer)).hasSize(Peerstore.MAX_ADDRESSES_PER_PEER);
    assertThat(peerstore.protocols(peer)).hasSize(Peerstore.MAX_PROTOCOLS_PER_PEER);
  }

  @Test
  void reportsWhetherProtocolsChanged() {
    assertThat(peerstore.setProtocols(peer, List.of("/a", "/b"))).isTrue();
    assertThat(peerstore.setProtocols(peer, List.of("/a", "/b"))).isFalse();
    assertThat(peerstore.setProtocols(peer, List.of("/a"))).isTrue();
  }

  @Test
  void keysMustBelongToThePeerAndInlineKeysNeedNoEntry() {
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(seed(1));
    assertThat(peerstore.publicKey(peer)).contains(key.publicKey());
    assertThatThrownBy(
            () -> peerstore.putPublicKey(peer, Ed25519PrivateKey.fromSeed(seed(2)).publicKey()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void forgetsTheLeastRecentlyUpdatedPeerBeyondTheBound() {
    PeerId first = peer(0);
    peerstore.setAgentVersion(first, "first");
    for (int i = 1; i <= Peerstore.MAX_PEERS; i++) {
      peerstore.setAgentVersion(peer(i), "x");
    }
    assertThat(peerstore.peers()).hasSize(Peerstore.MAX_PEERS).doesNotContain(first);
  }

  @Test
  void removesPeersWithNothingLeft() {
    peerstore.addAddresses(
        peer, List.of(Multiaddr.parse("/ip4/192.0.2.1/tcp/1")), Duration.ofSeconds(1));
    time.advanceBy(Duration.ofSeconds(2));
    peerstore.removeExpired();
    assertThat(peerstore.peers()).isEmpty();
  }

  @Test
  void keepsOnlyNewerSignedPeerRecordsAndLearnsTheirAddresses() {
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(seed(1));
    Multiaddr first = Multiaddr.parse("/ip4/192.0.2.1/tcp/4001");
    Multiaddr second = Multiaddr.parse("/ip4/192.0.2.2/tcp/4001");
    SignedPeerRecord older = SignedPeerRecord.seal(key, new PeerRecord(peer, 5, List.of(first)));
    SignedPeerRecord newer = SignedPeerRecord.seal(key, new PeerRecord(peer, 6, List.of(second)));

    assertThat(peerstore.consumePeerRecord(older, Duration.ofMinutes(1))).isTrue();
    assertThat(peerstore.consumePeerRecord(older, Duration.ofMinutes(1))).isFalse();
    assertThat(peerstore.consumePeerRecord(newer, Duration.ofMinutes(1))).isTrue();
    assertThat(peerstore.consumePeerRecord(older, Duration.ofMinutes(1))).isFalse();

    assertThat(peerstore.peerRecord(peer)).contains(newer);
    assertThat(peerstore.addresses(peer)).containsExactlyInAnyOrder(first, second);
    time.advanceBy(Duration.ofMinutes(2));
    peerstore.removeExpired();
    assertThat(peerstore.addresses(peer)).isEmpty();
    assertThat(peerstore.peerRecord(peer)).contains(newer);
  }

  private static PeerId peer(int n) {
    return PeerId.fromPublicKey(Ed25519PrivateKey.fromSeed(seed(n)).publicKey());
  }

  private static byte[] seed(int n) {
    byte[] seed = new byte[32];
    seed[0] = (byte) n;
    seed[1] = (byte) (n >> 8);
    return seed;
  }
}
