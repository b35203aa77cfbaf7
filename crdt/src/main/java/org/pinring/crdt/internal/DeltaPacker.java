package org.pinring.crdt.internal;

import java.util.ArrayList;
import java.util.List;
import org.pinring.crdt.CrdtLimits;
import org.pinring.crdt.Delta;
import org.pinring.crdt.RingId;
import org.pinring.crdt.SignedOperation;
import org.pinring.multiformats.Cid;

/**
 * Packs operations into as few deltas as the bounds allow, checking sizes before anything is
 * encoded. The first delta succeeds the given heads; each later one succeeds the one before it, so
 * a large submission becomes a short chain.
 */
public final class DeltaPacker {

  private DeltaPacker() {}

  /** A group of operations that fits one delta. */
  public record Group(List<SignedOperation> operations) {}

  /**
   * Splits {@code operations} (in order) into groups that each fit a delta with up to {@code
   * parentCount} parents.
   *
   * @throws IllegalArgumentException if one operation alone is too large for a delta
   */
  public static List<Group> group(List<SignedOperation> operations, int parentCount) {
    // Later deltas of a chain have one parent; the check must hold for whichever is larger.
    int fixed = DeltaCodec.FIXED_OVERHEAD + DeltaCodec.PARENT_BYTES * Math.max(parentCount, 1);
    List<Group> groups = new ArrayList<>();
    List<SignedOperation> current = new ArrayList<>();
    long size = fixed;
    for (SignedOperation operation : operations) {
      int bytes = DeltaCodec.operationBytes(operation);
      if (fixed + (long) bytes > CrdtLimits.MAX_DELTA_BYTES) {
        throw new IllegalArgumentException(
            operation
                + " encodes to about "
                + bytes
                + " bytes, too large for a delta of at most "
                + CrdtLimits.MAX_DELTA_BYTES);
      }
      if (!current.isEmpty()
          && (size + bytes > CrdtLimits.MAX_DELTA_BYTES
              || current.size() == CrdtLimits.MAX_OPERATIONS_PER_DELTA)) {
        groups.add(new Group(List.copyOf(current)));
        current.clear();
        size = DeltaCodec.FIXED_OVERHEAD + DeltaCodec.PARENT_BYTES;
      }
      current.add(operation);
      size += bytes;
    }
    if (!current.isEmpty()) {
      groups.add(new Group(List.copyOf(current)));
    }
    return groups;
  }

  /** The delta for a group, given its parents and their highest height (0 if none). */
  public static Delta delta(RingId ring, List<Cid> parents, long maxParentHeight, Group group) {
    return new Delta(ring, maxParentHeight + 1, parents, group.operations());
  }
}
