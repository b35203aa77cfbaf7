package org.pinring.node.unixfs;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The position of an entry name at each level of a UnixFS HAMT with fanout 256 (ipfs/specs
 * UNIXFS.md, "HAMTDirectory"): level d uses byte d of the infinite hash H0 || H1 || H2 ..., where
 * H0 is the big-endian murmur3-x64-64 of the name's UTF-8 bytes and Hk (k > 0) that of the name
 * followed by the single byte k (the js {@code hamt-sharding} package's rehashing, matching
 * go-unixfs). Caches the hashes it has computed. Not thread-safe.
 */
final class HamtHash {

  /** The number of bits one level consumes; 8 gives fanout 256. */
  static final int BITS = ImportOptions.SHARD_FANOUT_BITS;

  static final int FANOUT = 1 << BITS;

  private final byte[] name;
  private long[] hashes = new long[1];
  private int computed;

  HamtHash(String name) {
    this.name = name.getBytes(StandardCharsets.UTF_8);
  }

  /** The bucket position, 0 to 255, at {@code depth} (0 for the root shard). */
  int index(int depth) {
    int which = depth / 8;
    while (computed <= which) {
      if (computed == hashes.length) {
        hashes = Arrays.copyOf(hashes, hashes.length * 2);
      }
      hashes[computed] = Murmur3.hash64(computed == 0 ? name : withCounter(computed));
      computed++;
    }
    return (int) (hashes[which] >>> (56 - 8 * (depth % 8))) & 0xFF;
  }

  private byte[] withCounter(int counter) {
    byte[] input = Arrays.copyOf(name, name.length + 1);
    input[name.length] = (byte) counter;
    return input;
  }

  /** The two-digit upper-case hex label of a position, as shard link names start. */
  static String label(int index) {
    String hex = Integer.toHexString(index).toUpperCase(Locale.ROOT);
    return hex.length() == 1 ? "0" + hex : hex;
  }
}
