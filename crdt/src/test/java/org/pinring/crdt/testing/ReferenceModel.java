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
 * retired = the pin and update operations r with an add (x, r) in A(x) whose tag is in R(x)
 * tombstones(x) = the tags in R(x) with no add of x in A(x), minus the retired operations
 * records: CIDs with live adds or tombstones, ring operations, retired operations
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

  /** The state of every CID with live adds or tombstones. */
  public Map<Cid, PinState> states() {
    Map<Cid, Map<OperationId, PinValue>> adds = adds();
    Map<Cid, Set<OperationId>> removes = removes();
    Set<OperationId> retired = retired();
    Set<Cid> cids = new HashSet<>(adds.keySet());
    cids.addAll(removes.keySet());
    Map<Cid, PinState> states = new TreeMap<>();
    for (Cid cid : cids) {
      Set<OperationId> removed = removes.getOrDefault(cid, Set.of());
      Map<OperationId, PinValue> added = adds.getOrDefault(cid, Map.of());
      TreeMap<OperationId, PinValue> live = new TreeMap<>();
      added.forEach(
          (tag, value) -> {
            if (!removed.contains(tag)) {
              live.put(tag, value);
            }
          });
      TreeSet<OperationId> tombstones = new TreeSet<>();
      for (OperationId tag : removed) {
        if (!added.containsKey(tag) && !retired.contains(tag)) {
          tombstones.add(tag);
        }
      }
      PinState state = new PinState(cid, live, tombstones);
      if (!state.isEmpty()) {
        states.put(cid, state);
      }
    }
    return states;
  }

  /** The retired operations: pin and update operations one of whose adds was removed. */
  public Set<OperationId> retired() {
    Map<Cid, Map<OperationId, PinValue>> adds = adds();
    Map<Cid, Set<OperationId>> removes = removes();
    Set<OperationId> retired = new TreeSet<>();
    adds.forEach(
        (cid, added) -> {
          for (OperationId tag : added.keySet()) {
            if (removes.getOrDefault(cid, Set.of()).contains(tag)) {
              retired.add(tag);
            }
          }
        });
    return retired;
  }

  private Map<Cid, Map<OperationId, PinValue>> adds() {
    Map<Cid, Map<OperationId, PinValue>> adds = new HashMap<>();
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
        }
      }
    }
    return adds;
  }

  private Map<Cid, Set<OperationId>> removes() {
    Map<Cid, Set<OperationId>> removes = new HashMap<>();
    for (Operation operation : operations.values()) {
      if (operation instanceof UpdateOperation update) {
        for (UpdateEntry add : update.entries()) {
          removes.computeIfAbsent(add.spec().cid(), c -> new HashSet<>()).addAll(add.replaces());
        }
      } else if (operation instanceof UnpinOperation unpin) {
        for (UnpinEntry remove : unpin.entries()) {
          removes.computeIfAbsent(remove.cid(), c -> new HashSet<>()).addAll(remove.removes());
        }
      }
    }
    return removes;
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
    for (OperationId id : retired()) {
      addRecord(buckets, StateWriter.retiredRecordKey(id), StateWriter.retiredRecord(id));
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
