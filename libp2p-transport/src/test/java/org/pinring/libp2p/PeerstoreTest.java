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
    assertThat(peerstore.addresses(peer)).containsExactly(second);
    time.advanceBy(Duration.ofMinutes(2));
    peerstore.removeExpired();
    assertThat(peerstore.addresses(peer)).isEmpty();
    assertThat(peerstore.peerRecord(peer)).contains(newer);
  }

  @Test
  void aNewerRecordsAddressesReplaceEveryAddressHeldAndAreCertified() {
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(seed(1));
    Multiaddr listed = Multiaddr.parse("/ip4/192.0.2.9/tcp/4001");
    Multiaddr signedFirst = Multiaddr.parse("/ip4/192.0.2.1/tcp/4001");
    Multiaddr signedSecond = Multiaddr.parse("/ip4/192.0.2.2/tcp/4001");
    peerstore.addAddresses(peer, List.of(listed, signedFirst), Duration.ofHours(1));
    assertThat(peerstore.certifiedAddresses(peer)).isEmpty();

    SignedPeerRecord first =
        SignedPeerRecord.seal(key, new PeerRecord(peer, 10, List.of(signedFirst)));
    assertThat(peerstore.consumePeerRecord(first, Duration.ofMinutes(1))).isTrue();
    assertThat(peerstore.addresses(peer)).containsExactly(signedFirst);
    assertThat(peerstore.certifiedAddresses(peer)).containsExactly(signedFirst);
    // An address held longer before keeps its longer expiry.
    time.advanceBy(Duration.ofMinutes(30));
    assertThat(peerstore.addresses(peer)).containsExactly(signedFirst);

    // Unsigned addresses learnt later are held, uncertified, until the next record.
    peerstore.addAddresses(peer, List.of(listed), Duration.ofHours(1));
    assertThat(peerstore.addresses(peer)).containsExactlyInAnyOrder(signedFirst, listed);
    assertThat(peerstore.certifiedAddresses(peer)).containsExactly(signedFirst);

    SignedPeerRecord second =
        SignedPeerRecord.seal(key, new PeerRecord(peer, 11, List.of(signedSecond)));
    assertThat(peerstore.consumePeerRecord(second, Duration.ofMinutes(1))).isTrue();
    assertThat(peerstore.addresses(peer)).containsExactly(signedSecond);
    assertThat(peerstore.certifiedAddresses(peer)).containsExactly(signedSecond);
  }

  @Test
  void aStaleRecordChangesNothingAndTheHeldRecordAgainRefreshesItsAddresses() {
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(seed(1));
    Multiaddr current = Multiaddr.parse("/ip4/192.0.2.1/tcp/4001");
    Multiaddr old = Multiaddr.parse("/ip4/192.0.2.2/tcp/4001");
    SignedPeerRecord held = SignedPeerRecord.seal(key, new PeerRecord(peer, 20, List.of(current)));
    SignedPeerRecord stale = SignedPeerRecord.seal(key, new PeerRecord(peer, 19, List.of(old)));
    SignedPeerRecord sameSeq = SignedPeerRecord.seal(key, new PeerRecord(peer, 20, List.of(old)));
    peerstore.consumePeerRecord(held, Duration.ofMinutes(1));

    time.advanceBy(Duration.ofSeconds(50));
    assertThat(peerstore.consumePeerRecord(stale, Duration.ofMinutes(1))).isFalse();
    assertThat(peerstore.consumePeerRecord(sameSeq, Duration.ofMinutes(1))).isFalse();
    assertThat(peerstore.peerRecord(peer)).contains(held);
    assertThat(peerstore.addresses(peer)).containsExactly(current);

    assertThat(peerstore.consumePeerRecord(held, Duration.ofMinutes(1))).isFalse();
    time.advanceBy(Duration.ofSeconds(50));
    assertThat(peerstore.certifiedAddresses(peer)).containsExactly(current);
    time.advanceBy(Duration.ofSeconds(11));
    assertThat(peerstore.addresses(peer)).isEmpty();
    assertThat(peerstore.certifiedAddresses(peer)).isEmpty();
  }

  @Test
  void seqIsComparedUnsigned() {
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(seed(1));
    Multiaddr a = Multiaddr.parse("/ip4/192.0.2.1/tcp/4001");
    Multiaddr b = Multiaddr.parse("/ip4/192.0.2.2/tcp/4001");
    SignedPeerRecord high = SignedPeerRecord.seal(key, new PeerRecord(peer, -1L, List.of(b)));
    peerstore.consumePeerRecord(
        SignedPeerRecord.seal(key, new PeerRecord(peer, Long.MAX_VALUE, List.of(a))),
        Duration.ofMinutes(1));

    assertThat(peerstore.consumePeerRecord(high, Duration.ofMinutes(1))).isTrue();
    assertThat(peerstore.certifiedAddresses(peer)).containsExactly(b);
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
