package org.pinring.libp2p.internal.host;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.pinring.multiformats.Multiaddr;

class ObserverGroupTest {

  @Test
  void ipv4ObserversAreGroupedByTheirSixteen() {
    assertThat(group("/ip4/192.0.2.1/tcp/1")).isEqualTo(new ObserverGroup("ip4/192.0.0.0/16"));
    assertThat(group("/ip4/192.0.255.9/udp/7")).isEqualTo(group("/ip4/192.0.2.1/tcp/1"));
    assertThat(group("/ip4/192.1.2.1/tcp/1")).isNotEqualTo(group("/ip4/192.0.2.1/tcp/1"));
  }

  @Test
  void ipv6ObserversAreGroupedByTheirFiftySix() {
    assertThat(group("/ip6/2001:db8:1:2ff::9/tcp/1"))
        .isEqualTo(new ObserverGroup("ip6/20010db8000102000000000000000000/56"));
    assertThat(group("/ip6/2001:db8:1:200::1/tcp/1"))
        .isEqualTo(group("/ip6/2001:db8:1:2ff::9/tcp/1"));
    assertThat(group("/ip6/2001:db8:1:300::1/tcp/1"))
        .isNotEqualTo(group("/ip6/2001:db8:1:2ff::9/tcp/1"));
  }

  @Test
  void ipv4MappedIpv6CountsAsIpv4() {
    assertThat(group("/ip6/::ffff:c000:201/tcp/1")).isEqualTo(group("/ip4/192.0.2.1/tcp/1"));
  }

  @Test
  void otherAddressesAreTheirOwnGroupWithoutPeerId() {
    assertThat(group("/memory/dialer-1")).isEqualTo(new ObserverGroup("/memory/dialer-1"));
    assertThat(group("/memory/dialer-1")).isNotEqualTo(group("/memory/dialer-2"));
  }

  @Property
  void ipv4AddressesShareAGroupExactlyWhenTheirFirstTwoOctetsMatch(
      @ForAll byte a1, @ForAll byte a2, @ForAll byte a3, @ForAll byte b1, @ForAll byte b2) {
    String a = (a1 & 0xff) + "." + (a2 & 0xff) + "." + (a3 & 0xff) + ".1";
    String b = (b1 & 0xff) + "." + (b2 & 0xff) + ".0.2";

    boolean same = group("/ip4/" + a + "/tcp/1").equals(group("/ip4/" + b + "/tcp/2"));

    assertThat(same).isEqualTo(a1 == b1 && a2 == b2);
  }

  private static ObserverGroup group(String address) {
    return ObserverGroup.of(Multiaddr.parse(address));
  }
}
