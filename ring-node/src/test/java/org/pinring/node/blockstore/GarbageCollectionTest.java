package org.pinring.node.blockstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinring.multiformats.Cid;
import org.pinring.node.dag.DagLimitException;
import org.pinring.node.dag.DagLimits;
import org.pinring.node.dag.DagWalker;

class GarbageCollectionTest {

  @TempDir Path directory;
  private StoreFixture fixture;
  private final Set<Cid> pins = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void open() throws IOException {
    fixture = new StoreFixture(directory, 1L << 30);
  }

  @AfterEach
  void close() throws IOException {
    fixture.close();
  }

  private GcReport collect() {
    return fixture.store.collectGarbage(() -> List.copyOf(pins), DagLimits.defaults());
  }

  private List<Block> storePinned(long seed) {
    List<Block> dag = TestBlocks.dag(seed, 4, 500);
    try (BlockStore.Session session = fixture.store.openSession()) {
      dag.forEach(session::put);
      pins.add(dag.get(0).cid());
    }
    return dag;
  }

  @Test
  void removesUnpinnedBlocksAndKeepsPinnedDags() {
    List<Block> pinned = storePinned(1);
    List<Block> unpinned = TestBlocks.dag(2, 3, 700);
    try (BlockStore.Session session = fixture.store.openSession()) {
      unpinned.forEach(session::put);
    }
    Block shared = pinned.get(1);

    GcReport report = collect();

    assertThat(report.removedBlocks()).isEqualTo(4);
    assertThat(report.freedBytes()).isEqualTo(unpinned.stream().mapToLong(Block::size).sum());
    pinned.forEach(b -> assertThat(fixture.store.has(b.cid())).isTrue());
    unpinned.forEach(b -> assertThat(fixture.store.has(b.cid())).isFalse());
    assertThat(fixture.store.has(shared.cid())).isTrue();
    assertThat(fixture.store.scrub(false).healthy()).isTrue();
  }

  @Test
  void anOpenSessionProtectsWhatItWroteAndClaimed() {
    Block old = TestBlocks.raw(3, 100);
    try (BlockStore.Session session = fixture.store.openSession()) {
      session.put(old);
    }
    Block fresh = TestBlocks.raw(4, 100);
    try (BlockStore.Session importing = fixture.store.openSession()) {
      importing.put(fresh);
      assertThat(importing.has(old.cid())).isTrue(); // found present: now protected too

      GcReport during = collect();

      assertThat(during.removedBlocks()).isZero();
      assertThat(during.keptUnreachable()).isEqualTo(2);
    }
    assertThat(collect().removedBlocks()).isEqualTo(2);
  }

  @Test
  void aSessionClosingDuringACollectionHandsItsBlocksToIt() {
    Block block = TestBlocks.raw(5, 100);
    BlockStore.Session session = fixture.store.openSession();
    session.put(block);

    // Right after the collection has taken its roots, the import pins its root and closes its
    // session, as another thread may at that moment. (The callback runs on the collecting
    // thread, which already holds the store's lock, so it stands in for that thread exactly.)
    GcReport report =
        fixture.store.collectGarbage(
            () -> {
              List<Cid> roots = List.copyOf(pins);
              pins.add(block.cid());
              session.close();
              return roots;
            },
            DagLimits.defaults());

    assertThat(report.roots()).isZero();
    assertThat(report.removedBlocks()).isZero();
    assertThat(report.keptUnreachable()).isEqualTo(1);
    assertThat(fixture.store.has(block.cid())).isTrue();
    assertThat(collect().removedBlocks()).isZero(); // now pinned
  }

  @Test
  void aPinnedDagBeyondTheLimitsStopsTheCollectionBeforeAnyRemoval() {
    List<Block> pinned = storePinned(6);
    try (BlockStore.Session session = fixture.store.openSession()) {
      session.put(TestBlocks.raw(7, 10));
    }

    assertThatThrownBy(
            () ->
                fixture.store.collectGarbage(
                    () -> List.copyOf(pins), DagLimits.defaults().withMaxBlocks(2)))
        .isInstanceOf(DagLimitException.class);
    assertThat(fixture.store.stats().blocks()).isEqualTo(pinned.size() + 1);
  }

  /**
   * Writers import and pin DAGs (each reusing blocks of earlier, possibly unpinned, DAGs) while
   * collections run back to back: no block of a pinned DAG is ever removed.
   */
  @Test
  void neverRemovesABlockOfAPinnedDagWhileWritersRun() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    AtomicBoolean writing = new AtomicBoolean(true);
    List<Future<?>> writers = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      int writer = w;
      writers.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 60; i++) {
                  long seed = writer * 1000L + i;
                  // Leaves shared with other DAGs (seed % 7), so writes often find blocks present.
                  Block leafA = TestBlocks.raw(seed % 7, 300);
                  Block leafB = TestBlocks.raw(seed + 10_000, 300);
                  Block root = TestBlocks.node("dag-" + seed, List.of(leafA.cid(), leafB.cid()));
                  try (BlockStore.Session session = fixture.store.openSession()) {
                    for (Block block : List.of(leafA, leafB, root)) {
                      if (!session.has(block.cid())) {
                        session.put(block);
                      }
                    }
                    if (i % 3 != 0) {
                      pins.add(root.cid());
                    }
                  }
                }
                return null;
              }));
    }
    Future<Integer> collector =
        pool.submit(
            () -> {
              int runs = 0;
              while (writing.get() || runs < 3) {
                collect();
                runs++;
              }
              return runs;
            });
    for (Future<?> writer : writers) {
      writer.get();
    }
    writing.set(false);
    assertThat(collector.get()).isGreaterThan(2);
    pool.shutdown();

    collect();
    DagWalker walker = new DagWalker(fixture.store::links, DagLimits.defaults());
    for (Cid root : pins) {
      walker.walk(
          root, (cid, depth) -> assertThat(fixture.store.get(cid)).as("%s", cid).isPresent());
    }
    assertThat(fixture.store.scrub(false).healthy()).isTrue();
  }
}
