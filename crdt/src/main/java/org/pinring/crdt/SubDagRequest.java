package org.pinring.crdt;

import java.util.List;
import java.util.Objects;
import org.pinring.multiformats.Cid;

/**
 * "Send me the sub-DAG under {@code roots}, down to what I already have": the request form that
 * keeps the number of round trips independent of DAG depth.
 *
 * <p>A source answers with the blocks reachable from {@code roots} through links that are not
 * reachable from {@code stopAt} (the asker's heads: everything below them is known to the asker),
 * in an order where every block comes after a block that links to it (deltas: by descending
 * height), stopping once {@code maxBlocks} blocks or {@code maxBytes} bytes would be exceeded. A
 * source may answer with fewer blocks (e.g. those it has); the asker asks again for what is still
 * missing.
 *
 * @param roots where to start, 1 to {@link #MAX_CIDS}
 * @param stopAt the asker's known frontier, at most {@link #MAX_CIDS}; empty for a whole tree
 * @param maxBlocks at most this many blocks in the answer
 * @param maxBytes at most this many bytes of blocks in the answer
 */
public record SubDagRequest(List<Cid> roots, List<Cid> stopAt, int maxBlocks, long maxBytes) {

  /** Most CIDs in {@code roots} or {@code stopAt}. */
  public static final int MAX_CIDS = 4096;

  public SubDagRequest {
    roots = List.copyOf(roots);
    stopAt = List.copyOf(stopAt);
    if (roots.isEmpty() || roots.size() > MAX_CIDS || stopAt.size() > MAX_CIDS) {
      throw new IllegalArgumentException(
          "a sub-DAG request names 1 to " + MAX_CIDS + " roots and at most " + MAX_CIDS + " stops");
    }
    if (maxBlocks < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
    Objects.requireNonNull(roots.get(0));
  }
}
