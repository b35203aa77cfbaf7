package org.pinring.crdt;

import java.util.List;
import org.pinring.multiformats.Cid;

/**
 * A consistent summary of a replica, taken on its scheduler thread.
 *
 * @param heads the current heads
 * @param maxHeight the highest applied height
 * @param stateRoot the state root
 * @param records state records
 * @param pendingDeltas fetched deltas waiting for parents or to be applied
 * @param wantedBlocks blocks known to be missing
 * @param fetchesInFlight fetch requests in flight
 * @param bootstrapping whether a bootstrap is importing a snapshot
 */
public record ReplicaStatus(
    List<Cid> heads,
    long maxHeight,
    StateRoot stateRoot,
    long records,
    long pendingDeltas,
    int wantedBlocks,
    int fetchesInFlight,
    boolean bootstrapping) {

  public ReplicaStatus {
    heads = List.copyOf(heads);
  }

  /** Nothing left to fetch or apply. */
  public boolean isIdle() {
    return pendingDeltas == 0 && wantedBlocks == 0 && fetchesInFlight == 0 && !bootstrapping;
  }
}
