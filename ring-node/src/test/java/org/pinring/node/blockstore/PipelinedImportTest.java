package org.pinring.node.blockstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multihash;
import org.pinring.node.dag.DagLimits;
import org.pinring.node.dag.DagWalker;
import org.pinring.node.unixfs.BlockSink;
import org.pinring.node.unixfs.ImportPreset;
import org.pinring.node.unixfs.ParallelBlockWriter;
import org.pinring.node.unixfs.UnixFsImporter;

/**
 * The store's contract with many writes of one import in flight at once ({@link
 * ParallelBlockWriter}, as {@code pinring add} and the daemon's {@code /add} store blocks): a write
 * that fails in the middle surfaces as the store's error and leaves nothing behind, quota counts
 * the writes in flight and gives back those that fail, and garbage collection never removes a block
 * an import in flight has written or is writing.
 */
class PipelinedImportTest {

  private static final long WAIT_SECONDS = 30;

  @TempDir Path directory;

  private final ExecutorService writers = Executors.newFixedThreadPool(8);
  private final ExecutorService importer = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    writers.shutdownNow();
    importer.shutdownNow();
  }

  /** 3 MB with the kubo preset: twelve 256 KiB leaves and a root. */
  private static byte[] content(long seed) {
    byte[] bytes = new byte[3_000_000];
    new java.util.Random(seed).nextBytes(bytes);
    return bytes;
  }

  private Cid importThrough(BlockStore.Session session, byte[] content) {
    return importThrough(session, content, 1L << 20);
  }

  private Cid importThrough(BlockStore.Session session, byte[] content, long window) {
    // The writer closes first: it waits for every write before the session is closed.
    try (ParallelBlockWriter writer = new ParallelBlockWriter(session, writers, window)) {
      return new UnixFsImporter(ImportPreset.KUBO.options(), writer).importBytes(content);
    }
  }

  @ParameterizedTest
  @EnumSource(FlatFsLayout.WriteStep.class)
  void aDiskErrorInTheMiddleSurfacesAndLeavesNothingHalfDone(FlatFsLayout.WriteStep step)
      throws IOException {
    try (StoreFixture fixture = new StoreFixture(directory, 1L << 30)) {
      AtomicInteger reached = new AtomicInteger();
      fixture.store.observeWrites(
          (at, multihash) -> {
            if (at == step && reached.incrementAndGet() == 5) {
              throw new UncheckedIOException(new IOException("simulated: no space left on device"));
            }
          });
      try (BlockStore.Session session = fixture.store.openSession()) {
        assertThatThrownBy(() -> importThrough(session, content(1)))
            .isInstanceOf(UncheckedIOException.class)
            .hasMessageContaining("no space left on device");
      }

      // Whatever was stored is complete and counted; nothing of the failed write remains.
      assertThat(directory.resolve("blocks/.temp")).isEmptyDirectory();
      ScrubReport scrub = fixture.store.scrub(false);
      assertThat(scrub.healthy()).as("%s", scrub).isTrue();
      assertThat(QuotaTest.blockFiles(directory)).hasSize((int) fixture.store.stats().blocks());
      assertThat(scrub.checkedBytes()).isEqualTo(fixture.store.stats().bytes());
      // Nothing stays reserved: the whole quota above what is stored can be written.
      assertQuotaFullyUsable(fixture);

      fixture.store.observeWrites((at, multihash) -> {});
      try (BlockStore.Session session = fixture.store.openSession()) {
        Cid root = importThrough(session, content(1));
        assertThat(root).isEqualTo(onlyHash(content(1)));
      }
    }
  }

  @Test
  void quotaCountsTheWritesInFlightAndGivesBackThoseThatFail() throws Exception {
    // Room for the import's first leaves and nothing else while they are in flight.
    long leaf = 262_158; // a kubo-preset leaf: 256 KiB of data and its UnixFS framing
    try (StoreFixture fixture = new StoreFixture(directory, 3 * leaf + 1000)) {
      CountDownLatch arrived = new CountDownLatch(3);
      CountDownLatch release = new CountDownLatch(1);
      fixture.store.observeWrites(
          (at, multihash) -> {
            if (at == FlatFsLayout.WriteStep.TEMP_SYNCED) {
              arrived.countDown();
              awaitQuietly(release);
              throw new UncheckedIOException(new IOException("simulated: device removed"));
            }
          });
      BlockStore.Session session = fixture.store.openSession();
      // A window of exactly three leaves: the fourth waits for the writer instead of the quota.
      Future<Cid> running = importer.submit(() -> importThrough(session, content(2), 3 * leaf));
      assertThat(arrived.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

      // Three leaves reserved: a block that fits in what is free on disk is refused all the same.
      try (BlockStore.Session other = fixture.store.openSession()) {
        assertThatThrownBy(() -> other.put(TestBlocks.raw(3, 2000)))
            .isInstanceOf(QuotaExceededException.class);
      }

      release.countDown();
      assertThatThrownBy(() -> running.get(WAIT_SECONDS, TimeUnit.SECONDS))
          .hasCauseInstanceOf(UncheckedIOException.class);
      session.close();

      assertThat(fixture.store.stats().bytes()).isZero();
      assertQuotaFullyUsable(fixture);
    }
  }

  @Test
  void collectionDuringAnImportNeverRemovesWhatItWroteOrIsWriting() throws Exception {
    try (StoreFixture fixture = new StoreFixture(directory, 1L << 30)) {
      // Let the first four leaves through, then hold every later write in flight.
      AtomicInteger started = new AtomicInteger();
      CountDownLatch held = new CountDownLatch(2);
      CountDownLatch release = new CountDownLatch(1);
      Set<Multihash> heldBlocks = ConcurrentHashMap.newKeySet();
      fixture.store.observeWrites(
          (at, multihash) -> {
            if (at == FlatFsLayout.WriteStep.RENAMED && started.incrementAndGet() > 4) {
              heldBlocks.add(multihash);
              held.countDown();
              awaitQuietly(release);
            }
          });
      BlockStore.Session session = fixture.store.openSession();
      Future<Cid> running = importer.submit(() -> importThrough(session, content(4)));
      assertThat(held.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      while (fixture.store.stats().blocks() < 4 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      long storedBefore = fixture.store.stats().blocks();
      assertThat(storedBefore).isEqualTo(4);

      // Nothing is pinned yet: only the session and the writes in flight protect the import.
      GcReport report = fixture.store.collectGarbage(List::of, DagLimits.defaults());

      assertThat(report.removedBlocks()).isZero();
      assertThat(fixture.store.stats().blocks()).isEqualTo(storedBefore);
      for (Multihash multihash : heldBlocks) {
        assertThat(fixture.store.layout().fileSize(multihash)).isPositive();
      }

      release.countDown();
      Cid root = running.get(WAIT_SECONDS, TimeUnit.SECONDS);
      Set<Cid> pins = Set.of(root);
      session.close();
      fixture.store.collectGarbage(() -> pins, DagLimits.defaults());

      new DagWalker(fixture.store::links, DagLimits.defaults())
          .walk(root, (cid, depth) -> assertThat(fixture.store.get(cid)).as("%s", cid).isPresent());
      assertThat(fixture.store.stats().blocks()).isEqualTo(13);
      assertThat(fixture.store.scrub(false).healthy()).isTrue();
    }
  }

  /** Writes blocks filling exactly the quota left: fails if any reservation was not released. */
  private static void assertQuotaFullyUsable(StoreFixture fixture) {
    fixture.store.observeWrites((at, multihash) -> {});
    BlockStore.Stats stats = fixture.store.stats();
    long free = stats.quotaBytes() - stats.bytes();
    int size = (int) Math.min(free, 100_000);
    fixture.store.setQuota(stats.bytes() + size);
    try (BlockStore.Session session = fixture.store.openSession()) {
      session.put(TestBlocks.raw(777, size));
    }
    assertThat(fixture.store.stats().bytes()).isEqualTo(stats.bytes() + size);
    fixture.store.setQuota(stats.quotaBytes());
  }

  private static Cid onlyHash(byte[] content) {
    return new UnixFsImporter(ImportPreset.KUBO.options(), BlockSink.discarding())
        .importBytes(content);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never released the write");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
