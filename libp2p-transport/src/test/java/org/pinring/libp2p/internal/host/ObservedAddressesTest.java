package org.pinring.libp2p.internal.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.crypto.Ed25519PrivateKey;
import org.pinring.multiformats.Multiaddr;
import org.pinring.runtime.SimulatedTime;

class ObservedAddressesTest {

  private static final Multiaddr PUBLIC = Multiaddr.parse("/ip4/203.0.113.7/tcp/4001");

  private final SimulatedTime time = new SimulatedTime();
  private final ObservedAddresses observed = new ObservedAddresses(time, 4, Duration.ofMinutes(30));

  private static PeerId peer(int n) {
    byte[] seed = new byte[32];
    seed[0] = (byte) n;
    return PeerId.fromPublicKey(Ed25519PrivateKey.fromSeed(seed).publicKey());
  }

  @Test
  void anAddressIsConfirmedByTheFourthDistinctPeerOnly() {
    assertThat(observed.report(peer(1), PUBLIC)).isFalse();
    assertThat(observed.report(peer(1), PUBLIC)).as("the same peer again").isFalse();
    assertThat(observed.report(peer(2), PUBLIC)).isFalse();
    assertThat(observed.report(peer(3), PUBLIC)).isFalse();
    assertThat(observed.confirmed()).isEmpty();
    assertThat(observed.all()).containsExactly(PUBLIC);

    assertThat(observed.report(peer(4), PUBLIC)).isTrue();
    assertThat(observed.report(peer(5), PUBLIC)).as("confirmed once").isFalse();

    assertThat(observed.confirmed()).containsExactly(PUBLIC);
  }

  @Test
  void reportsExpireAndAnAddressLosesItsConfirmation() {
    for (int i = 1; i <= 3; i++) {
      observed.report(peer(i), PUBLIC);
    }
    time.advanceBy(Duration.ofMinutes(20));
    observed.report(peer(4), PUBLIC);
    assertThat(observed.confirmed()).containsExactly(PUBLIC);

    time.advanceBy(Duration.ofMinutes(10)); // the first three reports are 30 minutes old

    assertThat(observed.confirmed()).isEmpty();
    assertThat(observed.all()).containsExactly(PUBLIC);
    time.advanceBy(Duration.ofMinutes(20));
    assertThat(observed.all()).isEmpty();
  }

  @Test
  void trackedAddressesAreBounded() {
    for (int i = 0; i < ObservedAddresses.MAX_ADDRESSES + 10; i++) {
      observed.report(peer(1), Multiaddr.parse("/ip4/198.51.100.1/tcp/" + (1000 + i)));
    }

    assertThat(observed.all()).hasSize(ObservedAddresses.MAX_ADDRESSES);
  }
}
