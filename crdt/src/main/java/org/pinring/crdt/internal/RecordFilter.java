package org.pinring.crdt.internal;

import java.util.Arrays;

/**
 * Which state records may exist, as committed: for each bucket of the state tree, the top 16 bits
 * of its records' key fingerprints ({@link RecordKeys}), sorted. It is derived from the stored
 * buckets (when the replica opens, and from every bucket a committed batch wrote), so it never
 * answers "absent" for a record the store holds.
 *
 * <p>Why: applying a pin or update asks whether its operation is retired, a lookup of a key that
 * almost never exists. leveldbjni 1.8 has no Bloom filters, so LevelDB answers a missing key only
 * after probing every level, and that probe was the largest single cost of the batched apply path
 * (docs/BENCHMARKS.md, "Where the time goes"). With 16 bits per record a bucket of {@code n}
 * records passes a missing key with probability about {@code n / 65,536}.
 *
 * <p>Memory: 2 bytes per record plus an array header per non-empty bucket (about 3 MiB for 1M
 * records). Confined to the replica's scheduler thread, like the {@link StateTree}.
 */
final class RecordFilter {

  private static final short[] EMPTY = new short[0];

  private final short[][] buckets = new short[StateTree.BUCKETS][];

  RecordFilter() {
    Arrays.fill(buckets, EMPTY);
  }

  /** Sets a bucket's records to those of {@code contents} (as committed). */
  void set(int bucket, Bucket contents) {
    buckets[bucket] = contents.shortFingerprints();
  }

  /** Forgets every record (the state was emptied). */
  void clear() {
    Arrays.fill(buckets, EMPTY);
  }

  /** Whether {@code bucket} has no committed record (so it need not be read from the store). */
  boolean isEmpty(int bucket) {
    return buckets[bucket].length == 0;
  }

  /** False if no committed record of {@code bucket} has this key fingerprint. */
  boolean mayContain(int bucket, long fingerprint) {
    return Arrays.binarySearch(buckets[bucket], Bucket.shortFingerprint(fingerprint)) >= 0;
  }
}
