package org.pinring.libp2p.internal.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.pinring.multiformats.Multiaddr;
import org.pinring.runtime.SimulatedTime;

class ObservedAddressesTest {

  private static final Multiaddr PUBLIC = Multiaddr.parse("/ip4/203.0.113.7/tcp/4001");

  private final SimulatedTime time = new SimulatedTime();
  private final ObservedAddresses observed = new ObservedAddresses(time, 4, Duration.ofMinutes(30));

  /** An observer in the IPv4 /16 number {@code group}, at host {@code host} within it. */
  private static Multiaddr observer(int group, int host) {
    return Multiaddr.parse("/ip4/10." + group + ".7." + host + "/tcp/" + (40000 + host));
  }

  @Test
  void anAddressIsConfirmedByTheFourthDistinctObserverGroupOnly() {
    assertThat(observed.report(observer(1, 1), PUBLIC)).isFalse();
    assertThat(observed.report(observer(1, 1), PUBLIC)).as("the same observer again").isFalse();
    assertThat(observed.report(observer(2, 1), PUBLIC)).isFalse();
    assertThat(observed.report(observer(3, 1), PUBLIC)).isFalse();
    assertThat(observed.confirmed()).isEmpty();
    assertThat(observed.all()).containsExactly(PUBLIC);

    assertThat(observed.report(observer(4, 1), PUBLIC)).isTrue();
    assertThat(observed.report(observer(5, 1), PUBLIC)).as("confirmed once").isFalse();

    assertThat(observed.confirmed()).containsExactly(PUBLIC);
  }

  @Test
  void manyObserversInOneIpv4SixteenCountOnce() {
    // One machine or one network running many peer IDs: every connection comes from 10.1.x.x.
    for (int host = 1; host <= 50; host++) {
      assertThat(observed.report(observer(1, host), PUBLIC)).isFalse();
    }
    assertThat(observed.report(observer(2, 1), PUBLIC)).isFalse();
    assertThat(observed.report(observer(3, 1), PUBLIC)).isFalse();
    assertThat(observed.confirmed()).isEmpty();

    assertThat(observed.report(observer(4, 9), PUBLIC)).isTrue();
  }

  @Test
  void ipv6ObserversCountPerFiftySixAndMappedIpv4AsIpv4() {
    // Four addresses inside 2001:db8:0:100::/56 (they differ only in bits 57 and beyond).
    for (String ip : new String[] {"2001:db8:0:100::1", "2001:db8:0:1ff::2", "2001:db8:0:180::3"}) {
      observed.report(Multiaddr.parse("/ip6/" + ip + "/tcp/4001"), PUBLIC);
    }
    // The IPv4-mapped form of an address in 10.1/16 joins that group.
    observed.report(Multiaddr.parse("/ip6/::ffff:10.1.2.3/tcp/4001"), PUBLIC);
    observed.report(observer(1, 4), PUBLIC);
    assertThat(observed.confirmed()).isEmpty();

    observed.report(Multiaddr.parse("/ip6/2001:db8:0:200::1/tcp/4001"), PUBLIC);
    assertThat(observed.report(observer(2, 1), PUBLIC)).isTrue();
  }

  @Test
  void reportsExpireAndAnAddressLosesItsConfirmation() {
    for (int i = 1; i <= 3; i++) {
      observed.report(observer(i, 1), PUBLIC);
    }
    time.advanceBy(Duration.ofMinutes(20));
    observed.report(observer(4, 1), PUBLIC);
    assertThat(observed.confirmed()).containsExactly(PUBLIC);

    time.advanceBy(Duration.ofMinutes(10)); // the first three reports are 30 minutes old

    assertThat(observed.confirmed()).isEmpty();
    assertThat(observed.all()).containsExactly(PUBLIC);
    time.advanceBy(Duration.ofMinutes(20));
    assertThat(observed.all()).isEmpty();
  }

  @Test
  void aRepeatedReportRefreshesItsGroupsTime() {
    for (int i = 1; i <= 3; i++) {
      observed.report(observer(i, 1), PUBLIC);
    }
    time.advanceBy(Duration.ofMinutes(20));
    // Another host of group 1 reports: the group's report is 0 minutes old now.
    observed.report(observer(1, 2), PUBLIC);
    observed.report(observer(4, 1), PUBLIC);
    time.advanceBy(Duration.ofMinutes(10));

    assertThat(observed.all()).containsExactly(PUBLIC);
    assertThat(observed.confirmed()).isEmpty(); // groups 2 and 3 expired
    observed.report(observer(5, 1), PUBLIC);
    assertThat(observed.confirmed()).isEmpty(); // groups 1, 4, 5
    assertThat(observed.report(observer(6, 1), PUBLIC)).isTrue();
  }

  @Test
  void trackedAddressesAreBounded() {
    for (int i = 0; i < ObservedAddresses.MAX_ADDRESSES + 10; i++) {
      observed.report(observer(1, 1), Multiaddr.parse("/ip4/198.51.100.1/tcp/" + (1000 + i)));
    }

    assertThat(observed.all()).hasSize(ObservedAddresses.MAX_ADDRESSES);
  }
}
