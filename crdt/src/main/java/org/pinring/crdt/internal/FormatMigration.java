package org.pinring.crdt.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.pinring.crdt.kv.KeyValueEntry;
import org.pinring.crdt.kv.KeyValueIterator;
import org.pinring.crdt.kv.KeyValueStore;
import org.pinring.crdt.kv.KeyValueStore.Durability;
import org.pinring.crdt.kv.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts a store of layout format 2 (each bucket one value, {@code b BUCKET -> count(4),
 * hashes(32 each, sorted), fingerprints(8 each, sorted)}) to format 3 (one entry per record, {@code
 * b BUCKET HASH -> FINGERPRINT}; see {@link Bucket}). Nothing else in the store differs between the
 * two formats.
 *
 * <p>Format 2 keeps hashes and fingerprints as two separately sorted lists, so which fingerprint
 * belongs to which hash is not stored; it is recomputed from the bucket's records ({@code s BUCKET
 * KEY}: the fingerprint from the key, the hash from the value), and the result is checked against
 * the stored lists, so a store whose buckets do not list their records fails instead of being
 * migrated into a different state.
 *
 * <p>Crash safety: each bucket is converted in one batch with the deletion of its format-2 value
 * (several buckets per batch, up to a bound on the entries written), so a bucket is either wholly
 * in one format or wholly in the other, and the format-2 values still present are exactly the work
 * left: a migration interrupted at any point is resumed by running it again. The format key is set
 * to 3 in the last batch, which is synced (and with it every batch before it).
 */
final class FormatMigration {

  private static final Logger log = LoggerFactory.getLogger(FormatMigration.class);

  /** Entries written per batch by default: about 3 MB of keys and values. */
  static final int DEFAULT_ENTRIES_PER_BATCH = 65_536;

  /** The key of a format-2 bucket: family and bucket index only. */
  private static final int WHOLE_BUCKET_KEY_BYTES = 3;

  private FormatMigration() {}

  /**
   * Migrates {@code store}, whose format key says 2, to the current format.
   *
   * @param entriesPerBatch write a batch once it holds at least this many bucket entries (a bucket
   *     is never split between batches)
   * @throws StoreException if the store refuses a write (run again to resume) or a format-2 bucket
   *     does not list exactly its records (the store is corrupt)
   */
  static void migrate(KeyValueStore store, int entriesPerBatch) {
    if (entriesPerBatch < 1) {
      throw new IllegalArgumentException("entriesPerBatch must be positive");
    }
    log.info("migrating the CRDT store from format 2 to format {}", StoreLayout.FORMAT_VERSION);
    long buckets = 0;
    long entries = 0;
    int batches = 0;
    StagedWrites staged = new StagedWrites(store);
    int inBatch = 0;
    // Both scans see the store as it was when they started; every bucket they reach later is one
    // this run has not converted yet, so what they show of it is current.
    try (KeyValueIterator bucketValues = store.scan(StoreLayout.prefix(StoreLayout.BUCKET));
        Records records = new Records(store.scan(StoreLayout.prefix(StoreLayout.RECORD)))) {
      while (bucketValues.hasNext()) {
        KeyValueEntry stored = bucketValues.next();
        if (stored.key().length != WHOLE_BUCKET_KEY_BYTES) {
          continue; // an entry of a bucket converted by an interrupted run
        }
        int index = Bucket.indexOf(stored.key());
        Pairs pairs = records.pairsOf(index);
        checkAgainstStored(index, stored.value(), pairs);
        staged.delete(stored.key());
        for (int i = 0; i < pairs.count; i++) {
          byte[] hash =
              Arrays.copyOfRange(pairs.hashes, i * Bucket.HASH_BYTES, (i + 1) * Bucket.HASH_BYTES);
          staged.put(Bucket.entryKey(index, hash), Bucket.entryValue(pairs.fingerprints[i]));
        }
        inBatch += pairs.count;
        entries += pairs.count;
        buckets++;
        if (inBatch >= entriesPerBatch) {
          store.write(staged.toBatch(), Durability.BUFFERED);
          batches++;
          staged = new StagedWrites(store);
          inBatch = 0;
        }
      }
    }
    staged.put(StoreLayout.formatKey(), new byte[] {(byte) StoreLayout.FORMAT_VERSION});
    store.write(staged.toBatch(), Durability.SYNC);
    log.info(
        "migrated the CRDT store to format {}: {} buckets, {} entries, {} batches",
        StoreLayout.FORMAT_VERSION,
        buckets,
        entries,
        batches + 1);
  }

