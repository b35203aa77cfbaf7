package org.pinring.node.blockstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multihash;
import org.pinring.node.dag.DagLimits;
import org.pinring.node.dag.DagWalker;
import org.pinring.node.dag.MissingBlockException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mark and sweep over the block index. Mark: walk every root's DAG through the links the index
 * recorded (no block is read unless it was stored under another codec). Sweep: every indexed block
 * not marked is removed unless the store finds it protected at that moment (see {@link
 * FlatFsBlockStore#removeUnlessProtected}). A pinned DAG with missing blocks keeps what is
 * reachable through the blocks present.
 */
final class GarbageCollector {

  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

  private final FlatFsBlockStore store;
  private final DagLimits limits;

  GarbageCollector(FlatFsBlockStore store, DagLimits limits) {
    this.store = store;
    this.limits = limits;
  }

  GcReport run(GcRoots roots) {
    Set<Cid> rootSnapshot = store.beginCollection(roots);
    try {
      Set<Multihash> live = mark(rootSnapshot);
      List<Multihash> candidates = new ArrayList<>();
      store
          .index()
          .scan(
              (multihash, entry) -> {
                if (!live.contains(multihash)) {
                  candidates.add(multihash);
                }
                return true;
              });
      long removed = 0;
      long freed = 0;
      long kept = 0;
      for (Multihash candidate : candidates) {
        long bytes = store.removeUnlessProtected(candidate);
        if (bytes >= 0) {
          removed++;
          freed += bytes;
        } else {
          kept++;
        }
      }
      store.sync();
      LOG.info(
          "garbage collection: {} root(s), {} live block(s), removed {} ({} bytes), kept {}",
          rootSnapshot.size(),
          live.size(),
          removed,
          freed,
          kept);
      return new GcReport(rootSnapshot.size(), live.size(), removed, freed, kept);
    } catch (IOException e) {
      throw new UncheckedIOException("garbage collection failed", e);
    } finally {
      store.endCollection();
    }
  }

  private Set<Multihash> mark(Set<Cid> roots) {
    DagWalker walker =
        new DagWalker(
            cid -> {
              try {
                return store.links(cid);
              } catch (MissingBlockException absent) {
                return List.of(); // an incomplete pin: nothing below it can be found from here
              }
            },
            limits);
    Set<Cid> visited = new HashSet<>();
    Set<Multihash> live = new HashSet<>();
    for (Cid root : roots) {
      walker.walk(root, (cid, depth) -> live.add(cid.multihash()), visited);
    }
    return live;
  }
}
