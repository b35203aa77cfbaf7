package org.pinring.node.unixfs;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Direct buffers of one full leaf's length, reused across the files of one import. The importer
 * reads each full chunk into one of them and the block store writes the leaf's file from it, so the
 * chunk is copied neither into the heap nor out of it; a buffer comes back once the sink has stored
 * its leaf. Allocating direct memory costs more than a heap array (it is zeroed, registered for
 * cleaning, and only freed after a garbage collection), hence the reuse.
 *
 * <p>At most {@link #MAX_SPARE_BYTES} of spare buffers are kept; the buffers in use are bounded by
 * the sink's write window, since the importer waits for the sink before reading on. Thread-safe:
 * buffers come back on the sink's threads.
 */
final class LeafBuffers {

  /** Spare buffers kept, in bytes; beyond it a returned buffer is left to the garbage collector. */
  static final int MAX_SPARE_BYTES = 64 * 1024 * 1024;

  private final int length;
  private final int maxSpare;
  private final ConcurrentLinkedQueue<ByteBuffer> spare = new ConcurrentLinkedQueue<>();
  private final AtomicInteger spareCount = new AtomicInteger();
  private final AtomicInteger allocated = new AtomicInteger();

  LeafBuffers(int length) {
    if (length <= 0) {
      throw new IllegalArgumentException("leaf length must be positive, not " + length);
    }
    this.length = length;
    this.maxSpare = Math.max(1, MAX_SPARE_BYTES / length);
  }

  int length() {
    return length;
  }

  /** A buffer of {@link #length()} bytes, position 0, limit at its capacity; contents undefined. */
  ByteBuffer take() {
    ByteBuffer buffer = spare.poll();
    if (buffer == null) {
      allocated.incrementAndGet();
      return ByteBuffer.allocateDirect(length);
    }
    spareCount.decrementAndGet();
    return buffer.clear();
  }

  /** Returns a buffer from {@link #take()} that no block uses any more. */
  void give(ByteBuffer buffer) {
    if (buffer.capacity() != length || !buffer.isDirect()) {
      throw new IllegalArgumentException("not one of this pool's buffers: " + buffer);
    }
    if (spareCount.incrementAndGet() <= maxSpare) {
      spare.offer(buffer);
    } else {
      spareCount.decrementAndGet();
    }
  }

  /** Spare buffers held now (for tests). */
  int spareCount() {
    return spareCount.get();
  }

  /** Buffers allocated so far, rather than reused (for tests). */
  int allocatedCount() {
    return allocated.get();
  }
}
