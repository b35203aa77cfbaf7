package org.pinring.node.unixfs;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.pinring.node.blockstore.Block;
import org.pinring.node.blockstore.BlockStore;

/**
 * A {@link BlockSink} that stores blocks through a session on an executor's threads, so hashing the
 * next chunk overlaps writing (and fsyncing) the previous ones; parallel fsyncs also let the file
 * system commit them together. At most {@code maxBytesInFlight} bytes of blocks wait or are being
 * written at once, which bounds memory; {@link #put} blocks while the window is full. The window is
 * counted in bytes so that small blocks, whose cost is mostly the per-file fsyncs, get more overlap
 * than large ones for the same memory ({@link BlockWriting}). A block larger than the window takes
 * the whole window.
 *
 * <p>The first failure of any write (a full quota, a disk error) is rethrown by the next {@link
 * #put} and by {@link #flush}. One importing thread calls put and flush; the executor belongs to
 * the caller (the composition root creates threads, not this class). {@link #close} waits for the
 * writes in flight, so a caller that closes the writer before its session (try-with-resources in
 * that order) never has a write reach a closed session or store, even when the import failed.
 */
public final class ParallelBlockWriter implements BlockSink, AutoCloseable {

  private final BlockStore.Session session;
  private final Executor executor;

  /** The window in permits, one per byte (a block takes at least one). */
  private final int window;

  private final Semaphore slots;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  /**
   * @param session where blocks are stored; the caller closes it after this writer
   * @param executor runs the writes (typically {@link BlockWriting#newWriterPool}); owned by the
   *     caller
   * @param maxBytesInFlight bytes of blocks waiting or being written at once, at most {@link
   *     Integer#MAX_VALUE}
   */
  public ParallelBlockWriter(BlockStore.Session session, Executor executor, long maxBytesInFlight) {
    if (maxBytesInFlight < 1 || maxBytesInFlight > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "maxBytesInFlight must be between 1 and " + Integer.MAX_VALUE + ": " + maxBytesInFlight);
    }
    this.session = Objects.requireNonNull(session, "session");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.window = (int) maxBytesInFlight;
    this.slots = new Semaphore(window);
  }

  /** A writer with {@code writing}'s window on {@code executor}. */
  public ParallelBlockWriter(BlockStore.Session session, Executor executor, BlockWriting writing) {
    this(session, executor, writing.maxBytesInFlight());
  }

  @Override
  public void put(Block block) {
    put(block, () -> {});
  }

  /** Always: {@code released} runs once the block is stored or its write has failed. */
  @Override
  public boolean releasesBlocks() {
    return true;
  }

  @Override
  public void put(Block block, Runnable released) {
    if (failure.get() != null) {
      awaitWrites();
      rethrowFailure();
    }
    int permits = Math.max(1, Math.min(block.size(), window));
    acquire(permits);
    try {
      executor.execute(
          () -> {
            try {
              if (failure.get() == null) {
                session.put(block);
              }
            } catch (RuntimeException | Error e) {
              failure.compareAndSet(null, e);
            } finally {
              released.run();
              slots.release(permits);
            }
          });
    } catch (RuntimeException rejected) {
      released.run();
      slots.release(permits);
      throw rejected;
    }
  }

  @Override
  public void flush() {
    awaitWrites();
    rethrowFailure();
  }

  /** Waits for the writes in flight, without reporting their failure (see {@link #flush}). */
  @Override
  public void close() {
    awaitWrites();
  }

  private void awaitWrites() {
    acquire(window);
    slots.release(window);
  }

  private void acquire(int permits) {
    try {
      slots.acquire(permits);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for block writes", e);
    }
  }

  private void rethrowFailure() {
    Throwable thrown = failure.get();
    if (thrown instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (thrown instanceof Error error) {
      throw error;
    }
  }
}
