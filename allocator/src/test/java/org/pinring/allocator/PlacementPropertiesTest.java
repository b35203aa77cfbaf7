package org.pinring.allocator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The {@link PlacementPolicy} contract, for every built-in policy, on small random inputs. */
class PlacementPropertiesTest {

  private static final AllocatorConfig CONFIG = AllocatorConfig.DEFAULTS;

  private static final List<PlacementPolicy> POLICIES =
      List.of(RendezvousPolicy.standard(), RendezvousPolicy.unbounded(), new BalancedPolicy());

  @Property
  void sameInputsInAnyOrderGiveTheSamePlacement(
      @ForAll("tightRings") List<PeerState> peers,
      @ForAll("pinsets") List<Pin> pins,
      @ForAll Random random) {
    List<PeerState> shuffledPeers = new ArrayList<>(peers);
    List<Pin> shuffledPins = new ArrayList<>(pins);
    Collections.shuffle(shuffledPeers, random);
    Collections.shuffle(shuffledPins, random);
    for (PlacementPolicy policy : POLICIES) {
      Placement one = policy.place(PlacementProblem.of(pins, peers, CONFIG));
      Placement other = policy.place(PlacementProblem.of(shuffledPins, shuffledPeers, CONFIG));
      assertThat(other.allocations()).as(policy.name()).isEqualTo(one.allocations());
    }
  }

  @Property
  void noPeerGetsMoreThanItsFreeSpace(
      @ForAll("tightRings") List<PeerState> peers, @ForAll("pinsets") List<Pin> pins) {
    for (PlacementPolicy policy : POLICIES) {
      Placement placement = policy.place(PlacementProblem.of(pins, peers, CONFIG));
      long[] load = placement.loadBytes();
      for (int p = 0; p < load.length; p++) {
        assertThat(load[p])
            .as(policy.name())
            .isLessThanOrEqualTo(placement.problem().peers().get(p).freeBytes());
      }
      for (int x = 0; x < pins.size(); x++) {
        List<String> holders = placement.holdersOf(x);
        assertThat(holders).doesNotHaveDuplicates();
        assertThat(holders.size())
            .isLessThanOrEqualTo(placement.problem().pins().get(x).replicationMax());
      }
    }
  }

  @Property
  void everyPinGetsItsMaximumWhenSpaceIsAmple(
      @ForAll("ampleRings") List<PeerState> peers, @ForAll("pinsets") List<Pin> pins) {
    long eligible = peers.stream().filter(peer -> peer.freeBytes() > 0).count();
    for (PlacementPolicy policy : POLICIES) {
      Placement placement = policy.place(PlacementProblem.of(pins, peers, CONFIG));
      for (int x = 0; x < pins.size(); x++) {
        Pin pin = placement.problem().pins().get(x);
        assertThat((long) placement.copies(x))
            .as(policy.name())
            .isEqualTo(Math.min(pin.replicationMax(), eligible));
      }
    }
  }

  @Property
  void shortPinsFoundNoPeerWithRoom(
      @ForAll("tightRings") List<PeerState> peers, @ForAll("unspreadPinsets") List<Pin> pins) {
    for (PlacementPolicy policy : POLICIES) {
      Placement placement = policy.place(PlacementProblem.of(pins, peers, CONFIG));
      PlacementProblem problem = placement.problem();
      long[] load = placement.loadBytes();
      for (int x = 0; x < pins.size(); x++) {
        Pin pin = problem.pins().get(x);
        if (placement.copies(x) == pin.replicationMax()) {
          continue;
        }
        for (int p = 0; p < problem.peerCount(); p++) {
          PeerState peer = problem.peers().get(p);
          if (peer.freeBytes() == 0 || placement.holdersOf(x).contains(peer.id())) {
            continue;
          }
          assertThat(load[p] + problem.pinSize(x))
              .as("%s: %s could still take %s", policy.name(), peer.id(), pin.cid())
              .isGreaterThan(peer.freeBytes());
        }
      }
    }
  }

  @Property
  void spreadingAllowsAtMostTheCapPerTagValue(
      @ForAll("ampleRings") List<PeerState> peers, @ForAll("pinsets") List<Pin> pins) {
    for (PlacementPolicy policy : POLICIES) {
      Placement placement = policy.place(PlacementProblem.of(pins, peers, CONFIG));
      PlacementProblem problem = placement.problem();
      for (int x = 0; x < pins.size(); x++) {
        Pin pin = problem.pins().get(x);
        if (pin.spread().isEmpty()) {
          continue;
        }
        String tag = pin.spread().orElseThrow().tag();
        Map<Optional<String>, Integer> available = new HashMap<>();
        for (PeerState peer : peers) {
          if (peer.freeBytes() > 0) {
            available.merge(Optional.ofNullable(peer.tags().get(tag)), 1, Integer::sum);
          }
        }
        int enoughValuesCap = pin.spread().orElseThrow().maxPerValue();
        int reachable = 0;
        for (int count : available.values()) {
          reachable += Math.min(enoughValuesCap, count);
        }
        Map<Optional<String>, Integer> used = new HashMap<>();
        for (String holder : placement.holdersOf(x)) {
          PeerState peer = problem.peers().get(problem.indexOfPeer(holder));
          used.merge(Optional.ofNullable(peer.tags().get(tag)), 1, Integer::sum);
        }
        if (reachable >= pin.replicationMax()) {
          // Enough values exist: at most k copies per value, and still the full replication.
          assertThat(used.values()).allMatch(count -> count <= enoughValuesCap);
        } else {
          // Too few values: as even as the values allow, never piling up in one value.
          int largestUse = used.values().stream().mapToInt(Integer::intValue).max().orElse(0);
          int smallestCapThatFits = smallestCap(available, pin.replicationMax(), enoughValuesCap);
          assertThat(largestUse).isLessThanOrEqualTo(smallestCapThatFits);
        }
      }
    }
  }

