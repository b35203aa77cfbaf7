package org.pinring.libp2p;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pinring.libp2p.crypto.Ed25519PrivateKey;
import org.pinring.libp2p.internal.host.ObservedAddresses;
import org.pinring.multiformats.Multiaddr;
import org.pinring.runtime.SimulatedTime;

class ListenAddressesTest {

  private final SimulatedTime time = new SimulatedTime();
  private final ListenAddresses addresses =
      new ListenAddresses(new ObservedAddresses(time, 2, Duration.ofMinutes(30)));

  @Test
  void anUnspecifiedIpBecomesEachInterfaceAddressOfItsFamily() throws Exception {
    List<InetAddress> interfaces =
        List.of(
            InetAddress.getByAddress(new byte[] {127, 0, 0, 1}),
            InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 5}),
            InetAddress.getByAddress(new byte[] {(byte) 169, (byte) 254, 1, 1}),
            InetAddress.getByName("2001:db8::7"),
            InetAddress.getByName("fe80::1"));

    assertThat(
            ListenAddresses.expandUnspecified(Multiaddr.parse("/ip4/0.0.0.0/tcp/4001"), interfaces))
        .containsExactly(
            Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"), Multiaddr.parse("/ip4/192.0.2.5/tcp/4001"));
    assertThat(ListenAddresses.expandUnspecified(Multiaddr.parse("/ip6/::/tcp/4001"), interfaces))
        .containsExactly(Multiaddr.parse("/ip6/2001:db8::7/tcp/4001"));
  }

  @Test
  void aSpecificIpOrNoFittingInterfaceLeavesTheAddressAsBound() throws Exception {
    Multiaddr specific = Multiaddr.parse("/ip4/192.0.2.1/tcp/4001");
    Multiaddr any6 = Multiaddr.parse("/ip6/::/tcp/4001");
    List<InetAddress> onlyV4 = List.of(InetAddress.getByAddress(new byte[] {10, 0, 0, 1}));

    assertThat(ListenAddresses.expandUnspecified(specific, onlyV4)).containsExactly(specific);
    assertThat(ListenAddresses.expandUnspecified(any6, onlyV4)).containsExactly(any6);
  }

  @Test
  void advertisesListenAddressesThenConfirmedObservedOnesWithoutDuplicates() {
    Multiaddr listen = Multiaddr.parse("/ip4/10.0.0.1/tcp/4001");
    Multiaddr nat = Multiaddr.parse("/ip4/203.0.113.7/tcp/4001");
    addresses.addListening(List.of(listen));

    assertThat(addresses.reportObserved(observer(1), nat)).isFalse();
    assertThat(addresses.advertised()).containsExactly(listen);
    assertThat(addresses.reportObserved(observer(2), nat.withPeerId(peer(9).multihash()))).isTrue();

    assertThat(addresses.advertised()).containsExactly(listen, nat);
    assertThat(addresses.confirmedObserved()).containsExactly(nat);
  }

  @Test
  void anObservedAddressThisNodeListensOnIsIgnored() {
    Multiaddr listen = Multiaddr.parse("/ip4/10.0.0.1/tcp/4001");
    addresses.addListening(List.of(listen));

    assertThat(addresses.reportObserved(observer(1), listen)).isFalse();
    assertThat(addresses.reportObserved(observer(2), listen)).isFalse();

    assertThat(addresses.observed()).isEmpty();
    assertThat(addresses.advertised()).containsExactly(listen);
  }

  /** An observer in its own /16. */
  private static Multiaddr observer(int n) {
    return Multiaddr.parse("/ip4/10." + n + ".0.1/tcp/50000");
  }

  private static PeerId peer(int seed) {
    byte[] bytes = new byte[32];
    bytes[0] = (byte) seed;
    return PeerId.fromPublicKey(Ed25519PrivateKey.fromSeed(bytes).publicKey());
  }
}
