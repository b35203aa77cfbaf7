package org.pinring.node.blockstore;

import java.util.List;
import org.pinring.multiformats.Multihash;

/**
 * What a scrub found.
 *
 * @param checkedBlocks blocks re-hashed
 * @param checkedBytes their total size
 * @param corrupt blocks whose file does not hash to their multihash, or has the wrong size
 * @param missing blocks in the index whose file is gone
 * @param strayFiles files in the blocks directory that no index entry accounts for
 * @param repaired whether the above were removed from the store
 */
public record ScrubReport(
    long checkedBlocks,
    long checkedBytes,
    List<Multihash> corrupt,
    List<Multihash> missing,
    int strayFiles,
    boolean repaired) {

  public ScrubReport {
    corrupt = List.copyOf(corrupt);
    missing = List.copyOf(missing);
  }

  public boolean healthy() {
    return corrupt.isEmpty() && missing.isEmpty() && strayFiles == 0;
  }
}
