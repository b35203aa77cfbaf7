package org.pinring.crdt.internal;

import java.util.Arrays;
import org.pinring.crdt.kv.KeyValueEntry;
import org.pinring.crdt.kv.KeyValueIterator;
import org.pinring.crdt.kv.KeyValueReader;

/**
 * One bucket of the state tree: the SHA-256 hashes of its records, sorted (the leaf hash covers
 * exactly these), and an 8-byte fingerprint of each record's key, sorted (so "is this CID new?" is
 * answered without looking the record up).
 *
 * <p>Stored (format 3) as one entry per record, {@code b BUCKET HASH -> FINGERPRINT}: a prefix scan
 * of {@code b BUCKET} visits the hashes in the order the leaf hash wants, and the count is the
 * number of entries. Keying by hash rather than by fingerprint keeps keys unique even if two
 * records of a bucket share a fingerprint (distinct records have distinct encodings, so distinct
 * hashes). A batch writes one entry per added record and deletes one per removed record instead of
 * rewriting the whole bucket (docs/decisions.md, decision 65).
 *
 * <p>Immutable; changes return a new bucket.
 */
final class Bucket {

  static final int HASH_BYTES = 32;
  static final int FINGERPRINT_BYTES = 8;

  /** Length of a stored entry's key: family, bucket (2 bytes), record hash. */
  static final int ENTRY_KEY_BYTES = 3 + HASH_BYTES;

  static final Bucket EMPTY = new Bucket(new byte[0], new long[0]);

  private final byte[] hashes;
  private final long[] fingerprints;

  Bucket(byte[] hashes, long[] fingerprints) {
    if (hashes.length != fingerprints.length * HASH_BYTES) {
      throw new IllegalArgumentException("one hash per fingerprint");
    }
    this.hashes = hashes;
    this.fingerprints = fingerprints;
  }

  /** The key of a record's entry in its stored bucket. */
  static byte[] entryKey(int bucket, byte[] hash) {
    byte[] key = new byte[ENTRY_KEY_BYTES];
    key[0] = StoreLayout.BUCKET;
    key[1] = (byte) (bucket >>> 8);
    key[2] = (byte) bucket;
    System.arraycopy(hash, 0, key, 3, HASH_BYTES);
    return key;
  }

  /** The value of a record's entry: its key fingerprint, big-endian. */
  static byte[] entryValue(long fingerprint) {
    byte[] value = new byte[FINGERPRINT_BYTES];
    for (int i = 0; i < FINGERPRINT_BYTES; i++) {
      value[i] = (byte) (fingerprint >>> (56 - 8 * i));
    }
    return value;
  }

  /** The bucket index of a stored entry's key. */
  static int indexOf(byte[] entryKey) {
    return ((entryKey[1] & 0xFF) << 8) | (entryKey[2] & 0xFF);
  }

  /**
   * Reads one bucket from its stored entries (a prefix scan).
   *
   * @throws IllegalStateException if an entry is malformed (the store is corrupt)
   */
  static Bucket read(KeyValueReader reader, int index) {
    Assembler assembler = new Assembler(index);
    try (KeyValueIterator it = reader.scan(StoreLayout.bucketKey(StoreLayout.BUCKET, index))) {
      while (it.hasNext()) {
        assembler.add(it.next());
      }
    }
    return assembler.build();
  }

  /**
   * Reads every stored bucket in index order with one scan (opening a replica, exporting a
   * snapshot): a scan per bucket would cost an iterator per bucket, most of them over nothing. Not
   * thread-safe; close it.
   */
  static final class Scan implements AutoCloseable {
    private final KeyValueIterator it;
    private KeyValueEntry next;

    Scan(KeyValueReader reader) {
      this.it = reader.scan(StoreLayout.prefix(StoreLayout.BUCKET));
      this.next = it.hasNext() ? it.next() : null;
    }

    /** Whether a non-empty bucket remains. */
    boolean hasNext() {
      return next != null;
    }

    /** The index of the next non-empty bucket; only when {@link #hasNext()}. */
    int nextIndex() {
      return indexOf(next.key());
    }

