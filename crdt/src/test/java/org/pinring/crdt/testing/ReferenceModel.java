package org.pinring.crdt.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.pinring.crdt.CheckpointOperation;
import org.pinring.crdt.Operation;
import org.pinring.crdt.OperationId;
import org.pinring.crdt.PinEntry;
import org.pinring.crdt.PinOperation;
import org.pinring.crdt.PinState;
import org.pinring.crdt.PinValue;
import org.pinring.crdt.RingOperation;
import org.pinring.crdt.SignedOperation;
import org.pinring.crdt.StateRoot;
import org.pinring.crdt.UnpinEntry;
import org.pinring.crdt.UnpinOperation;
import org.pinring.crdt.UpdateEntry;
import org.pinring.crdt.UpdateOperation;
import org.pinring.crdt.internal.StateRecordCodec;
import org.pinring.crdt.internal.StateTree;
import org.pinring.crdt.internal.StateWriter;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.ipld.DagCbor;

/**
 * The documented semantics applied naively to a set of operations (docs/crdt.md, "Semantics"):
 *
 * <pre>
 * A(x) = adds of x by pin and update operations, as (tag = operation id, version, spec)
 * R(x) = tags named for x by unpin (removes) and update (replaces) operations
 * live(x) = A(x) minus the tags in R(x); x is pinned iff live(x) is non-empty
 * value(x) = the live add with the highest (version, tag)
 * ring operations: a set
 * </pre>
 *
 * No ordering, no DAG, no incremental structure: the state root is computed from scratch.
 */
public final class ReferenceModel {

  private final Map<OperationId, Operation> operations = new LinkedHashMap<>();

  /** Adds an operation (a second copy of the same operation changes nothing). */
  public void add(SignedOperation operation) {
    operations.put(operation.id(), operation.operation());
  }

  public int size() {
    return operations.size();
  }

  /** The state of every CID mentioned by any operation. */
  public Map<Cid, PinState> states() {
    Map<Cid, Map<OperationId, PinValue>> adds = new HashMap<>();
    Map<Cid, Set<OperationId>> removes = new HashMap<>();
    for (Map.Entry<OperationId, Operation> entry : operations.entrySet()) {
      OperationId tag = entry.getKey();
      Operation operation = entry.getValue();
      if (operation instanceof PinOperation pin) {
        for (PinEntry add : pin.entries()) {
          adds.computeIfAbsent(add.spec().cid(), c -> new HashMap<>())
              .put(tag, new PinValue(tag, add.version(), add.spec()));
        }
      } else if (operation instanceof UpdateOperation update) {
        for (UpdateEntry add : update.entries()) {
          adds.computeIfAbsent(add.spec().cid(), c -> new HashMap<>())
              .put(tag, new PinValue(tag, add.version(), add.spec()));
          removes.computeIfAbsent(add.spec().cid(), c -> new HashSet<>()).addAll(add.replaces());
        }
      } else if (operation instanceof UnpinOperation unpin) {
        for (UnpinEntry remove : unpin.entries()) {
          removes.computeIfAbsent(remove.cid(), c -> new HashSet<>()).addAll(remove.removes());
        }
      }
    }
    Set<Cid> cids = new HashSet<>(adds.keySet());
    cids.addAll(removes.keySet());
    Map<Cid, PinState> states = new TreeMap<>();
    for (Cid cid : cids) {
      Set<OperationId> removed = removes.getOrDefault(cid, Set.of());
      TreeMap<OperationId, PinValue> live = new TreeMap<>();
      adds.getOrDefault(cid, Map.of())
          .forEach(
              (tag, value) -> {
                if (!removed.contains(tag)) {
                  live.put(tag, value);
                }
              });
      states.put(cid, new PinState(cid, live, new TreeSet<>(removed)));
    }
    return states;
  }

  /** The CIDs pinned, with their values. */
  public Map<Cid, PinValue> pinned() {
    Map<Cid, PinValue> pinned = new TreeMap<>();
    states().forEach((cid, state) -> state.winner().ifPresent(value -> pinned.put(cid, value)));
    return pinned;
  }

  /** The ring and checkpoint operations. */
  public Set<OperationId> ringOperations() {
    Set<OperationId> ids = new TreeSet<>();
    operations.forEach(
        (id, operation) -> {
          if (operation instanceof RingOperation || operation instanceof CheckpointOperation) {
            ids.add(id);
          }
        });
    return ids;
  }

  /** The state root, computed from scratch over all records. */
  public StateRoot root() {
    Map<Integer, List<byte[]>> buckets = new HashMap<>();
    for (PinState state : states().values()) {
      byte[] encoded = DagCbor.encode(StateRecordCodec.encode(state));
      addRecord(buckets, StateWriter.pinRecordKey(state.cid()), encoded);
    }
    for (OperationId id : ringOperations()) {
      addRecord(
          buckets,
          StateWriter.ringRecordKey(id),
          org.pinring.crdt.SignedOperation.canonicalEncoding(operations.get(id)));
    }
    StateTree tree = new StateTree();
    buckets.forEach(
        (bucket, hashes) -> {
          hashes.sort(java.util.Arrays::compareUnsigned);
          byte[] packed = new byte[hashes.size() * 32];
          for (int i = 0; i < hashes.size(); i++) {
            System.arraycopy(hashes.get(i), 0, packed, i * 32, 32);
          }
          tree.setLeaf(bucket, StateTree.leafHash(packed));
        });
    tree.recompute();
    return tree.root();
  }

  private static void addRecord(Map<Integer, List<byte[]>> buckets, byte[] key, byte[] encoded) {
    buckets
        .computeIfAbsent(StateTree.bucketOf(key), b -> new ArrayList<>())
        .add(StateTree.recordHash(encoded));
  }
}
