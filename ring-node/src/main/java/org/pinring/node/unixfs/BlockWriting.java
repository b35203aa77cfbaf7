package org.pinring.node.unixfs;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.pinring.node.blockstore.BlockStore;

/**
 * How an import stores its blocks: on how many writer threads, and with how many bytes of blocks at
 * most waiting or being written ({@link ParallelBlockWriter}). Each block's durable write
 * (temporary file, fdatasync, rename, directory fsync) mostly waits for the disk, and a journaling
 * file system commits concurrent fsyncs together, so more writes in flight store more blocks per
 * second, up to the disk's limit (docs/BENCHMARKS.md, "Content layer", has the measurements behind
 * the defaults). The window is counted in bytes, not blocks, so 256 KiB blocks (the kubo preset)
 * get four times the overlap of 1 MiB blocks for the same memory.
 *
 * @param writers writer threads, 1 to {@value #MAX_WRITERS}
 * @param maxBytesInFlight bytes of blocks queued or being written at once, from {@link
 *     BlockStore#MAX_BLOCK_BYTES} (any block fits) to {@value #MAX_BYTES_IN_FLIGHT}; this bounds
 *     the importer's memory beyond one chunk
 */
public record BlockWriting(int writers, long maxBytesInFlight) {

  public static final int MAX_WRITERS = 256;

  public static final long MAX_BYTES_IN_FLIGHT = 1L << 30;

  /** The default writer threads; see the class comment. */
  public static final int DEFAULT_WRITERS = 32;

  /** The default window: 32 MiB, 128 blocks of the kubo preset or 32 of the helia preset. */
  public static final long DEFAULT_BYTES_IN_FLIGHT = 32L << 20;

  public BlockWriting {
    if (writers < 1 || writers > MAX_WRITERS) {
      throw new IllegalArgumentException(
          "writers must be between 1 and " + MAX_WRITERS + ", not " + writers);
    }
    if (maxBytesInFlight < BlockStore.MAX_BLOCK_BYTES || maxBytesInFlight > MAX_BYTES_IN_FLIGHT) {
      throw new IllegalArgumentException(
          "the write window must be between "
              + BlockStore.MAX_BLOCK_BYTES
              + " and "
              + MAX_BYTES_IN_FLIGHT
              + " bytes, not "
              + maxBytesInFlight);
    }
  }

  public static BlockWriting defaults() {
    return new BlockWriting(DEFAULT_WRITERS, DEFAULT_BYTES_IN_FLIGHT);
  }

  public BlockWriting withWriters(int count) {
    return new BlockWriting(count, maxBytesInFlight);
  }

  public BlockWriting withMaxBytesInFlight(long bytes) {
    return new BlockWriting(writers, bytes);
  }

  /**
   * A pool of {@link #writers} threads for {@link ParallelBlockWriter}s, for a composition root to
   * own and shut down. Idle threads end after a few seconds, so a daemon that imports rarely holds
   * none; the threads are daemon threads named {@code namePrefix-N}.
   */
  public ExecutorService newWriterPool(String namePrefix) {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory threads =
        runnable -> {
          Thread thread = new Thread(runnable, namePrefix + "-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            writers, writers, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
