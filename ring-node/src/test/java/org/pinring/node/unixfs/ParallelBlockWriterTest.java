package org.pinring.node.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinring.multiformats.Cid;
import org.pinring.node.blockstore.BlockStore;
import org.pinring.node.blockstore.QuotaExceededException;
import org.pinring.node.repo.ByteSize;
import org.pinring.node.repo.RepoConfig;
import org.pinring.node.repo.Repository;

class ParallelBlockWriterTest {

  @TempDir Path directory;
  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void storesEverythingBeforeFlushReturnsAndGivesTheSameRoot() throws IOException {
    byte[] content = PatternInputStream.bytes(3_000_000, 3, 1);
    try (Repository repository = Repository.create(directory, RepoConfig.defaults());
        BlockStore.Session session = repository.blocks().openSession()) {
      ParallelBlockWriter writer = new ParallelBlockWriter(session, pool, 3L << 18);

      Cid root = new UnixFsImporter(ImportPreset.KUBO.options(), writer).importBytes(content);

      assertThat(root)
          .isEqualTo(
              new UnixFsImporter(ImportPreset.KUBO.options(), BlockSink.discarding())
                  .importBytes(content));
      assertThat(repository.blocks().stats().blocks()).isEqualTo(13); // 12 leaves and a root
    }
  }

  /**
   * Raw leaves hold the importer's chunk arrays, which it reuses once a leaf is stored: every
   * stored block must still hold its own bytes.
   */
  @Test
  void reusedChunkArraysNeverCorruptStoredLeaves() throws IOException {
    byte[] content = PatternInputStream.bytes(10 * 1024 * 1024 + 3, 13, 7);
    try (Repository repository = Repository.create(directory, RepoConfig.defaults())) {
      Cid root;
      try (BlockStore.Session session = repository.blocks().openSession()) {
        root =
            new UnixFsImporter(
                    ImportPreset.HELIA.options(), new ParallelBlockWriter(session, pool, 2L << 20))
                .importBytes(content);
      }

      assertThat(repository.blocks().scrub(false).healthy()).isTrue();
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      new UnixFsExporter(repository.blocks(), org.pinring.node.dag.DagLimits.defaults())
          .cat(root, out);
      assertThat(out.toByteArray()).isEqualTo(content);
    }
  }

  @Test
  void surfacesTheFirstFailureFromPutOrFlush() throws IOException {
    RepoConfig tiny = RepoConfig.defaults().withLent(ByteSize.parse("1MiB"));
    try (Repository repository = Repository.create(directory, tiny);
        BlockStore.Session session = repository.blocks().openSession()) {
      ParallelBlockWriter writer = new ParallelBlockWriter(session, pool, 2L << 20);
      UnixFsImporter importer = new UnixFsImporter(ImportPreset.KUBO.options(), writer);

      assertThatThrownBy(() -> importer.importBytes(PatternInputStream.bytes(3_000_000, 5, 2)))
          .isInstanceOf(QuotaExceededException.class);
      assertThat(repository.blocks().stats().bytes()).isLessThanOrEqualTo(1 << 20);
    }
  }

  /**
   * A failed import must not leave writes running once its writer is closed: the CLI closes the
   * session and the store right after, and a write reaching a closed LevelDB crashes the JVM.
   */
  @Test
  void closeWaitsForEveryWriteInFlight() throws Exception {
    java.util.concurrent.BlockingQueue<Runnable> queued =
        new java.util.concurrent.LinkedBlockingQueue<>();
    java.util.concurrent.Executor manual = queued::add;
    try (Repository repository = Repository.create(directory, RepoConfig.defaults());
        BlockStore.Session session = repository.blocks().openSession()) {
      ParallelBlockWriter writer = new ParallelBlockWriter(session, manual, 4L << 20);
      writer.put(
          org.pinring.node.blockstore.Block.hash(
              org.pinring.multiformats.Multicodec.RAW, 1, new byte[] {1, 2, 3}));
      java.util.concurrent.CompletableFuture<Void> closed =
          java.util.concurrent.CompletableFuture.runAsync(writer::close, pool);

      // The write has not run: close must still be waiting after the closer has parked.
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
      while (!hasParkedThreadIn("awaitWrites") && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(closed).isNotDone();

      queued.take().run();
      closed.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(repository.blocks().stats().blocks()).isEqualTo(1);
    }
  }

  /**
   * The window is counted in bytes: four 256 KiB blocks fit in 1 MiB together, a fifth waits until
   * one of them is stored.
   */
  @Test
  void theWindowCountsBytesSoSmallBlocksOverlapMore() throws Exception {
    java.util.concurrent.BlockingQueue<Runnable> queued =
        new java.util.concurrent.LinkedBlockingQueue<>();
    try (Repository repository = Repository.create(directory, RepoConfig.defaults());
        BlockStore.Session session = repository.blocks().openSession()) {
      ParallelBlockWriter writer = new ParallelBlockWriter(session, queued::add, 1L << 20);
      for (int i = 0; i < 4; i++) {
        writer.put(rawBlock(i, 256 << 10));
      }
      assertThat(queued).hasSize(4);
      java.util.concurrent.CompletableFuture<Void> fifth =
          java.util.concurrent.CompletableFuture.runAsync(
              () -> writer.put(rawBlock(4, 256 << 10)), pool);
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
      while (!hasParkedThreadIn("acquire") && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(fifth).isNotDone();

      queued.take().run();
      fifth.get(30, java.util.concurrent.TimeUnit.SECONDS);
      while (!queued.isEmpty()) {
        queued.take().run();
      }
      writer.flush();
      assertThat(repository.blocks().stats().blocks()).isEqualTo(5);
    }
  }

  /** A block larger than the whole window still goes through, alone. */
  @Test
  void aBlockLargerThanTheWindowTakesTheWholeWindow() throws IOException {
    try (Repository repository = Repository.create(directory, RepoConfig.defaults());
        BlockStore.Session session = repository.blocks().openSession()) {
      ParallelBlockWriter writer = new ParallelBlockWriter(session, pool, 1000);
      writer.put(rawBlock(1, 5000));
      writer.put(rawBlock(2, 10));
      writer.flush();
      assertThat(repository.blocks().stats().blocks()).isEqualTo(2);
    }
  }

  private static org.pinring.node.blockstore.Block rawBlock(long seed, int size) {
    byte[] data = new byte[size];
    new java.util.Random(seed).nextBytes(data);
    return org.pinring.node.blockstore.Block.hash(org.pinring.multiformats.Multicodec.RAW, 1, data);
  }

  private static boolean hasParkedThreadIn(String method) {
    for (java.util.Map.Entry<Thread, StackTraceElement[]> thread :
        Thread.getAllStackTraces().entrySet()) {
      if (thread.getKey().getState() == Thread.State.WAITING) {
        for (StackTraceElement frame : thread.getValue()) {
          if (frame.getMethodName().equals(method)) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
