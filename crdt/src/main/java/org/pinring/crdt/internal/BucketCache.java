package org.pinring.crdt.internal;

import java.util.Arrays;

/**
 * Decoded buckets of the state tree as committed, up to a memory budget, so that applying an
 * operation does not read its bucket from the store.
 *
 * <p>Why: each operation of a batch lands in its own bucket (65,536 of them), and every batch
 * rewrites the buckets it touches, so every LevelDB table file overlaps the whole bucket range and
 * a bucket read probes each of them. That read was the largest cost of the batched apply path once
 * the retired-operation probe was gone (docs/BENCHMARKS.md, "Where the time goes").
 *
 * <p>Entries are set from buckets read from the store and from every bucket a committed batch
 * wrote; they are never changed by a batch that does not commit. Buckets are hit uniformly (their
 * index is a hash), so when the budget is reached any entry is as good a victim as another: a clock
 * hand evicts the next cached ones. Confined to the replica's scheduler thread.
 */
final class BucketCache {

  /** Budget: enough for every bucket of about 1.5M records (40 bytes each in a bucket). */
  static final long DEFAULT_MAX_BYTES = 64L << 20;

  private static final int ENTRY_OVERHEAD_BYTES = 64;

  private final Bucket[] buckets = new Bucket[StateTree.BUCKETS];
  private final long maxBytes;
  private long bytes;
  private int hand;

  BucketCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** The committed bucket, or null if it is not cached. */
  Bucket get(int index) {
    return buckets[index];
  }

  /** Caches the committed content of a bucket, evicting others if over the budget. */
  void put(int index, Bucket bucket) {
    remove(index);
    long size = sizeOf(bucket);
    if (size > maxBytes) {
      return;
    }
    while (bytes + size > maxBytes) {
      remove(hand);
      hand = (hand + 1) % buckets.length;
    }
    buckets[index] = bucket;
    bytes += size;
  }

  /** Forgets every bucket (the state was emptied). */
  void clear() {
    Arrays.fill(buckets, null);
    bytes = 0;
  }

  /** Bytes the cached buckets take, roughly. */
  long bytes() {
    return bytes;
  }

  private void remove(int index) {
    Bucket old = buckets[index];
    if (old != null) {
      buckets[index] = null;
      bytes -= sizeOf(old);
    }
  }

  private static long sizeOf(Bucket bucket) {
    return ENTRY_OVERHEAD_BYTES + (long) bucket.count() * (Bucket.HASH_BYTES + Long.BYTES);
  }
}
