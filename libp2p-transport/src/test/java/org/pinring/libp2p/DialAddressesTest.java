package org.pinring.libp2p;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.pinring.libp2p.crypto.Ed25519PrivateKey;
import org.pinring.libp2p.record.PeerRecord;
import org.pinring.libp2p.record.SignedPeerRecord;
import org.pinring.multiformats.Multiaddr;
import org.pinring.runtime.SimulatedTime;

class DialAddressesTest {

  private static final Multiaddr SIGNED = Multiaddr.parse("/ip4/192.0.2.1/tcp/4001");
  private static final Multiaddr UNSIGNED = Multiaddr.parse("/ip4/198.51.100.9/tcp/4001");

  @Test
  void certifiedAddressesComeFirstEvenWhenThePeerstoreHoldsThemLater() {
    SimulatedTime time = new SimulatedTime();
    Peerstore peerstore = new Peerstore(time);
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(new byte[32]);
    PeerId peer = PeerId.fromPublicKey(key.publicKey());
    SignedPeerRecord record = SignedPeerRecord.seal(key, new PeerRecord(peer, 1, List.of(SIGNED)));
    // The record's address expires (and is dropped when next read) while an unsigned one stays;
    // identify then repeats the same record and its address comes back after the unsigned one.
    peerstore.consumePeerRecord(record, Duration.ofMinutes(1));
    peerstore.addAddresses(peer, List.of(UNSIGNED), Duration.ofHours(1));
    time.advanceBy(Duration.ofMinutes(2));
    assertThat(peerstore.addresses(peer)).containsExactly(UNSIGNED);
    peerstore.consumePeerRecord(record, Duration.ofMinutes(1));
    assertThat(peerstore.addresses(peer)).containsExactly(UNSIGNED, SIGNED);

    assertThat(DialAddresses.of(peerstore, peer)).containsExactly(SIGNED, UNSIGNED);
  }

  @Test
  void withoutCertifiedAddressesThePeerstoreOrderStays() {
    Peerstore peerstore = new Peerstore(new SimulatedTime());
    PeerId peer = PeerId.fromPublicKey(Ed25519PrivateKey.fromSeed(new byte[32]).publicKey());
    peerstore.addAddresses(peer, List.of(UNSIGNED, SIGNED), Duration.ofHours(1));

    assertThat(DialAddresses.of(peerstore, peer)).containsExactly(UNSIGNED, SIGNED);
  }

  @Test
  void certifiedAddressesNoLongerHeldAreNotDialled() {
    assertThat(DialAddresses.certifiedFirst(List.of(UNSIGNED), List.of(SIGNED)))
        .containsExactly(UNSIGNED);
  }

  @Property
  void aStablePartitionOfTheSameAddresses(
      @ForAll @Size(max = 12) List<@IntRange(min = 1, max = 40) Integer> ports,
      @ForAll @Size(max = 12) Set<@IntRange(min = 1, max = 40) Integer> certifiedPorts) {
    List<Multiaddr> all = new ArrayList<>();
    for (int port : new java.util.LinkedHashSet<>(ports)) {
      all.add(address(port));
    }
    Set<Multiaddr> certified = new HashSet<>();
    certifiedPorts.forEach(port -> certified.add(address(port)));

    List<Multiaddr> ordered = DialAddresses.certifiedFirst(all, certified);

    assertThat(ordered).containsExactlyInAnyOrderElementsOf(all);
    int firstUncertified = 0;
    while (firstUncertified < ordered.size() && certified.contains(ordered.get(firstUncertified))) {
      firstUncertified++;
    }
    List<Multiaddr> head = ordered.subList(0, firstUncertified);
    List<Multiaddr> tail = ordered.subList(firstUncertified, ordered.size());
    assertThat(tail).noneMatch(certified::contains);
    assertThat(head).isEqualTo(all.stream().filter(certified::contains).toList());
    assertThat(tail).isEqualTo(all.stream().filter(a -> !certified.contains(a)).toList());
  }

  private static Multiaddr address(int port) {
    return Multiaddr.parse("/ip4/192.0.2.1/tcp/" + port);
  }
}