    /**
     * Bucket {@code index}; call with ascending indexes (entries of lower buckets not asked for are
     * skipped).
     *
     * @throws IllegalStateException if an entry is malformed (the store is corrupt)
     */
    Bucket bucket(int index) {
      Assembler assembler = new Assembler(index);
      while (next != null && indexOf(next.key()) <= index) {
        if (indexOf(next.key()) == index) {
          assembler.add(next);
        }
        next = it.hasNext() ? it.next() : null;
      }
      return assembler.build();
    }

    @Override
    public void close() {
      it.close();
    }
  }

  /**
   * Builds one bucket from its stored entries, given in key order (so the hashes arrive sorted).
   * Not thread-safe.
   */
  static final class Assembler {
    private final int index;
    private byte[] hashes = new byte[4 * HASH_BYTES];
    private long[] fingerprints = new long[4];
    private int count;

    Assembler(int index) {
      this.index = index;
    }

    /**
     * @throws IllegalStateException if the entry is not one of this bucket's (the store is corrupt)
     */
    void add(KeyValueEntry entry) {
      byte[] key = entry.key();
      byte[] value = entry.value();
      if (key.length != ENTRY_KEY_BYTES
          || key[0] != StoreLayout.BUCKET
          || indexOf(key) != index
          || value.length != FINGERPRINT_BYTES) {
        throw new IllegalStateException(
            "corrupt state bucket entry in the store (bucket " + index + ")");
      }
      if (count == fingerprints.length) {
        fingerprints = Arrays.copyOf(fingerprints, count * 2);
        hashes = Arrays.copyOf(hashes, count * 2 * HASH_BYTES);
      }
      System.arraycopy(key, 3, hashes, count * HASH_BYTES, HASH_BYTES);
      long fingerprint = 0;
      for (byte b : value) {
        fingerprint = (fingerprint << 8) | (b & 0xFF);
      }
      fingerprints[count++] = fingerprint;
    }

    Bucket build() {
      if (count == 0) {
        return EMPTY;
      }
      long[] sorted = Arrays.copyOf(fingerprints, count);
      Arrays.sort(sorted);
      return new Bucket(Arrays.copyOf(hashes, count * HASH_BYTES), sorted);
    }
  }

  int count() {
    return fingerprints.length;
  }

  /** The sorted, packed record hashes: what the leaf hash covers. */
  byte[] packedHashes() {
    return hashes;
  }

  byte[] leafHash() {
    return StateTree.leafHash(hashes);
  }

  /** False if no record with this key fingerprint is in the bucket; true if one may be. */
  boolean mayContain(long fingerprint) {
    return Arrays.binarySearch(fingerprints, fingerprint) >= 0;
  }

  /**
   * The top 16 bits of each key fingerprint, in the same (signed) order as the fingerprints: what a
   * {@link RecordFilter} keeps of this bucket.
   */
  short[] shortFingerprints() {
    short[] result = new short[fingerprints.length];
    for (int i = 0; i < fingerprints.length; i++) {
      result[i] = shortFingerprint(fingerprints[i]);
    }
    return result;
  }

  /** The top 16 bits of a key fingerprint (an arithmetic shift keeps the signed order). */
  static short shortFingerprint(long fingerprint) {
    return (short) (fingerprint >> 48);
  }

  /** The bucket with a new record (its key fingerprint and hash). */
  Bucket withNewRecord(long fingerprint, byte[] hash) {
    int at = Arrays.binarySearch(fingerprints, fingerprint);
    long[] grown = new long[fingerprints.length + 1];
    int insert = at >= 0 ? at : -at - 1;
    System.arraycopy(fingerprints, 0, grown, 0, insert);
    grown[insert] = fingerprint;
    System.arraycopy(fingerprints, insert, grown, insert + 1, fingerprints.length - insert);
    return new Bucket(BucketHashes.insert(hashes, hash), grown);
  }

  /** The bucket without a record (one copy of its key fingerprint and its hash). */
  Bucket withoutRecord(long fingerprint, byte[] hash) {
    int at = Arrays.binarySearch(fingerprints, fingerprint);
    if (at < 0) {
      throw new IllegalStateException("removing a record the bucket does not list");
    }
    long[] shrunk = new long[fingerprints.length - 1];
    System.arraycopy(fingerprints, 0, shrunk, 0, at);
    System.arraycopy(fingerprints, at + 1, shrunk, at, fingerprints.length - at - 1);
    return new Bucket(BucketHashes.remove(hashes, hash), shrunk);
  }
}
