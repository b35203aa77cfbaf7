package org.pinring.crdt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.pinring.multiformats.Cid;

/**
 * The state of the ring at a DAG frontier.
 *
 * @param frontier the heads the state was computed at: the state is that of every delta at or below
 *     them. Sorted by CID bytes, unique, 1 to {@link CrdtLimits#MAX_PARENTS} entries.
 * @param stateRoot the state root there
 * @param snapshot the root block of the state snapshot (see {@code docs/crdt.md}), from which a new
 *     replica can bootstrap
 */
public record Checkpoint(List<FrontierEntry> frontier, StateRoot stateRoot, Cid snapshot) {

  public Checkpoint {
    Objects.requireNonNull(stateRoot, "stateRoot");
    Objects.requireNonNull(snapshot, "snapshot");
    List<FrontierEntry> sorted = new ArrayList<>(frontier);
    sorted.sort(Comparator.comparing(FrontierEntry::delta));
    if (sorted.isEmpty() || sorted.size() > CrdtLimits.MAX_PARENTS) {
      throw new IllegalArgumentException(
          "a checkpoint frontier has 1 to "
              + CrdtLimits.MAX_PARENTS
              + " deltas, not "
              + sorted.size());
    }
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).delta().equals(sorted.get(i - 1).delta())) {
        throw new IllegalArgumentException(
            "delta " + sorted.get(i).delta() + " repeats in frontier");
      }
    }
    frontier = List.copyOf(sorted);
  }
}