  @Property
  void rendezvousAgreesWithTheNaiveReference(
      @ForAll("tightRings") List<PeerState> peers, @ForAll("pinsets") List<Pin> pins) {
    assertThat(
            RendezvousPolicy.unbounded()
                .place(PlacementProblem.of(pins, peers, CONFIG))
                .allocations())
        .isEqualTo(NaiveReference.rendezvous(pins, peers, CONFIG, Double.POSITIVE_INFINITY));
    assertThat(
            RendezvousPolicy.standard()
                .place(PlacementProblem.of(pins, peers, CONFIG))
                .allocations())
        .isEqualTo(
            NaiveReference.rendezvous(pins, peers, CONFIG, RendezvousPolicy.DEFAULT_LOAD_BOUND));
  }

  @Property
  void balancedAgreesWithTheNaiveReference(
      @ForAll("tightRings") List<PeerState> peers, @ForAll("pinsets") List<Pin> pins) {
    assertThat(new BalancedPolicy().place(PlacementProblem.of(pins, peers, CONFIG)).allocations())
        .isEqualTo(NaiveReference.balanced(pins, peers, CONFIG));
  }

  @Property
  void rankingAgreesWithTheDirectDefinitionOnWeightedRings(
      @ForAll("ampleRings") List<PeerState> peers, @ForAll("pinsets") List<Pin> pins) {
    PlacementProblem problem = PlacementProblem.of(pins, peers, CONFIG);
    RendezvousRanking ranking = new RendezvousRanking(problem);
    for (int x = 0; x < problem.pinCount(); x++) {
      Pin pin = problem.pins().get(x);
      List<String> expected =
          problem.peers().stream()
              .filter(peer -> peer.freeBytes() > 0)
              .sorted(
                  java.util.Comparator.comparingDouble(
                          (PeerState peer) -> -NaiveReference.score(peer, pin.cid(), CONFIG))
                      .thenComparing(PeerState::id))
              .map(PeerState::id)
              .toList();
      for (int m = 1; m <= expected.size(); m++) {
        List<String> top = new ArrayList<>();
        for (int p : ranking.top(x, m)) {
          top.add(problem.peers().get(p).id());
        }
        assertThat(top).isEqualTo(expected.subList(0, m));
      }
    }
  }

  private static int smallestCap(Map<Optional<String>, Integer> available, int target, int k) {
    int total = available.values().stream().mapToInt(Integer::intValue).sum();
    if (total < target) {
      return Integer.MAX_VALUE;
    }
    for (int cap = k; ; cap++) {
      int reachable = 0;
      for (int count : available.values()) {
        reachable += Math.min(cap, count);
      }
      if (reachable >= target) {
        return cap;
      }
    }
  }

  @Provide
  Arbitrary<List<PeerState>> tightRings() {
    return rings(Arbitraries.of(0L, 1L, 2L, 3L, 5L, 8L).map(units -> units * Fixtures.MIB));
  }

  @Provide
  Arbitrary<List<PeerState>> ampleRings() {
    return rings(Arbitraries.of(Fixtures.TIB, Fixtures.TIB / 3, 2 * Fixtures.TIB));
  }

  private static Arbitrary<List<PeerState>> rings(Arbitrary<Long> capacities) {
    Arbitrary<PeerState> peer =
        Combinators.combine(
                Arbitraries.integers().between(0, 999),
                capacities,
                Arbitraries.of(0.0, 0.25, 0.5, 1.0),
                Arbitraries.of("r0", "r1", "r2", "none"))
            .as(
                (n, capacity, reliability, region) ->
                    new PeerState(
                        "12D3KooWpeer" + n,
                        capacity,
                        capacity,
                        0,
                        reliability,
                        region.equals("none") ? Map.of() : Map.of("region", region),
                        0));
    return peer.list().ofMinSize(1).ofMaxSize(8).uniqueElements(PeerState::id);
  }

  @Provide
  Arbitrary<List<Pin>> pinsets() {
    return pinsetsWith(Arbitraries.of(0, 1, 2));
  }

  @Provide
  Arbitrary<List<Pin>> unspreadPinsets() {
    return pinsetsWith(Arbitraries.just(0));
  }

  private static Arbitrary<List<Pin>> pinsetsWith(Arbitrary<Integer> spreads) {
    Arbitrary<Pin> pin =
        Combinators.combine(
                Arbitraries.integers().between(0, 10_000),
                Arbitraries.of(-1L, 0L, 1L, 2L, 3L),
                Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(0, 2),
                spreads)
            .as(
                (n, sizeUnits, min, extra, spread) ->
                    new Pin(
                        Fixtures.cid(n),
                        sizeUnits < 0
                            ? OptionalLong.empty()
                            : OptionalLong.of(sizeUnits * Fixtures.MIB),
                        min,
                        min + extra,
                        spread == 0
                            ? Optional.empty()
                            : Optional.of(new SpreadConstraint("region", spread))));
    return pin.list().ofMaxSize(10).uniqueElements(Pin::cid);
  }
}
