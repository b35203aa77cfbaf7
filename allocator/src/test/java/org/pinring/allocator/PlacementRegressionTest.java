package org.pinring.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pinring.allocator.Fixtures.GIB;
import static org.pinring.allocator.Fixtures.MIB;
import static org.pinring.allocator.Fixtures.TIB;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the allocator computes is a cross-peer contract, so speeding it up must not change a single
 * holder. Each digest below is SHA-256 over every pin's holders (or every plan step) of a fixed
 * problem, as computed by the allocator before its placement loop was optimised (commit e1ee63e,
 * docs/decisions.md "Placement work without changing its results"). The problems cover equal and
 * log-uniform weights, mixed reliabilities, spreading, min below max, rings where space runs out
 * (so walks leave the kept top peers), and repair and rebalance plans.
 */
class PlacementRegressionTest {

  private static final long NOW = 1L << 40;

  @Test
  void equalRingPlacementIsUnchanged() {
    PlacementProblem problem =
        Fixtures.problem(Fixtures.pins(30_000, MIB, 3), Fixtures.equalPeers(1_000, TIB));

    assertThat(
            List.of(
                digest(RendezvousPolicy.standard().place(problem)),
                digest(RendezvousPolicy.unbounded().place(problem))))
        .containsExactly(
            "e31d885aeeaff1be8b4606f2cd697c6febc6f01ae2cb27b32c0955f3cd61efdb",
            "e908515eb65cfa1291a49f36a038be4fa4652767dd999f16f9c986d372530dfa");
  }

  @Test
  void logUniformRingPlacementIsUnchanged() {
    PlacementProblem problem =
        Fixtures.problem(
            Fixtures.pins(30_000, MIB, 3), Fixtures.logUniformPeers(1_000, GIB, 2 * TIB, 7));

    assertThat(
            List.of(
                digest(RendezvousPolicy.standard().place(problem)),
                digest(RendezvousPolicy.unbounded().place(problem)),
                digest(new BalancedPolicy().place(problem))))
        .containsExactly(
            "b996de71c2410c6cb28879cb96183968f130a2ce6fd702d54da0c7e0dfd14983",
            "4c153cb0a3b034993aed4d93b896019890eb0e2522636dfd9598d0bef8cfbace",
            "89f477048eff23fcf7ee0803d2c1aa9776e49856e3dc3f729c654811133e4ad9");
  }

  @Test
  void mixedRingWithSpreadingIsUnchanged() {
    PlacementProblem problem = Fixtures.problem(mixedPins(20_000), mixedPeers(300, 2 * TIB));

    assertThat(
            List.of(
                digest(RendezvousPolicy.standard().place(problem)),
                digest(RendezvousPolicy.unbounded().place(problem))))
        .containsExactly(
            "586ff6762b305aac06247282523f91c0a9d2ee3fb11958d19d8a09d9ceb257f3",
            "d54584813594ebf352b0223eef5455c2d0567efa5f202c55b820f468ca32b19f");
  }

  @Test
  void ringShortOfSpaceIsUnchanged() {
    // About 60% of the demand fits: walks run past the kept peers into the full ranking.
    PlacementProblem problem = Fixtures.problem(mixedPins(20_000), mixedPeers(40, 8 * GIB));
    Placement bounded = RendezvousPolicy.standard().place(problem);
    assertThat(bounded.countBelowMax()).isGreaterThan(1_000);

    assertThat(List.of(digest(bounded), digest(RendezvousPolicy.unbounded().place(problem))))
        .containsExactly(
            "0d21fa68691d512085c3e1b3e9a4e47e2d92503f07f0c6e557c3e29aef61a9cd",
            "0d21fa68691d512085c3e1b3e9a4e47e2d92503f07f0c6e557c3e29aef61a9cd");
  }

  @Test
  void repairAndRebalancePlansAreUnchanged() {
    Allocator allocator =
        new Allocator(
            RendezvousPolicy.standard(), AllocatorConfig.DEFAULTS.withRebalanceFraction(0.5));
    List<Pin> pins = mixedPins(20_000);
    List<PeerState> all = new ArrayList<>();
    for (PeerState peer : mixedPeers(220, 2 * TIB)) {
      all.add(peer.withLastSeenMillis(NOW));
    }
    List<PeerState> ring = all.subList(0, 200);
    List<PinHolders> holders = holders(allocator.place(pins, ring, NOW));
    List<PeerState> down = new ArrayList<>(ring);
    for (int i = 0; i < down.size(); i += 10) {
      down.set(i, down.get(i).withLastSeenMillis(0));
    }

    assertThat(
            List.of(
                digest(allocator.repair(pins, down, holders, NOW).steps()),
                digest(allocator.rebalance(pins, all, holders, NOW).steps())))
        .containsExactly(
            "1ebdcfa76422b364e997971229e85b674d7abb6cb52c08f4bdacae0cf6bf1232",
            "bc802044884e51e30513789e3e343e6b3b7438aa2fb6678426ccca25a6c8f390");
  }

  /** Log-uniform capacities, reliabilities from 0 to 1 and five regions, as a ring would have. */
  private static List<PeerState> mixedPeers(int count, long maxCapacity) {
    List<PeerState> peers = new ArrayList<>();
    List<PeerState> sized = Fixtures.logUniformPeers(count, GIB, maxCapacity, 11);
    for (int i = 0; i < count; i++) {
      peers.add(
          sized.get(i).withReliability((i % 11) / 10.0).withTags(Map.of("region", "r" + i % 5)));
    }
    return peers;
  }

  /** Sizes 1-7 MiB, replication 1-4 with min below max on some, every fifth spread by region. */
  private static List<Pin> mixedPins(int count) {
    List<Pin> pins = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int min = 1 + i % 3;
      Pin pin = Pin.of(Fixtures.cid(i), (1 + i % 7) * MIB, min).withReplication(min, min + i % 2);
      pins.add(i % 5 == 0 ? pin.spreadAcross(SpreadConstraint.across("region")) : pin);
    }
    return pins;
  }

  private static List<PinHolders> holders(Placement placement) {
    List<PinHolders> holders = new ArrayList<>();
    for (int x = 0; x < placement.problem().pinCount(); x++) {
      holders.add(
          new PinHolders(
              placement.problem().pins().get(x).cid(),
              placement.holdersOf(x).stream().map(Holder::confirmed).toList()));
    }
    return holders;
  }

  private static String digest(Placement placement) {
    StringBuilder text = new StringBuilder();
    placement
        .allocations()
        .forEach((cid, peers) -> text.append(cid).append(':').append(peers).append('\n'));
    return sha256(text.toString());
  }

  private static String digest(List<PlanStep> steps) {
    StringBuilder text = new StringBuilder();
    for (PlanStep step : steps) {
      text.append(step).append('\n');
    }
    return sha256(text.toString());
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is required of every JVM", e);
    }
  }
}
