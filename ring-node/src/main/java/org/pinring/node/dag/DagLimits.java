package org.pinring.node.dag;

/**
 * Bounds on one DAG traversal, checked as the walk goes, so a hostile or accidental DAG (very deep,
 * very wide, or with many paths to the same blocks) costs bounded memory and time.
 *
 * @param maxDepth the longest path from the root, counted in links
 * @param maxBlocks the most distinct blocks visited
 * @param maxPendingLinks the most links waiting on the walk's stack at once, which bounds its
 *     memory (a block can hold tens of thousands of links)
 */
public record DagLimits(int maxDepth, long maxBlocks, long maxPendingLinks) {

  /** Default depth: UnixFS DAGs are a handful of levels; long dag-cbor chains fit too. */
  public static final int DEFAULT_MAX_DEPTH = 4096;

  /** Default block count: 4 Mi blocks, about 1 TiB of 256 KiB chunks. */
  public static final long DEFAULT_MAX_BLOCKS = 4L << 20;

  /** Default pending links: about 100 MB of CIDs at most. */
  public static final long DEFAULT_MAX_PENDING_LINKS = 1L << 20;

  public DagLimits {
    if (maxDepth < 1 || maxBlocks < 1 || maxPendingLinks < 1) {
      throw new IllegalArgumentException("DAG limits must be positive");
    }
  }

  public static DagLimits defaults() {
    return new DagLimits(DEFAULT_MAX_DEPTH, DEFAULT_MAX_BLOCKS, DEFAULT_MAX_PENDING_LINKS);
  }

  public DagLimits withMaxDepth(int depth) {
    return new DagLimits(depth, maxBlocks, maxPendingLinks);
  }

  public DagLimits withMaxBlocks(long blocks) {
    return new DagLimits(maxDepth, blocks, maxPendingLinks);
  }

  public DagLimits withMaxPendingLinks(long links) {
    return new DagLimits(maxDepth, maxBlocks, links);
  }
}
