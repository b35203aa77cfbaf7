package org.pinring.node.blockstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pinring.multiformats.Multihash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads and re-hashes every indexed block, reports damage, and optionally removes it: corrupt
 * blocks (wrong size or hash), index entries whose file is gone, and stray files no entry accounts
 * for. Runs alongside other work; a block removed by a concurrent collection is not reported.
 */
final class Scrubber {

  private static final Logger LOG = LoggerFactory.getLogger(Scrubber.class);

  private final FlatFsBlockStore store;

  Scrubber(FlatFsBlockStore store) {
    this.store = store;
  }

  ScrubReport run(boolean repair) {
    List<Multihash> corrupt = new ArrayList<>();
    List<Multihash> missing = new ArrayList<>();
    long[] checked = new long[2];
    store
        .index()
        .scan(
            (multihash, entry) -> {
              checkOne(multihash, entry, corrupt, missing, checked);
              return true;
            });
    List<Path> strays = new ArrayList<>();
    try {
      store
          .layout()
          .forEachFile(
              (path, multihash) -> {
                if (multihash == null
                    || (!store.index().contains(multihash) && !store.inFlight(multihash))) {
                  strays.add(path);
                }
              });
      if (repair) {
        for (Multihash multihash : corrupt) {
          store.remove(multihash);
        }
        for (Multihash multihash : missing) {
          store.remove(multihash);
        }
        for (Path stray : strays) {
          Files.deleteIfExists(stray);
        }
        store.sync();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("scrub failed", e);
    }
    if (!corrupt.isEmpty() || !missing.isEmpty() || !strays.isEmpty()) {
      LOG.warn(
          "scrub: {} corrupt, {} missing, {} stray file(s){}",
          corrupt.size(),
          missing.size(),
          strays.size(),
          repair ? ", removed" : "");
    }
    return new ScrubReport(checked[0], checked[1], corrupt, missing, strays.size(), repair);
  }

  private void checkOne(
      Multihash multihash,
      BlockIndex.Entry entry,
      List<Multihash> corrupt,
      List<Multihash> missing,
      long[] checked) {
    Optional<byte[]> bytes;
    try {
      bytes = store.layout().read(multihash, BlockStore.MAX_BLOCK_BYTES);
    } catch (BlockTooLargeException e) {
      corrupt.add(multihash);
      return;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (bytes.isEmpty()) {
      if (store.index().contains(multihash)) { // not a concurrent collection
        missing.add(multihash);
      }
      return;
    }
    checked[0]++;
    checked[1] += bytes.get().length;
    if (bytes.get().length != entry.size() || !multihash.matches(bytes.get())) {
      corrupt.add(multihash);
    }
  }
}
