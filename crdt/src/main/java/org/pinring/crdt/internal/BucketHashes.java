package org.pinring.crdt.internal;

import java.util.Arrays;

/**
 * The record hashes of one bucket: 32-byte SHA-256 values, sorted bytewise, packed end to end. The
 * leaf hash of the bucket is computed over exactly this array.
 */
final class BucketHashes {

  static final int HASH_BYTES = 32;
  static final byte[] EMPTY = new byte[0];

  private BucketHashes() {}

  static int count(byte[] packed) {
    return packed.length / HASH_BYTES;
  }

  /** {@code packed} with {@code hash} inserted in order (unchanged if already present). */
  static byte[] insert(byte[] packed, byte[] hash) {
    int position = search(packed, hash);
    if (position >= 0) {
      return packed;
    }
    int insertAt = -position - 1;
    byte[] result = new byte[packed.length + HASH_BYTES];
    System.arraycopy(packed, 0, result, 0, insertAt * HASH_BYTES);
    System.arraycopy(hash, 0, result, insertAt * HASH_BYTES, HASH_BYTES);
    System.arraycopy(
        packed,
        insertAt * HASH_BYTES,
        result,
        (insertAt + 1) * HASH_BYTES,
        packed.length - insertAt * HASH_BYTES);
    return result;
  }

  /** {@code packed} without {@code hash}; fails if it is absent (the store is inconsistent). */
  static byte[] remove(byte[] packed, byte[] hash) {
    int position = search(packed, hash);
    if (position < 0) {
      throw new IllegalStateException("record hash missing from its bucket: store is corrupt");
    }
    byte[] result = new byte[packed.length - HASH_BYTES];
    System.arraycopy(packed, 0, result, 0, position * HASH_BYTES);
    System.arraycopy(
        packed,
        (position + 1) * HASH_BYTES,
        result,
        position * HASH_BYTES,
        packed.length - (position + 1) * HASH_BYTES);
    return result;
  }

  /** Binary search: the index, or {@code -(insertion point) - 1}. */
  static int search(byte[] packed, byte[] hash) {
    int low = 0;
    int high = count(packed) - 1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      int order =
          Arrays.compareUnsigned(
              packed, middle * HASH_BYTES, (middle + 1) * HASH_BYTES, hash, 0, HASH_BYTES);
      if (order < 0) {
        low = middle + 1;
      } else if (order > 0) {
        high = middle - 1;
      } else {
        return middle;
      }
    }
    return -(low + 1);
  }
}
