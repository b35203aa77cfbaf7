package org.pinring.crdt.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.pinring.crdt.CheckpointOperation;
import org.pinring.crdt.Operation;
import org.pinring.crdt.OperationId;
import org.pinring.crdt.PinEntry;
import org.pinring.crdt.PinOperation;
import org.pinring.crdt.PinSpec;
import org.pinring.crdt.PinState;
import org.pinring.crdt.PinValue;
import org.pinring.crdt.RingOperation;
import org.pinring.crdt.SignedOperation;
import org.pinring.crdt.UnpinEntry;
import org.pinring.crdt.UnpinOperation;
import org.pinring.crdt.UpdateEntry;
import org.pinring.crdt.UpdateOperation;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.ipld.DagCbor;

/**
 * Applies operations to the state records of one batch (staged, not yet committed) and keeps the
 * bucket hash lists in step. The rules are those of {@code docs/crdt.md}; each is idempotent and
 * commutes with every other, which is what makes replicas converge whatever the delivery order.
 *
 * <p>Single use per batch: call {@link #apply} for each operation, then {@link #finish()}.
 */
public final class StateWriter {

  public static final String CHECKPOINT_TYPE = RingOperation.RESERVED_CHECKPOINT_TYPE;

  private final StagedWrites staged;
  private final Map<Integer, Bucket> buckets = new HashMap<>();
  private long recordsAdded;

  public StateWriter(StagedWrites staged) {
    this.staged = staged;
  }

  /** Applies one authorized operation. */
  public void apply(SignedOperation signed) {
    Operation operation = signed.operation();
    OperationId tag = signed.id();
    if (operation instanceof PinOperation pin) {
      for (PinEntry entry : pin.entries()) {
        add(entry.spec(), entry.version(), tag, new TreeSet<>());
      }
    } else if (operation instanceof UpdateOperation update) {
      for (UpdateEntry entry : update.entries()) {
        add(entry.spec(), entry.version(), tag, entry.replaces());
      }
    } else if (operation instanceof UnpinOperation unpin) {
      for (UnpinEntry entry : unpin.entries()) {
        remove(entry.cid(), entry.removes());
      }
    } else if (operation instanceof RingOperation ring) {
      addRingOperation(signed, ring.type());
    } else if (operation instanceof CheckpointOperation) {
      if (addRingOperation(signed, CHECKPOINT_TYPE)) {
        // The signed form is kept (outside the state root) to hand to joining replicas.
        staged.put(
            StoreLayout.opKey(StoreLayout.CHECKPOINT, tag), OperationCodec.encodeSigned(signed));
      }
    } else {
      throw new AssertionError("unknown operation " + operation);
    }
  }

  /** Tombstones {@code replaces}, then adds {@code tag} unless it is itself tombstoned. */
  private void add(PinSpec spec, long version, OperationId tag, Set<OperationId> replaces) {
    Loaded loaded = load(spec.cid());
    TreeMap<OperationId, PinValue> live = new TreeMap<>(loaded.state.live());
    TreeSet<OperationId> removed = new TreeSet<>(loaded.state.removed());
    for (OperationId replaced : replaces) {
      live.remove(replaced);
      removed.add(replaced);
    }
    if (!removed.contains(tag) && !live.containsKey(tag)) {
      live.put(tag, new PinValue(tag, version, spec));
    }
    write(loaded, new PinState(spec.cid(), live, removed));
  }

  private void remove(Cid cid, Set<OperationId> tags) {
    Loaded loaded = load(cid);
    TreeMap<OperationId, PinValue> live = new TreeMap<>(loaded.state.live());
    TreeSet<OperationId> removed = new TreeSet<>(loaded.state.removed());
    for (OperationId tag : tags) {
      live.remove(tag);
      removed.add(tag);
    }
    write(loaded, new PinState(cid, live, removed));
  }

  /** A pin record as read in this batch: where it lives, its bytes (null if none), its state. */
  private static final class Loaded {
    final RecordKeys where;
    final byte[] key;
    final byte[] encoded;
    final PinState state;

