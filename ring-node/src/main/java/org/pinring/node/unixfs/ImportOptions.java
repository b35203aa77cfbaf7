package org.pinring.node.unixfs;

/**
 * How files become UnixFS DAGs. Start from {@link ImportPreset#options()} and adjust.
 *
 * @param cidVersion 0 or 1: the version of dag-pb node CIDs (raw leaves are always CIDv1)
 * @param rawLeaves whether file chunks are stored as raw blocks (else as dag-pb UnixFS nodes)
 * @param chunkSize bytes per chunk, 1 to {@link #MAX_CHUNK_SIZE}
 * @param maxChildrenPerNode the balanced layout's width, 2 to {@link #MAX_CHILDREN_PER_NODE}
 * @param shardSplitThresholdBytes a directory whose estimated size (names plus CIDs of its entries,
 *     as the js importer's {@code links-bytes} strategy counts) exceeds this becomes a HAMT shard
 * @param preserveMode whether to record files' and directories' permission bits
 * @param preserveMtime whether to record modification times
 */
public record ImportOptions(
    int cidVersion,
    boolean rawLeaves,
    int chunkSize,
    int maxChildrenPerNode,
    long shardSplitThresholdBytes,
    boolean preserveMode,
    boolean preserveMtime) {

  /** Largest chunk, as kubo allows: 1 MiB, which keeps every node under the block limit. */
  public static final int MAX_CHUNK_SIZE = 1 << 20;

  /** Widest node; 8192 links of about 45 bytes stay far below the block limit. */
  public static final int MAX_CHILDREN_PER_NODE = 8192;

  /** The js importer's (and kubo's) threshold: 256 KiB. */
  public static final long DEFAULT_SHARD_SPLIT_THRESHOLD_BYTES = 256 << 10;

  /** Bits of hash per HAMT level; 8 gives the standard fanout of 256. */
  static final int SHARD_FANOUT_BITS = 8;

  /**
   * @throws IllegalArgumentException for a value out of range
   */
  public ImportOptions {
    if (cidVersion != 0 && cidVersion != 1) {
      throw new IllegalArgumentException("CID version must be 0 or 1, not " + cidVersion);
    }
    if (chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
      throw new IllegalArgumentException(
          "chunk size must be between 1 and " + MAX_CHUNK_SIZE + " bytes, not " + chunkSize);
    }
    if (maxChildrenPerNode < 2 || maxChildrenPerNode > MAX_CHILDREN_PER_NODE) {
      throw new IllegalArgumentException(
          "links per node must be between 2 and " + MAX_CHILDREN_PER_NODE);
    }
    if (shardSplitThresholdBytes < 0) {
      throw new IllegalArgumentException("shard threshold must not be negative");
    }
  }

  public ImportOptions withCidVersion(int version) {
    return new ImportOptions(
        version,
        rawLeaves,
        chunkSize,
        maxChildrenPerNode,
        shardSplitThresholdBytes,
        preserveMode,
        preserveMtime);
  }

  public ImportOptions withRawLeaves(boolean raw) {
    return new ImportOptions(
        cidVersion,
        raw,
        chunkSize,
        maxChildrenPerNode,
        shardSplitThresholdBytes,
        preserveMode,
        preserveMtime);
  }

  public ImportOptions withChunkSize(int size) {
    return new ImportOptions(
        cidVersion,
        rawLeaves,
        size,
        maxChildrenPerNode,
        shardSplitThresholdBytes,
        preserveMode,
        preserveMtime);
  }

  public ImportOptions withMaxChildrenPerNode(int children) {
    return new ImportOptions(
        cidVersion,
        rawLeaves,
        chunkSize,
        children,
        shardSplitThresholdBytes,
        preserveMode,
        preserveMtime);
  }

  public ImportOptions withShardSplitThresholdBytes(long bytes) {
    return new ImportOptions(
        cidVersion, rawLeaves, chunkSize, maxChildrenPerNode, bytes, preserveMode, preserveMtime);
  }

  public ImportOptions withPreserveMode(boolean preserve) {
    return new ImportOptions(
        cidVersion,
        rawLeaves,
        chunkSize,
        maxChildrenPerNode,
        shardSplitThresholdBytes,
        preserve,
        preserveMtime);
  }

  public ImportOptions withPreserveMtime(boolean preserve) {
    return new ImportOptions(
        cidVersion,
        rawLeaves,
        chunkSize,
        maxChildrenPerNode,
        shardSplitThresholdBytes,
        preserveMode,
        preserve);
  }
}
