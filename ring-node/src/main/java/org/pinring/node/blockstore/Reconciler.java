package org.pinring.node.blockstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.pinring.multiformats.Multihash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings files and index back into agreement after a crash, before the store opens:
 *
 * <ul>
 *   <li>an entry whose file is missing or has the wrong length is dropped: its write never became
 *       durable, so nothing acknowledged referred to it (a pin's synchronous write makes the
 *       entries and files of its DAG durable first);
 *   <li>a file without an entry is removed: either a write that was never acknowledged, or a
 *       removal interrupted between its two steps;
 *   <li>the totals are recounted from the entries.
 * </ul>
 */
final class Reconciler {

  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  private final FlatFsLayout layout;
  private final BlockIndex index;

  Reconciler(FlatFsLayout layout, BlockIndex index) {
    this.layout = layout;
    this.index = index;
  }

  void run() throws IOException {
    Set<Multihash> dropped = new HashSet<>();
    long[] totals = new long[2];
    try {
      index.scan(
          (multihash, entry) -> {
            long size = fileSize(multihash);
            if (size != entry.size()) {
              dropped.add(multihash);
            } else {
              totals[0] += entry.size();
              totals[1]++;
            }
            return true;
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    List<Path> strays = new ArrayList<>();
    layout.forEachFile(
        (path, multihash) -> {
          if (multihash == null || !index.contains(multihash) || dropped.contains(multihash)) {
            strays.add(path);
          }
        });
    for (Path stray : strays) {
      Files.deleteIfExists(stray);
    }
    index.removeAll(new ArrayList<>(dropped), new BlockIndex.Totals(totals[0], totals[1]), true);
    LOG.info(
        "reconciled the block store: {} block(s), {} entries without a complete file dropped,"
            + " {} unacknowledged file(s) removed",
        totals[1],
        dropped.size(),
        strays.size());
  }

  private long fileSize(Multihash multihash) {
    try {
      return layout.fileSize(multihash);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
