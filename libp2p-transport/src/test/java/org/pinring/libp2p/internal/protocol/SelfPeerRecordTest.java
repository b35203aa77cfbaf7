package org.pinring.libp2p.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.crypto.Ed25519PrivateKey;
import org.pinring.libp2p.record.PeerRecord;
import org.pinring.libp2p.record.SignedPeerRecord;
import org.pinring.multiformats.Multiaddr;
import org.pinring.runtime.Clock;

/** The host's own record: sealed once per address set, seq strictly increasing. */
class SelfPeerRecordTest {

  private static final Ed25519PrivateKey KEY = Ed25519PrivateKey.fromSeed(new byte[32]);
  private static final Multiaddr A = Multiaddr.parse("/ip4/192.0.2.1/tcp/4001");
  private static final Multiaddr B = Multiaddr.parse("/ip4/192.0.2.2/tcp/4001");

  private final SteppedClock clock = new SteppedClock(1_767_225_600_000L);
  private final SelfPeerRecord self = new SelfPeerRecord(KEY, clock);

  @Test
  void theFirstRecordIsSignedByTheHostWithTheWallClockAsSeq() {
    SignedPeerRecord record = self.current(List.of(A, B)).orElseThrow();

    SignedPeerRecord opened = SignedPeerRecord.open(record.encode());
    assertThat(opened.peerId()).isEqualTo(PeerId.fromPublicKey(KEY.publicKey()));
    assertThat(opened.envelope().payloadType()).containsExactly(0x03, 0x01);
    assertThat(opened.record().seq()).isEqualTo(1_767_225_600_000L);
    assertThat(opened.record().addresses()).containsExactly(A, B);
  }

  @Test
  void theSameAddressSetReusesTheSealedRecord() {
    SignedPeerRecord first = self.current(List.of(A, B)).orElseThrow();
    clock.millis += 5_000;

    assertThat(self.current(List.of(B, A, A.withPeerId(first.peerId().multihash()))))
        .containsSame(first);
  }

  @Test
  void aChangedAddressSetGetsALargerSeq() {
    SignedPeerRecord first = self.current(List.of(A)).orElseThrow();
    clock.millis += 1_000;

    SignedPeerRecord second = self.current(List.of(A, B)).orElseThrow();

    assertThat(second.supersedes(first)).isTrue();
    assertThat(second.record().seq()).isEqualTo(clock.millis);
    assertThat(second.record().addresses()).containsExactly(A, B);
  }

  @Test
  void seqStillIncreasesWithinOneMillisecondAndWhenTheClockStepsBack() {
    SignedPeerRecord first = self.current(List.of(A)).orElseThrow();
    SignedPeerRecord sameMillisecond = self.current(List.of(B)).orElseThrow();
    clock.millis -= 60_000;
    SignedPeerRecord afterStepBack = self.current(List.of(A)).orElseThrow();

    assertThat(sameMillisecond.record().seq()).isEqualTo(first.record().seq() + 1);
    assertThat(afterStepBack.record().seq()).isEqualTo(first.record().seq() + 2);
  }

  @Test
  void noAddressesGiveNoRecord() {
    assertThat(self.current(List.of())).isEmpty();
  }

  @Test
  void keepsAtMostTheRecordLimitOfAddresses() {
    List<Multiaddr> many = new ArrayList<>();
    for (int i = 0; i < PeerRecord.MAX_ADDRESSES + 10; i++) {
      many.add(Multiaddr.parse("/ip4/192.0.2.1/tcp/" + (1000 + i)));
    }

    SignedPeerRecord record = self.current(many).orElseThrow();

    assertThat(record.record().addresses()).isEqualTo(many.subList(0, PeerRecord.MAX_ADDRESSES));
  }

  /** A wall clock the test sets (and steps back). */
  private static final class SteppedClock implements Clock {
    long millis;

    SteppedClock(long millis) {
      this.millis = millis;
    }

    @Override
    public long monotonicNanos() {
      return 0;
    }

    @Override
    public Instant wallTime() {
      return Instant.ofEpochMilli(millis);
    }
  }
}
