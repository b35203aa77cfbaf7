package org.pinring.node.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.MultihashAlgorithm;

class DagWalkerTest {

  private final Map<Cid, List<Cid>> links = new HashMap<>();

  private static Cid cid(String name) {
    return Cid.v1(
        Multicodec.DAG_CBOR,
        MultihashAlgorithm.SHA2_256.digest(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  private Cid node(String name, Cid... children) {
    Cid cid = cid(name);
    links.put(cid, List.of(children));
    return cid;
  }

  private DagWalker.LinkSource source() {
    return cid -> {
      List<Cid> found = links.get(cid);
      if (found == null) {
        throw new MissingBlockException(cid);
      }
      return found;
    };
  }

  @Test
  void visitsEachBlockOnceDepthFirstInLinkOrder() {
    Cid d = node("d");
    Cid c = node("c", d);
    Cid b = node("b", d);
    Cid a = node("a", b, c, b);
    List<String> order = new ArrayList<>();
    Map<Cid, String> names = Map.of(a, "a", b, "b", c, "c", d, "d");

    DagWalker.Summary summary =
        new DagWalker(source(), DagLimits.defaults())
            .walk(a, (cid, depth) -> order.add(names.get(cid) + depth));

    assertThat(order).containsExactly("a0", "b1", "d2", "c1");
    assertThat(summary).isEqualTo(new DagWalker.Summary(4, 2));
  }

  /** 2^60 paths through 120 blocks: the walk costs 120 visits, not 2^60. */
  @Test
  void aDagWithExponentiallyManyPathsCostsOneVisitPerBlock() {
    Cid[] level = {node("l60a"), node("l60b")};
    for (int i = 59; i >= 0; i--) {
      level =
          new Cid[] {
            node("l" + i + "a", level[0], level[1]), node("l" + i + "b", level[1], level[0])
          };
    }
    Cid root = node("root", level[0], level[1]);
    long[] visits = {0};

    new DagWalker(source(), DagLimits.defaults()).walk(root, (cid, depth) -> visits[0]++);

    assertThat(visits[0]).isEqualTo(123);
  }

  @Test
  void aVeryDeepChainIsRefusedAtTheDepthLimitWithoutExhaustingTheStack() {
    Cid next = node("end");
    for (int i = 0; i < 100_000; i++) {
      next = node("n" + i, next);
    }
    Cid root = next;

    assertThatThrownBy(() -> new DagWalker(source(), DagLimits.defaults()).walk(root, (c, d) -> {}))
        .isInstanceOf(DagLimitException.class)
        .hasMessageContaining("deeper than 4096 levels");
    DagWalker.Summary summary =
        new DagWalker(source(), DagLimits.defaults().withMaxDepth(200_000))
            .walk(root, (c, d) -> {});
    assertThat(summary.maxDepth()).isEqualTo(100_000);
  }

  @Test
  void boundsBlockCountAndPendingLinks() {
    List<Cid> leaves = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      leaves.add(node("leaf" + i));
    }
    Cid wide = node("wide", leaves.toArray(new Cid[0]));

    assertThatThrownBy(
            () ->
                new DagWalker(source(), DagLimits.defaults().withMaxBlocks(50))
                    .walk(wide, (c, d) -> {}))
        .isInstanceOf(DagLimitException.class)
        .hasMessageContaining("more than 50 blocks");
    assertThatThrownBy(
            () ->
                new DagWalker(source(), DagLimits.defaults().withMaxPendingLinks(10))
                    .walk(node("top", wide), (c, d) -> {}))
        .isInstanceOf(DagLimitException.class)
        .hasMessageContaining("more than 10 links");
  }

  @Test
  void aMissingBlockStopsTheWalk() {
    Cid root = node("root", cid("absent"));

    assertThatThrownBy(() -> new DagWalker(source(), DagLimits.defaults()).walk(root, (c, d) -> {}))
        .isInstanceOf(MissingBlockException.class)
        .hasMessageContaining(cid("absent").toString());
  }
}
