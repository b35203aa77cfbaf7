package org.pinring.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class InputValidationTest {

  @Test
  void peerStateRejectsOutOfRangeFieldsByName() {
    assertThatThrownBy(() -> new PeerState("a", 10, 11, 0, 1.0, Map.of(), 0))
        .hasMessageContaining("freeBytes");
    assertThatThrownBy(() -> new PeerState("a", -1, 0, 0, 1.0, Map.of(), 0))
        .hasMessageContaining("capacityBytes");
    assertThatThrownBy(() -> new PeerState("a", 1, 1, 0, Double.NaN, Map.of(), 0))
        .hasMessageContaining("reliability");
    assertThatThrownBy(() -> new PeerState("a", 1, 1, -3, 0.5, Map.of(), 0))
        .hasMessageContaining("pinnedCount");
    assertThatThrownBy(() -> new PeerState("a b", 1, 1, 0, 0.5, Map.of(), 0))
        .hasMessageContaining("whitespace");
    assertThatThrownBy(() -> new PeerState("a", 1, 1, 0, 0.5, Map.of("region", ""), 0))
        .hasMessageContaining("tag value");
  }

  @Test
  void pinRejectsBadReplication() {
    assertThatThrownBy(() -> new Pin(Fixtures.cid(1), OptionalLong.empty(), 3, 2, Optional.empty()))
        .hasMessageContaining("min 3 max 2");
    assertThatThrownBy(() -> new Pin(Fixtures.cid(1), OptionalLong.of(-1), 1, 1, Optional.empty()))
        .hasMessageContaining("sizeBytes");
    assertThatThrownBy(() -> new SpreadConstraint("region", 0)).hasMessageContaining("maxPerValue");
  }

  @Test
  void problemsRejectDuplicates() {
    List<Pin> twice = List.of(Pin.of(Fixtures.cid(1), 1, 1), Pin.of(Fixtures.cid(1), 2, 1));
    assertThatThrownBy(() -> Fixtures.problem(twice, Fixtures.equalPeers(2, 10)))
        .hasMessageContaining("listed twice");
    List<PeerState> peers = List.of(PeerState.of("a", 1), PeerState.of("a", 2));
    assertThatThrownBy(() -> Fixtures.problem(List.of(), peers))
        .hasMessageContaining("peer a is listed twice");
  }

  @Test
  void holdersRejectAPeerListedTwice() {
    assertThatThrownBy(
            () ->
                new PinHolders(
                    Fixtures.cid(1), List.of(Holder.confirmed("a"), Holder.pending("a"))))
        .hasMessageContaining("twice");
  }

  @Test
  void problemsFindPinsAndPeersByName() {
    PlacementProblem problem =
        Fixtures.problem(Fixtures.pins(1_000, 1, 1), Fixtures.equalPeers(3, 10_000));
    for (Pin pin : problem.pins()) {
      assertThat(problem.pins().get(problem.indexOf(pin.cid()))).isEqualTo(pin);
    }
    assertThat(problem.indexOf(Fixtures.cid(5_000))).isEqualTo(-1);
    assertThat(problem.indexOfPeer(Fixtures.peerId(2))).isEqualTo(2);
    assertThat(problem.indexOfPeer("nobody")).isEqualTo(-1);
  }

  @Test
  void goneMeansUnseenForLongerThanTheGracePeriodWhateverTheNumbers() {
    Allocator allocator = Allocator.standard();
    long grace = AllocatorConfig.DEFAULTS.gracePeriod().toMillis();
    PeerState peer = PeerState.of("a", 1);
    assertThat(allocator.isGone(peer.withLastSeenMillis(1_000), 1_000 + grace)).isFalse();
    assertThat(allocator.isGone(peer.withLastSeenMillis(1_000), 1_001 + grace)).isTrue();
    assertThat(allocator.isGone(peer.withLastSeenMillis(5_000), 1_000)).isFalse();
    assertThat(allocator.isGone(peer.withLastSeenMillis(Long.MIN_VALUE), Long.MAX_VALUE)).isTrue();
    assertThat(allocator.isGone(peer.withLastSeenMillis(Long.MAX_VALUE), Long.MIN_VALUE)).isFalse();
  }

  @Test
  void peersWithoutFreeSpaceGetNothing() {
    List<PeerState> peers = List.of(PeerState.of("empty", 0), PeerState.of("full", 100));
    Placement placement =
        RendezvousPolicy.standard().place(Fixtures.problem(Fixtures.pins(10, 1, 2), peers));
    assertThat(placement.loadBytes()[0]).isZero();
    assertThat(placement.belowMin()).hasSize(10);
  }
}