  /** Requires the records' hashes and fingerprints to be exactly the stored format-2 lists. */
  private static void checkAgainstStored(int index, byte[] stored, Pairs pairs) {
    ByteBuffer buffer = ByteBuffer.wrap(stored);
    int count = stored.length >= 4 ? buffer.getInt() : -1;
    if (count != pairs.count
        || stored.length != 4 + count * (Bucket.HASH_BYTES + Bucket.FINGERPRINT_BYTES)) {
      throw corrupt(index);
    }
    byte[] sortedHashes = BucketHashes.EMPTY;
    for (int i = 0; i < pairs.count; i++) {
      sortedHashes =
          BucketHashes.insert(
              sortedHashes,
              Arrays.copyOfRange(pairs.hashes, i * Bucket.HASH_BYTES, (i + 1) * Bucket.HASH_BYTES));
    }
    if (!Arrays.equals(
            stored, 4, 4 + count * Bucket.HASH_BYTES, sortedHashes, 0, sortedHashes.length)
        || sortedHashes.length != count * Bucket.HASH_BYTES) {
      throw corrupt(index);
    }
    long[] sortedFingerprints = Arrays.copyOf(pairs.fingerprints, pairs.count);
    Arrays.sort(sortedFingerprints);
    buffer.position(4 + count * Bucket.HASH_BYTES);
    for (long fingerprint : sortedFingerprints) {
      if (buffer.getLong() != fingerprint) {
        throw corrupt(index);
      }
    }
  }

  private static StoreException corrupt(int index) {
    return new StoreException(
        "cannot migrate the CRDT store from format 2: bucket "
            + index
            + " does not list exactly its records (the store is corrupt)");
  }

  /** One bucket's records as (fingerprint, hash) pairs, in record key order. */
  private static final class Pairs {
    byte[] hashes = new byte[4 * Bucket.HASH_BYTES];
    long[] fingerprints = new long[4];
    int count;

    void add(long fingerprint, byte[] hash) {
      if (count == fingerprints.length) {
        fingerprints = Arrays.copyOf(fingerprints, count * 2);
        hashes = Arrays.copyOf(hashes, count * 2 * Bucket.HASH_BYTES);
      }
      fingerprints[count] = fingerprint;
      System.arraycopy(hash, 0, hashes, count * Bucket.HASH_BYTES, Bucket.HASH_BYTES);
      count++;
    }
  }

  /** The state records in key order (so by bucket), read bucket by bucket. */
  private static final class Records implements AutoCloseable {
    private final KeyValueIterator it;
    private KeyValueEntry next;

    Records(KeyValueIterator it) {
      this.it = it;
      this.next = it.hasNext() ? it.next() : null;
    }

    /** The records of bucket {@code index}, skipping those of lower buckets (already converted). */
    Pairs pairsOf(int index) {
      Pairs pairs = new Pairs();
      while (next != null && Bucket.indexOf(next.key()) <= index) {
        if (Bucket.indexOf(next.key()) == index) {
          byte[] recordKey = Arrays.copyOfRange(next.key(), 3, next.key().length);
          RecordKeys where = RecordKeys.of(recordKey);
          if (where.bucket() != index) {
            throw corrupt(index);
          }
          pairs.add(where.fingerprint(), StateTree.recordHash(next.value()));
        }
        next = it.hasNext() ? it.next() : null;
      }
      return pairs;
    }

    @Override
    public void close() {
      it.close();
    }
  }
}
