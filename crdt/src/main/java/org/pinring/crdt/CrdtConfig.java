package org.pinring.crdt;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of a replica. Units are in the names and types.
 *
 * @param ring the ring this replica belongs to
 * @param walkMode how missing deltas are fetched
 * @param maxParallelFetches fetch requests in flight at once
 * @param maxRootsPerRequest CIDs named in one request
 * @param maxBlocksPerResponse blocks asked for in one sub-DAG request (and accepted from one
 *     answer)
 * @param maxBytesPerResponse bytes asked for in one sub-DAG request (and accepted from one answer);
 *     also the most delta bytes applied in one atomic write batch
 * @param maxWantedBlocks known-missing blocks remembered at once; beyond it, new branches wait
 * @param maxPendingBytes bytes of fetched deltas waiting for their parents; beyond it, fetching
 *     pauses until some apply (a missing history larger than this never applies by walking: such a
 *     replica bootstraps from a checkpoint)
 * @param maxDeltasPerBatch deltas applied in one atomic write batch
 * @param retryBaseDelay first delay before re-asking for a block that did not come
 * @param retryMaxDelay longest such delay (exponential backoff with jitter in between)
 * @param announceDelay how long head changes from remote deltas are gathered before announcing
 * @param rebroadcastInterval how often the heads are announced even without change (heals lost
 *     announcements)
 */
public record CrdtConfig(
    RingId ring,
    WalkMode walkMode,
    int maxParallelFetches,
    int maxRootsPerRequest,
    int maxBlocksPerResponse,
    long maxBytesPerResponse,
    int maxWantedBlocks,
    long maxPendingBytes,
    int maxDeltasPerBatch,
    Duration retryBaseDelay,
    Duration retryMaxDelay,
    Duration announceDelay,
    Duration rebroadcastInterval) {

  /** How missing ancestors are fetched. */
  public enum WalkMode {
    /**
     * Ask for whole sub-DAGs down to the local heads: round trips grow with the number of missing
     * blocks divided by {@code maxBlocksPerResponse}, not with depth.
     */
    SUB_DAG,
    /**
     * Ask for the currently known missing blocks only, one DAG level per round trip, as go-ds-crdt
     * does. Kept as the baseline the benchmarks compare against.
     */
    LEVEL_BY_LEVEL
  }

  public CrdtConfig {
    Objects.requireNonNull(ring, "ring");
    Objects.requireNonNull(walkMode, "walkMode");
    positive("maxParallelFetches", maxParallelFetches);
    positive("maxRootsPerRequest", maxRootsPerRequest);
    positive("maxBlocksPerResponse", maxBlocksPerResponse);
    positive("maxBytesPerResponse", maxBytesPerResponse);
    positive("maxWantedBlocks", maxWantedBlocks);
    positive("maxDeltasPerBatch", maxDeltasPerBatch);
    if (maxRootsPerRequest > SubDagRequest.MAX_CIDS) {
      throw new IllegalArgumentException("maxRootsPerRequest above " + SubDagRequest.MAX_CIDS);
    }
    if (maxBytesPerResponse < CrdtLimits.MAX_DELTA_BYTES
        || maxPendingBytes < CrdtLimits.MAX_DELTA_BYTES) {
      throw new IllegalArgumentException("byte limits must admit at least one maximal delta");
    }
    for (Duration duration :
        new Duration[] {retryBaseDelay, retryMaxDelay, announceDelay, rebroadcastInterval}) {
      Objects.requireNonNull(duration, "duration");
      if (duration.isNegative()) {
        throw new IllegalArgumentException("durations must not be negative");
      }
    }
    if (rebroadcastInterval.isZero() || retryBaseDelay.isZero()) {
      throw new IllegalArgumentException("rebroadcastInterval and retryBaseDelay must be positive");
    }
    if (retryMaxDelay.compareTo(retryBaseDelay) < 0) {
      throw new IllegalArgumentException("retryMaxDelay is below retryBaseDelay");
    }
  }

  /** Defaults for a ring: sub-DAG walks, 4 fetches in flight, 1 GiB of pending deltas. */
  public static CrdtConfig defaults(RingId ring) {
    return new CrdtConfig(
        ring,
        WalkMode.SUB_DAG,
        4,
        256,
        4096,
        64L << 20,
        65_536,
        1L << 30,
        256,
        Duration.ofMillis(500),
        Duration.ofMinutes(5),
        Duration.ofMillis(200),
        Duration.ofSeconds(30));
  }

  public CrdtConfig withWalkMode(WalkMode mode) {
    return new CrdtConfig(
        ring,
        mode,
        maxParallelFetches,
        maxRootsPerRequest,
        maxBlocksPerResponse,
        maxBytesPerResponse,
        maxWantedBlocks,
        maxPendingBytes,
        maxDeltasPerBatch,
        retryBaseDelay,
        retryMaxDelay,
        announceDelay,
        rebroadcastInterval);
  }

  public CrdtConfig withLimits(int wantedBlocks, long pendingBytes, int blocksPerResponse) {
    return new CrdtConfig(
        ring,
        walkMode,
        maxParallelFetches,
        maxRootsPerRequest,
        blocksPerResponse,
        maxBytesPerResponse,
        wantedBlocks,
        pendingBytes,
        maxDeltasPerBatch,
        retryBaseDelay,
        retryMaxDelay,
        announceDelay,
        rebroadcastInterval);
  }

  private static void positive(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
