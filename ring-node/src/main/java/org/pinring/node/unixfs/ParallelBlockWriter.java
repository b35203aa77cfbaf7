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
 * system commit them together. At most {@code maxInFlight} blocks wait or are being written at
 * once, which bounds memory ({@code maxInFlight} times the largest block); {@link #put} blocks
 * while the limit is reached.
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
  private final int maxInFlight;
  private final Semaphore slots;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  public ParallelBlockWriter(BlockStore.Session session, Executor executor, int maxInFlight) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be positive");
    }
    this.session = Objects.requireNonNull(session, "session");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.maxInFlight = maxInFlight;
    this.slots = new Semaphore(maxInFlight);
  }

  @Override
  public void put(Block block) {
    put(block, () -> {});
  }

  @Override
  public void put(Block block, Runnable released) {
    if (failure.get() != null) {
      awaitWrites();
      rethrowFailure();
    }
    acquire(1);
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
              slots.release();
            }
          });
    } catch (RuntimeException rejected) {
      released.run();
      slots.release();
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
    acquire(maxInFlight);
    slots.release(maxInFlight);
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
