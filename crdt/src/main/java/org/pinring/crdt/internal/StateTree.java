package org.pinring.crdt.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.pinring.crdt.StateRoot;

/**
 * The Merkle tree over a replica's state records: a fixed-shape, 16-ary tree over {@value #BUCKETS}
 * buckets. A record belongs to the bucket named by the first {@value #BUCKET_BITS} bits of
 * SHA-256(record key); a leaf hashes its bucket's sorted record hashes; an inner node hashes its 16
 * children. The shape depends on nothing but these constants, so equal record sets give equal roots
 * whatever the history, and the tree is maintained incrementally: a change re-hashes one leaf and
 * its {@value #INNER_LEVELS} ancestors.
 *
 * <p>Memory is fixed: about 2.2 MiB of hashes whatever the number of records. Not thread-safe.
 */
public final class StateTree {

  public static final int BUCKET_BITS = 16;
  public static final int BUCKETS = 1 << BUCKET_BITS;
  public static final int FANOUT = 16;

  /** Inner levels above the leaves: 16^4 = 65536. Level 0 is the root, level 4 the leaves. */
  public static final int INNER_LEVELS = 4;

  public static final int LEAF_LEVEL = INNER_LEVELS;

  private static final int HASH = 32;
  private static final byte[] LEAF_DOMAIN = domain("pinring/state/leaf/v1");
  private static final byte[] NODE_DOMAIN = domain("pinring/state/node/v1");
  private static final byte[] EMPTY_LEAF = leafHash(BucketHashes.EMPTY);

  /** levels[l] holds the 16^l node hashes of level l, packed. */
  private final byte[][] levels = new byte[INNER_LEVELS + 1][];

  private final BitSet dirtyLeaves = new BitSet(BUCKETS);

  /** The tree of the empty state. */
  public StateTree() {
    byte[] child = EMPTY_LEAF;
    for (int level = LEAF_LEVEL; level >= 0; level--) {
      int count = 1 << (4 * level);
      levels[level] = new byte[count * HASH];
      for (int i = 0; i < count; i++) {
        System.arraycopy(child, 0, levels[level], i * HASH, HASH);
      }
      byte[] sixteen = new byte[FANOUT * HASH];
      for (int i = 0; i < FANOUT; i++) {
        System.arraycopy(child, 0, sixteen, i * HASH, HASH);
      }
      child = Sha256.hash(NODE_DOMAIN, sixteen, 0, sixteen.length);
    }
  }

  /** Resets every leaf to the empty bucket. */
  public void clear() {
    StateTree empty = new StateTree();
    for (int level = 0; level <= LEAF_LEVEL; level++) {
      System.arraycopy(empty.levels[level], 0, levels[level], 0, levels[level].length);
    }
    dirtyLeaves.clear();
  }

  /** The bucket of a record key. */
  public static int bucketOf(byte[] recordKey) {
    byte[] hash = Sha256.hash(recordKey);
    return ((hash[0] & 0xFF) << 8) | (hash[1] & 0xFF);
  }

  /** The leaf hash of a bucket whose packed, sorted record hashes are {@code packed}. */
  public static byte[] leafHash(byte[] packed) {
    return Sha256.hash(LEAF_DOMAIN, packed, 0, packed.length);
  }

  /** The SHA-256 of a record's encoding: what a bucket lists. */
  public static byte[] recordHash(byte[] encodedRecord) {
    return Sha256.hash(encodedRecord);
  }

  /** Sets a leaf; ancestors are recomputed by {@link #recompute()}. */
  public void setLeaf(int bucket, byte[] hash) {
    if (hash.length != HASH) {
      throw new IllegalArgumentException("leaf hash must have 32 bytes");
    }
    System.arraycopy(hash, 0, levels[LEAF_LEVEL], bucket * HASH, HASH);
    dirtyLeaves.set(bucket);
  }

  /** Re-hashes the ancestors of every leaf set since the last call. */
  public void recompute() {
    BitSet dirty = dirtyLeaves;
    for (int level = LEAF_LEVEL - 1; level >= 0; level--) {
      BitSet parents = new BitSet(1 << (4 * level));
      for (int child = dirty.nextSetBit(0); child >= 0; child = dirty.nextSetBit(child + 1)) {
        parents.set(child / FANOUT);
      }
      byte[] children = levels[level + 1];
      for (int node = parents.nextSetBit(0); node >= 0; node = parents.nextSetBit(node + 1)) {
        byte[] hash = Sha256.hash(NODE_DOMAIN, children, node * FANOUT * HASH, FANOUT * HASH);
        System.arraycopy(hash, 0, levels[level], node * HASH, HASH);
      }
      dirty = parents;
    }
    dirtyLeaves.clear();
  }

  public StateRoot root() {
    if (!dirtyLeaves.isEmpty()) {
      throw new IllegalStateException("leaves changed since the last recompute()");
    }
    return StateRoot.of(Arrays.copyOf(levels[0], HASH));
  }

  /** The hash of node {@code index} at {@code level} (0 = root, {@link #LEAF_LEVEL} = leaves). */
  public byte[] nodeHash(int level, int index) {
    return Arrays.copyOfRange(levels[level], index * HASH, (index + 1) * HASH);
  }

  /** Whether a leaf is the hash of an empty bucket. */
  public boolean isEmptyLeaf(int bucket) {
    return Arrays.equals(
        levels[LEAF_LEVEL], bucket * HASH, (bucket + 1) * HASH, EMPTY_LEAF, 0, HASH);
  }

  /** A source of node hashes: a local tree, or a remote replica's answers. */
  public interface NodeSource {
    byte[] nodeHash(int level, int index);
  }

  /**
   * The buckets whose leaves differ between two trees, descending only into differing subtrees: at
   * most {@code d * (INNER_LEVELS * FANOUT + 1)} node comparisons for {@code d} differing buckets.
   *
   * @param comparisons receives the number of node hashes compared (may be null)
   */
  public static List<Integer> differingBuckets(
      NodeSource local, NodeSource remote, long[] comparisons) {
    List<Integer> result = new ArrayList<>();
    long[] count = {1};
    if (!Arrays.equals(local.nodeHash(0, 0), remote.nodeHash(0, 0))) {
      descend(local, remote, 0, 0, result, count);
    }
    if (comparisons != null) {
      comparisons[0] = count[0];
    }
    return result;
  }

  private static void descend(
      NodeSource local, NodeSource remote, int level, int index, List<Integer> out, long[] count) {
    if (level == LEAF_LEVEL) {
      out.add(index);
      return;
    }
    for (int child = index * FANOUT; child < (index + 1) * FANOUT; child++) {
      count[0]++;
      if (!Arrays.equals(local.nodeHash(level + 1, child), remote.nodeHash(level + 1, child))) {
        descend(local, remote, level + 1, child, out, count);
      }
    }
  }

  private static byte[] domain(String name) {
    byte[] text = name.getBytes(StandardCharsets.US_ASCII);
    return Arrays.copyOf(text, text.length + 1);
  }
}
