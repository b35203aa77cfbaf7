package org.pinring.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pinring.crdt.internal.DeltaCodec;
import org.pinring.crdt.testing.TestRing;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.ipld.DagCbor;
import org.pinring.runtime.SeededRandom;

/** The serving side of sub-DAG requests: what is sent, in which order, and what is not. */
class SubDagResponderTest {

  private final TestRing ring = new TestRing(SeededRandom.fromSeed(8));
  private final SignedOperation operation = ring.pin(TestRing.cid(1));
  private final Map<Cid, byte[]> blocks = new HashMap<>();
  private final Map<Cid, Long> heights = new HashMap<>();

  private Cid delta(List<Cid> parents) {
    return delta(parents, operation);
  }

  private Cid delta(List<Cid> parents, SignedOperation carried) {
    long height = 0;
    for (Cid parent : parents) {
      height = Math.max(height, heights.get(parent));
    }
    // The same signed operation replayed in every delta: cheap, and valid.
    byte[] block =
        DeltaCodec.encode(new Delta(TestRing.RING, height + 1, parents, List.of(carried)));
    Cid cid = DagCbor.cidOf(block);
    blocks.put(cid, block);
    heights.put(cid, height + 1);
    return cid;
  }

  private List<Cid> chain(Cid from, int length) {
    return chain(from, length, operation);
  }

  private List<Cid> chain(Cid from, int length, SignedOperation carried) {
    List<Cid> chain = new ArrayList<>();
    Cid previous = from;
    for (int i = 0; i < length; i++) {
      previous = delta(previous == null ? List.of() : List.of(previous), carried);
      chain.add(previous);
    }
    return chain;
  }

  private List<Cid> respond(List<Cid> roots, List<Cid> stopAt, int maxBlocks) {
    List<Cid> cids = new ArrayList<>();
    for (Block block :
        SubDagResponder.respond(
            blocks::get, new SubDagRequest(roots, stopAt, maxBlocks, 1L << 30))) {
      cids.add(block.cid());
    }
    return cids;
  }

  @Test
  void sendsEverythingAboveTheAskersHeadsInDescendingHeight() {
    List<Cid> chain = chain(null, 100);
    List<Cid> answer = respond(List.of(chain.get(99)), List.of(chain.get(39)), 1000);
    List<Cid> expected = new ArrayList<>(chain.subList(40, 100));
    java.util.Collections.reverse(expected);
    assertThat(answer).isEqualTo(expected);
  }

  @Test
  void doesNotSendWhatIsReachableFromTheAskersHeadsThroughAnotherBranch() {
    List<Cid> trunk = chain(null, 10);
    List<Cid> left = chain(trunk.get(9), 5);
    // Another operation: equal content on the same parents would be the very same delta.
    List<Cid> right = chain(trunk.get(9), 3, ring.pin(TestRing.cid(2)));
    Cid merge = delta(List.of(left.get(4), right.get(2)));
    // The asker has the right branch: it needs the merge and the left branch only.
    List<Cid> answer = respond(List.of(merge), List.of(right.get(2)), 1000);
    List<Cid> expected = new ArrayList<>(List.of(merge));
    for (int i = 4; i >= 0; i--) {
      expected.add(left.get(i));
    }
    assertThat(answer).isEqualTo(expected);
  }

  @Test
  void stopsAtTheBlockLimitKeepingTheHighestBlocks() {
    List<Cid> chain = chain(null, 50);
    List<Cid> answer = respond(List.of(chain.get(49)), List.of(chain.get(0)), 10);
    assertThat(answer).hasSize(10).first().isEqualTo(chain.get(49));
    assertThat(answer.get(9)).isEqualTo(chain.get(40));
  }

  @Test
  void anUnknownStopSendsEverythingItHasWithinTheLimits() {
    List<Cid> chain = chain(null, 20);
    Cid unknown = DagCbor.cidOf(new byte[] {42});
    assertThat(respond(List.of(chain.get(19)), List.of(unknown), 1000)).hasSize(20);
  }

  @Test
  void treesAreSentBreadthFirstWithParentsBeforeChildren() {
    List<Cid> chain = chain(null, 5);
    List<Cid> answer = respond(List.of(chain.get(4)), List.of(), 1000);
    assertThat(answer).hasSize(5).first().isEqualTo(chain.get(4));
    assertThat(answer.get(4)).isEqualTo(chain.get(0));
  }

  @Test
  void missingBlocksAreSkipped() {
    List<Cid> chain = chain(null, 10);
    blocks.remove(chain.get(5));
    assertThat(respond(List.of(chain.get(9)), List.of(chain.get(0)), 1000))
        .containsExactly(chain.get(9), chain.get(8), chain.get(7), chain.get(6));
  }
}
