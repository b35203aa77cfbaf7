package org.pinring.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pinring.allocator.Fixtures.GIB;
import static org.pinring.allocator.Fixtures.MIB;
import static org.pinring.allocator.Fixtures.TIB;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The filtered ranking ({@link RendezvousRanking#top}) must give exactly the prefix of the full
 * ranking, whichever filter level finds it: the filters decide only how much work a pin takes.
 */
class RendezvousRankingTest {

  @Test
  void topIsThePrefixOfTheFullRankingOnEqualPeers() {
    assertTopMatchesFullRanking(Fixtures.equalPeers(500, TIB), 1.0);
  }

  @Test
  void topIsThePrefixOfTheFullRankingOnWeightedPeers() {
    assertTopMatchesFullRanking(Fixtures.logUniformPeers(500, GIB, 2 * TIB, 3), 1.0);
  }

  @Test
  void fallbacksGiveTheSameRankingWhenTheFiltersAreTooTight() {
    // A looseness of 1e-3 lets almost nobody through the first two filters, so nearly every pin
    // ends in the pass-everyone fallback; 0.3 makes the loose filter do part of the work.
    for (double looseness : new double[] {1e-3, 0.3}) {
      assertTopMatchesFullRanking(Fixtures.equalPeers(300, TIB), looseness);
      assertTopMatchesFullRanking(Fixtures.logUniformPeers(300, GIB, 2 * TIB, 5), looseness);
    }
  }

  @Test
  void smallRingsRankEveryPeer() {
    assertTopMatchesFullRanking(Fixtures.equalPeers(3, TIB), 1.0);
    assertTopMatchesFullRanking(Fixtures.logUniformPeers(7, GIB, 2 * TIB, 9), 1.0);
  }

  @Property
  void aDrawAtOrBelowItsBarNeverScoresAboveTheThreshold(
      @ForAll @DoubleRange(min = -30, max = 30) double logWeight,
      @ForAll @DoubleRange(min = -30, max = 30) double logThreshold,
      @ForAll @LongRange(min = 0, max = 1L << 20) long below) {
    double weight = Math.exp(logWeight);
    double threshold = Math.exp(logThreshold);
    long bar = DrawFilter.drawBar(weight, threshold);
    long u = Math.max(0, bar - below);
    if (bar >= 0) {
      assertThat(weight / PlacementHash.exponential(u)).isLessThanOrEqualTo(threshold);
    }
  }

  @Test
  void weightedFilterLetsAboutTheExpectedNumberOfPeersThrough() {
    List<PeerState> peers = Fixtures.logUniformPeers(1_000, GIB, 2 * TIB, 7);
    PlacementProblem problem = Fixtures.problem(Fixtures.pins(2_000, MIB, 3), peers);
    double[] weights = new double[problem.candidates().length];
    long[] keys = new long[weights.length];
    for (int c = 0; c < weights.length; c++) {
      weights[c] = problem.weight(problem.candidates()[c]);
      keys[c] = problem.peerKey(problem.candidates()[c]);
    }
    DrawFilter filter = DrawFilter.forWeights(weights, 16);
    long passed = 0;
    for (int x = 0; x < problem.pinCount(); x++) {
      for (int c = 0; c < keys.length; c++) {
        long u = PlacementHash.uniform52(PlacementHash.draw(keys[c], problem.pinKey(x)));
        passed += u > filter.bars()[c] ? 1 : 0;
      }
    }
    // 16 expected per pin; the safety margin adds a negligible few.
    assertThat(passed / (double) problem.pinCount()).isBetween(15.0, 17.0);
  }

  private static void assertTopMatchesFullRanking(List<PeerState> peers, double looseness) {
    PlacementProblem problem = Fixtures.problem(Fixtures.pins(3_000, MIB, 3), peers);
    RendezvousRanking ranking = new RendezvousRanking(problem, looseness);
    RendezvousRanking reference = new RendezvousRanking(problem);
    int[] buffer = new int[Pin.MAX_REPLICATION + RendezvousOrder.SLACK];
    for (int x = 0; x < problem.pinCount(); x++) {
      int[] all = reference.all(x);
      for (int m : new int[] {1, 4, 6, 67}) {
        int found = ranking.top(x, m, buffer);
        assertThat(found).isEqualTo(Math.min(m, all.length));
        assertThat(Arrays.copyOf(buffer, found))
            .as("pin %d, best %d", x, m)
            .isEqualTo(Arrays.copyOf(all, found));
      }
    }
  }
}
