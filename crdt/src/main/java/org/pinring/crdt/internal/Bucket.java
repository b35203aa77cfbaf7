package org.pinring.crdt.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One bucket of the state tree as stored under {@code b BUCKET}: the SHA-256 hashes of its records,
 * sorted (the leaf hash covers exactly these), and an 8-byte fingerprint of each record's key,
 * sorted (so "is this CID new?" is answered without looking the record up; records are never
 * deleted only when they become empty, which removes one copy of their fingerprint). Layout: {@code
 * count(4) hash*count fingerprint*count}.
 *
 * <p>Immutable; changes return a new bucket.
 */
final class Bucket {

  static final int HASH_BYTES = 32;
  static final Bucket EMPTY = new Bucket(new byte[0], new long[0]);

  private final byte[] hashes;
  private final long[] fingerprints;

  private Bucket(byte[] hashes, long[] fingerprints) {
    this.hashes = hashes;
    this.fingerprints = fingerprints;
  }

  /**
   * @throws IllegalStateException if the bytes are not a bucket (the store is corrupt)
   */
  static Bucket decode(byte[] stored) {
    if (stored == null) {
      return EMPTY;
    }
    ByteBuffer buffer = ByteBuffer.wrap(stored);
    int count = buffer.getInt();
    if (count < 0 || stored.length != 4 + count * (HASH_BYTES + 8)) {
      throw new IllegalStateException("corrupt bucket in the store");
    }
    byte[] hashes = new byte[count * HASH_BYTES];
    buffer.get(hashes);
    long[] fingerprints = new long[count];
    for (int i = 0; i < count; i++) {
      fingerprints[i] = buffer.getLong();
    }
    return new Bucket(hashes, fingerprints);
  }

  byte[] encode() {
    ByteBuffer buffer = ByteBuffer.allocate(4 + hashes.length + fingerprints.length * 8);
    buffer.putInt(count()).put(hashes);
    for (long fingerprint : fingerprints) {
      buffer.putLong(fingerprint);
    }
    return buffer.array();
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

  /** The bucket with one record's hash replaced. */
  Bucket withChangedRecord(byte[] oldHash, byte[] newHash) {
    return new Bucket(
        BucketHashes.insert(BucketHashes.remove(hashes, oldHash), newHash), fingerprints);
  }
}
