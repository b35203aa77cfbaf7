package org.pinring.crdt;

/**
 * Counters and gauges of a replica, for the node's Prometheus endpoint. Implementations must be
 * thread-safe and cheap; the replica calls them on its scheduler thread.
 */
public interface CrdtMetrics {

  /** Monotonic counts. */
  enum Counter {
    DELTAS_APPLIED,
    OPERATIONS_APPLIED,
    DELTAS_REJECTED,
    OPERATIONS_REJECTED,
    DELTAS_DEFERRED,
    LOCAL_DELTAS,
    BLOCKS_FETCHED,
    BLOCKS_INVALID,
    FETCH_REQUESTS,
    FETCH_FAILURES,
    DELTAS_COMPACTED,
    /**
     * Pending deltas evicted because the missing history is larger than {@code maxPendingBytes}:
     * each is fetched again once the walk below it is done. A replica that keeps evicting is far
     * behind and would join faster from a checkpoint.
     */
    DELTAS_EVICTED
  }

  /** Current values. */
  enum Gauge {
    HEADS,
    MAX_HEIGHT,
    /** Fetch requests in flight plus wanted blocks waiting for a retry. */
    QUEUED_WALKS,
    /** Blocks known to be needed and not fetched yet. */
    MISSING_BLOCKS,
    PENDING_DELTAS,
    /** Highest height announced by any peer minus the local maximum height (never negative). */
    SYNC_LAG,
    /** State records (CIDs with adds or tombstones, plus ring operations). */
    RECORDS
  }

  void increment(Counter counter, long amount);

  void set(Gauge gauge, long value);

  /** Metrics that go nowhere. */
  static CrdtMetrics none() {
    return new CrdtMetrics() {
      @Override
      public void increment(Counter counter, long amount) {}

      @Override
      public void set(Gauge gauge, long value) {}
    };
  }
}
