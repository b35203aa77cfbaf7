package org.pinring.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pinring.multiformats.Cid;

/** Matching holder entries to a problem's pins and peers. */
class HolderTableTest {

  private final PlacementProblem problem =
      Fixtures.problem(Fixtures.pins(2_000, 100, 2), Fixtures.equalPeers(5, 1_000_000));

  /** Which fixture number each pin's CID was made from. */
  private final Map<Cid, Integer> numbers = new HashMap<>();

  HolderTableTest() {
    for (int n = 0; n < 2_000; n++) {
      numbers.put(Fixtures.cid(n), n);
    }
  }

  @Test
  void everyEntryLandsOnItsPinInAnyOrderAndOtherPinsAreIgnored() {
    List<PinHolders> entries = new ArrayList<>();
    for (int n = 0; n < 2_000; n += 3) {
      entries.add(
          new PinHolders(
              Fixtures.cid(n),
              List.of(Holder.confirmed(Fixtures.peerId(n % 5)), Holder.pending("gone-peer"))));
    }
    // Pins the problem does not have.
    for (int n = 5_000; n < 5_100; n++) {
      entries.add(new PinHolders(Fixtures.cid(n), List.of(Holder.confirmed(Fixtures.peerId(0)))));
    }
    Collections.shuffle(entries, new Random(7));

    HolderTable table = HolderTable.of(problem, entries);

    long[] expectedUsed = new long[5];
    for (int x = 0; x < problem.pinCount(); x++) {
      PinHolders found = table.holders(x);
      int n = number(problem.pins().get(x));
      if (n % 3 != 0) {
        assertThat(found).isNull();
        assertThat(table.liveHolders(x)).isEmpty();
        continue;
      }
      assertThat(found.cid()).isEqualTo(problem.pins().get(x).cid());
      int peer = problem.indexOfPeer(Fixtures.peerId(n % 5));
      assertThat(table.liveHolders(x)).containsExactly(peer);
      for (int k = 0; k < found.holders().size(); k++) {
        assertThat(table.peerIndex(x, k))
            .isEqualTo(problem.indexOfPeer(found.holders().get(k).peer()));
      }
      expectedUsed[peer] += 100;
    }
    assertThat(table.usedBytes()).containsExactly(expectedUsed);
    assertThat(table.gonePeers()).containsExactly("gone-peer");
  }

  @Test
  void aCidListedTwiceIsRejectedWhetherOrNotTheProblemHasIt() {
    for (long n : new long[] {7, 9_999}) {
      List<PinHolders> entries =
          List.of(
              new PinHolders(Fixtures.cid(n), List.of(Holder.confirmed(Fixtures.peerId(1)))),
              new PinHolders(Fixtures.cid(3), List.of()),
              new PinHolders(Fixtures.cid(n), List.of(Holder.confirmed(Fixtures.peerId(2)))));
      assertThatThrownBy(() -> HolderTable.of(problem, entries))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("listed twice");
    }
  }

  private int number(Pin pin) {
    return numbers.get(pin.cid());
  }
}
