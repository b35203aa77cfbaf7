package org.pinring.crdt;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.pinring.multiformats.Cid;

/**
 * What a replica keeps about one CID: its live adds and the tombstones it still needs. The CID is
 * pinned when at least one add is live; its value is the live add with the highest {@link
 * PinValue#PRECEDENCE}.
 *
 * <p>A tombstone is kept only until its add is seen: from then on the add's operation is retired
 * ({@link PinSet#isRetired}) and the tombstone dropped (docs/crdt.md, "Tombstones and retired
 * operations").
 *
 * @param cid the content
 * @param live live adds by tag
 * @param removed tags removed by unpins and updates whose add has not arrived yet (and whose
 *     operation is not retired); never intersects {@code live}
 */
public record PinState(
    Cid cid, SortedMap<OperationId, PinValue> live, SortedSet<OperationId> removed) {

  public PinState {
    Objects.requireNonNull(cid, "cid");
    live = Collections.unmodifiableSortedMap(new TreeMap<>(live));
    removed = Collections.unmodifiableSortedSet(new TreeSet<>(removed));
    for (java.util.Map.Entry<OperationId, PinValue> entry : live.entrySet()) {
      if (!entry.getKey().equals(entry.getValue().tag())) {
        throw new IllegalArgumentException("live add filed under the wrong tag " + entry.getKey());
      }
      if (!entry.getValue().spec().cid().equals(cid)) {
        throw new IllegalArgumentException("live add of another CID in the state of " + cid);
      }
      if (removed.contains(entry.getKey())) {
        throw new IllegalArgumentException("tag " + entry.getKey() + " both live and removed");
      }
    }
  }

  /** The state of a CID nothing is known about. */
  public static PinState empty(Cid cid) {
    return new PinState(cid, new TreeMap<>(), new TreeSet<>());
  }

  public boolean isPinned() {
    return !live.isEmpty();
  }

  /** The CID's current value: the live add with the highest precedence. */
  public Optional<PinValue> winner() {
    return live.values().stream().max(PinValue.PRECEDENCE);
  }

  /** Pinned, and the winning value has not expired at {@code now}. */
  public boolean isEffectiveAt(Instant now) {
    return winner().map(value -> !value.spec().isExpiredAt(now)).orElse(false);
  }

  /** Whether nothing is kept (no live adds, no tombstones): such a state has no record. */
  public boolean isEmpty() {
    return live.isEmpty() && removed.isEmpty();
  }
}
