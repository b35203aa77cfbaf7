package org.pinring.crdt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.MultihashAlgorithm;

/**
 * One node of the Merkle-DAG: signed operations plus links to the heads it succeeded. Encoded as a
 * DAG-CBOR block (CIDv1, dag-cbor, sha2-256); see {@code docs/crdt.md} for the field table.
 *
 * @param ring the ring every operation must belong to
 * @param height the priority: 1 for a delta without parents, else one more than the highest parent.
 *     Verified against the parents before the delta is applied, which also makes cycles impossible
 *     (heights strictly decrease along links).
 * @param parents the heads this delta succeeded, sorted by CID bytes, unique, each a dag-cbor
 *     sha2-256 CIDv1, at most {@link CrdtLimits#MAX_PARENTS}
 * @param operations 1 to {@link CrdtLimits#MAX_OPERATIONS_PER_DELTA} signed operations, each of
 *     {@code ring}, no operation twice
 */
public record Delta(RingId ring, long height, List<Cid> parents, List<SignedOperation> operations) {

  /**
   * @throws IllegalArgumentException if a bound or a structural rule above is violated
   */
  public Delta {
    Objects.requireNonNull(ring, "ring");
    List<Cid> sortedParents = new ArrayList<>(parents);
    sortedParents.sort(null);
    parents = List.copyOf(sortedParents);
    operations = List.copyOf(operations);
    if (parents.size() > CrdtLimits.MAX_PARENTS) {
      throw new IllegalArgumentException(
          "a delta links at most " + CrdtLimits.MAX_PARENTS + " parents, not " + parents.size());
    }
    for (int i = 0; i < parents.size(); i++) {
      if (i > 0 && parents.get(i).equals(parents.get(i - 1))) {
        throw new IllegalArgumentException("parent " + parents.get(i) + " is linked twice");
      }
      requireDeltaCid(parents.get(i));
    }
    if (height < 1 || (height == 1) != parents.isEmpty()) {
      throw new IllegalArgumentException(
          "height " + height + " is impossible for a delta with " + parents.size() + " parent(s)");
    }
    if (operations.isEmpty() || operations.size() > CrdtLimits.MAX_OPERATIONS_PER_DELTA) {
      throw new IllegalArgumentException(
          "a delta carries 1 to "
              + CrdtLimits.MAX_OPERATIONS_PER_DELTA
              + " operations, not "
              + operations.size());
    }
    Set<OperationId> seen = new HashSet<>();
    for (SignedOperation operation : operations) {
      if (!operation.operation().ring().equals(ring)) {
        throw new IllegalArgumentException(
            operation + " belongs to ring " + operation.operation().ring() + ", not " + ring);
      }
      if (!seen.add(operation.id())) {
        throw new IllegalArgumentException(operation + " appears twice in one delta");
      }
    }
  }

  /**
   * @throws IllegalArgumentException unless {@code cid} is a CIDv1 of dag-cbor hashed with full
   *     sha2-256, the only form a delta (or snapshot block) is addressed by
   */
  public static Cid requireDeltaCid(Cid cid) {
    if (cid.version() != 1
        || cid.codec() != Multicodec.DAG_CBOR.code()
        || cid.multihash().code() != MultihashAlgorithm.SHA2_256.code()
        || cid.multihash().digestLength() != 32) {
      throw new IllegalArgumentException(
          "a delta is addressed by a dag-cbor sha2-256 CIDv1, not " + cid);
    }
    return cid;
  }
}
