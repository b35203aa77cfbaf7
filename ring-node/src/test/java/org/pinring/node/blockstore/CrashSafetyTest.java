package org.pinring.node.blockstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A crash at each step of a block write, simulated by stopping the write there and abandoning the
 * store as a killed process would: after reopening, the interrupted block is not visible and left
 * no file, what was stored before is intact, and the totals are right. (ProcessKillTest does the
 * same with a real kill -9.)
 */
class CrashSafetyTest {

  @TempDir Path directory;

  /** Thrown by the write observer: an Error, so no cleanup code runs, as in a crash. */
  private static final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;
  }

  @ParameterizedTest
  @EnumSource(FlatFsLayout.WriteStep.class)
  void aCrashDuringAWriteLeavesNoPartialBlockVisible(FlatFsLayout.WriteStep step)
      throws IOException {
    try (StoreFixture fixture = new StoreFixture(directory, 1L << 30)) {
      List<Block> before = TestBlocks.dag(1, 3, 2000);
      try (BlockStore.Session session = fixture.store.openSession()) {
        before.forEach(session::put);
      }
      Block interrupted = TestBlocks.raw(99, 5000);
      fixture.store.observeWrites(
          (reached, multihash) -> {
            if (reached == step && multihash.equals(interrupted.cid().multihash())) {
              throw new SimulatedCrash();
            }
          });
      BlockStore.Session session = fixture.store.openSession();
      assertThatThrownBy(() -> session.put(interrupted)).isInstanceOf(SimulatedCrash.class);

      fixture.crashAndReopen();

      assertThat(fixture.store.has(interrupted.cid())).isFalse();
      assertThat(fixture.store.get(interrupted.cid())).isEmpty();
      assertThat(directory.resolve("blocks/.temp")).isEmptyDirectory();
      assertThat(QuotaTest.blockFiles(directory)).hasSize(before.size());
      long expectedBytes = before.stream().mapToLong(Block::size).sum();
      assertThat(fixture.store.stats().bytes()).isEqualTo(expectedBytes);
      assertThat(fixture.store.stats().blocks()).isEqualTo(before.size());
      for (Block block : before) {
        assertThat(fixture.store.get(block.cid())).contains(block);
      }
      assertThat(fixture.store.scrub(false).healthy()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(FlatFsLayout.WriteStep.class)
  void theInterruptedBlockCanBeWrittenAgainAfterRestart(FlatFsLayout.WriteStep step)
      throws IOException {
    try (StoreFixture fixture = new StoreFixture(directory, 1L << 30)) {
      Block block = TestBlocks.raw(7, 3000);
      fixture.store.observeWrites(
          (reached, multihash) -> {
            if (reached == step) {
              throw new SimulatedCrash();
            }
          });
      BlockStore.Session session = fixture.store.openSession();
      assertThatThrownBy(() -> session.put(block)).isInstanceOf(SimulatedCrash.class);
      fixture.crashAndReopen();

      try (BlockStore.Session again = fixture.store.openSession()) {
        again.put(block);
      }

      assertThat(fixture.store.get(block.cid())).contains(block);
      assertThat(fixture.store.stats().bytes()).isEqualTo(3000);
    }
  }

  @org.junit.jupiter.api.Test
  void aCompletedWriteSurvivesACrash() throws IOException {
    try (StoreFixture fixture = new StoreFixture(directory, 1L << 30)) {
      Block block = TestBlocks.raw(8, 4000);
      try (BlockStore.Session session = fixture.store.openSession()) {
        session.put(block);
      }

      fixture.crashAndReopen();

      assertThat(fixture.store.get(block.cid())).contains(block);
      assertThat(fixture.store.stats().bytes()).isEqualTo(4000);
    }
  }
}