    Loaded(RecordKeys where, byte[] key, byte[] encoded, PinState state) {
      this.where = where;
      this.key = key;
      this.encoded = encoded;
      this.state = state;
    }
  }

  private Loaded load(Cid cid) {
    byte[] recordKey = pinRecordKey(cid);
    RecordKeys where = RecordKeys.of(recordKey);
    byte[] key = StoreLayout.recordKey(where.bucket(), recordKey);
    // The fingerprints answer "new CID" without a store lookup: the common case of a pin.
    byte[] encoded =
        bucket(where.bucket()).mayContain(where.fingerprint()) ? staged.get(key) : null;
    PinState state =
        encoded == null ? PinState.empty(cid) : StateRecordCodec.decode(DagCbor.decode(encoded));
    return new Loaded(where, key, encoded, state);
  }

  private boolean addRingOperation(SignedOperation signed, String type) {
    byte[] recordKey = ringRecordKey(signed.id());
    RecordKeys where = RecordKeys.of(recordKey);
    byte[] key = StoreLayout.recordKey(where.bucket(), recordKey);
    Bucket bucket = bucket(where.bucket());
    if (bucket.mayContain(where.fingerprint()) && staged.contains(key)) {
      return false; // a grow-only set: a replay changes nothing
    }
    byte[] encoded = signed.canonicalEncoding();
    staged.put(key, encoded);
    staged.put(StoreLayout.ringTypeKey(type, signed.id()), new byte[0]);
    buckets.put(
        where.bucket(), bucket.withNewRecord(where.fingerprint(), StateTree.recordHash(encoded)));
    recordsAdded++;
    return true;
  }

  private void write(Loaded before, PinState after) {
    if (before.state.equals(after)) {
      return;
    }
    byte[] encoded = DagCbor.encode(StateRecordCodec.encode(after));
    staged.put(before.key, encoded);
    int index = before.where.bucket();
    byte[] hash = StateTree.recordHash(encoded);
    if (before.encoded == null) {
      buckets.put(index, bucket(index).withNewRecord(before.where.fingerprint(), hash));
      recordsAdded++;
    } else {
      buckets.put(
          index, bucket(index).withChangedRecord(StateTree.recordHash(before.encoded), hash));
    }
  }

  /** The bucket as this batch will leave it. */
  private Bucket bucket(int index) {
    Bucket bucket = buckets.get(index);
    if (bucket == null) {
      bucket = Bucket.decode(staged.get(StoreLayout.bucketKey(StoreLayout.BUCKET, index)));
      buckets.put(index, bucket);
    }
    return bucket;
  }

  /**
   * Stages every bucket this writer changed.
   *
   * @return the new leaf hash of each changed bucket, to set in the {@link StateTree} once the
   *     batch is committed
   */
  public Map<Integer, byte[]> finish() {
    Map<Integer, byte[]> leaves = new HashMap<>();
    for (Map.Entry<Integer, Bucket> bucket : buckets.entrySet()) {
      if (bucket.getValue().count() == 0) {
        continue; // looked at, never written
      }
      staged.put(
          StoreLayout.bucketKey(StoreLayout.BUCKET, bucket.getKey()), bucket.getValue().encode());
      leaves.put(bucket.getKey(), bucket.getValue().leafHash());
    }
    buckets.clear();
    return leaves;
  }

  /** Records created by this writer (a CID seen for the first time, a new ring operation). */
  public long recordsAdded() {
    return recordsAdded;
  }

  public static byte[] pinRecordKey(Cid cid) {
    byte[] key = new byte[1 + cid.encodedLength()];
    key[0] = StoreLayout.PIN_RECORD;
    cid.writeTo(key, 1);
    return key;
  }

  public static byte[] ringRecordKey(OperationId id) {
    return org.pinring.crdt.kv.Keys.concat(new byte[] {StoreLayout.RING_RECORD}, id.toBytes());
  }
}
