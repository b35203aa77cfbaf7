package org.pinring.crdt.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
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
 * <p>Tombstones are kept only while they are needed. A removed tag whose add has been seen (the
 * removal found it live, or the add arrived after the removal) is <em>retired</em>: the operation
 * that made the add was applied, so any later copy of it is a replay, and a replay of an applied
 * operation changes nothing in the documented semantics. One retired-operation record then replaces
 * every tombstone of that tag (docs/crdt.md, "Tombstones and retired operations"). Tombstones of
 * adds not seen yet stay in the pin record and in the {@code u TAG CID} index, so that retiring the
 * tag later finds and drops them.
 *
 * <p>Single use per batch: call {@link #apply} for each operation, then {@link #finish()}.
 */
public final class StateWriter {

  public static final String CHECKPOINT_TYPE = RingOperation.RESERVED_CHECKPOINT_TYPE;

  private final StagedWrites staged;
  private final RecordFilter committed;
  private final BucketCache cache;

  /** The buckets this batch has read or changed, as it leaves them; null where not touched. */
  private final Bucket[] buckets = new Bucket[StateTree.BUCKETS];

  private final BitSet changedBuckets = new BitSet(StateTree.BUCKETS);
  private long recordsAdded;

  /**
   * @param committed the records of the committed state, to skip store lookups of absent keys
   * @param cache committed buckets, read instead of the store when present
   */
  StateWriter(StagedWrites staged, RecordFilter committed, BucketCache cache) {
    this.staged = staged;
    this.committed = committed;
    this.cache = cache;
  }

  /** Applies one authorized operation. */
  public void apply(SignedOperation signed) {
    Operation operation = signed.operation();
    OperationId tag = signed.id();
    // Tags to retire once the whole operation is applied: retiring earlier would drop a tombstone
    // of this operation's own tag before a later entry of the same operation got to see it.
    Set<OperationId> retire = new LinkedHashSet<>();
    if (operation instanceof PinOperation pin) {
      if (isRetired(tag)) {
        return; // a replay of an operation applied before: changes nothing
      }
      for (PinEntry entry : pin.entries()) {
        add(entry.spec(), entry.version(), tag, Set.of(), retire);
      }
    } else if (operation instanceof UpdateOperation update) {
      if (isRetired(tag)) {
        return;
      }
      for (UpdateEntry entry : update.entries()) {
        add(entry.spec(), entry.version(), tag, entry.replaces(), retire);
      }
    } else if (operation instanceof UnpinOperation unpin) {
      for (UnpinEntry entry : unpin.entries()) {
        Loaded loaded = load(entry.cid());
        Mutable state = new Mutable(loaded);
        for (OperationId removed : entry.removes()) {
          remove(state, removed, retire);
        }
        write(loaded, state);
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
    for (OperationId retired : retire) {
      retire(retired);
    }
  }

  /** A pin state being changed: copies of the live adds and the unseen tombstones. */
  private static final class Mutable {
    final Cid cid;
    final TreeMap<OperationId, PinValue> live;
    final TreeSet<OperationId> removed;

    Mutable(Loaded loaded) {
      this.cid = loaded.cid;
      this.live = loaded.state == null ? new TreeMap<>() : new TreeMap<>(loaded.state.live());
      this.removed = loaded.state == null ? new TreeSet<>() : new TreeSet<>(loaded.state.removed());
    }

    boolean isEmpty() {
      return live.isEmpty() && removed.isEmpty();
    }

    /** Whether nothing changed since {@code loaded} was read. */
    boolean isUnchangedFrom(Loaded loaded) {
      return loaded.state == null
          ? isEmpty()
          : live.equals(loaded.state.live()) && removed.equals(loaded.state.removed());
    }

    PinState toState() {
      return new PinState(cid, live, removed);
    }
  }

  /**
   * Tombstones {@code replaces}, then adds {@code tag} unless a tombstone already names it (then
   * the add is seen and the tag retired).
   */
  private void add(
      PinSpec spec,
      long version,
      OperationId tag,
      Set<OperationId> replaces,
      Set<OperationId> retire) {
    Loaded loaded = load(spec.cid());
    Mutable state = new Mutable(loaded);
    for (OperationId replaced : replaces) {
      remove(state, replaced, retire);
    }
    if (state.removed.remove(tag)) {
      staged.delete(StoreLayout.unseenKey(tag, spec.cid()));
      retire.add(tag);
    } else if (!state.live.containsKey(tag)) {
      state.live.put(tag, new PinValue(tag, version, spec));
    }
    write(loaded, state);
  }

  /**
   * Removes {@code tag} from a CID: drops its live add (its add is then seen: retire the tag), or
   * keeps a tombstone until the add arrives, unless the tag is retired already (its add was applied
   * and can only come back as a replay, which is skipped).
   */
  private void remove(Mutable state, OperationId tag, Set<OperationId> retire) {
    if (state.live.remove(tag) != null) {
      retire.add(tag);
    } else if (!state.removed.contains(tag) && !retire.contains(tag) && !isRetired(tag)) {
      state.removed.add(tag);
      staged.put(StoreLayout.unseenKey(tag, state.cid), new byte[0]);
    }
  }

  /**
   * Records {@code tag} as retired and drops every tombstone that names it (found through the
   * {@code u} index).
   */
  private void retire(OperationId tag) {
    byte[] recordKey = retiredRecordKey(tag);
    RecordKeys where = RecordKeys.of(recordKey);
    byte[] key = StoreLayout.recordKey(where.bucket(), recordKey);
    Bucket bucket = bucket(where.bucket());
    if (bucket.mayContain(where.fingerprint()) && staged.contains(key)) {
      return;
    }
    byte[] encoded = retiredRecord(tag);
    staged.put(key, encoded);
    addToBucket(where, StateTree.recordHash(encoded));
    recordsAdded++;
    byte[] prefix = StoreLayout.opKey(StoreLayout.UNSEEN, tag);
    for (byte[] unseen : staged.keysWithPrefix(prefix)) {
      staged.delete(unseen);
      Cid cid = Cid.decode(java.util.Arrays.copyOfRange(unseen, prefix.length, unseen.length));
      Loaded loaded = load(cid);
      Mutable state = new Mutable(loaded);
      state.removed.remove(tag);
      write(loaded, state);
    }
  }

  /** Whether {@code tag} is retired (as this batch leaves the state). */
  private boolean isRetired(OperationId tag) {
    byte[] recordKey = retiredRecordKey(tag);
    RecordKeys where = RecordKeys.of(recordKey);
    // The record's bucket as this batch leaves it if the batch has read it, else as committed: a
    // missing fingerprint answers "not retired", the common case, without probing the store.
    Bucket inBatch = buckets[where.bucket()];
    boolean mayExist =
        inBatch != null
            ? inBatch.mayContain(where.fingerprint())
            : committed.mayContain(where.bucket(), where.fingerprint());
    return mayExist && staged.contains(StoreLayout.recordKey(where.bucket(), recordKey));
  }

  /**
   * A pin record as read in this batch: where it lives, its bytes and its state (both null if there
   * is no record: most pins are of new CIDs, which need no empty state built and compared).
   */
  private static final class Loaded {
    final Cid cid;
    final RecordKeys where;
    final byte[] key;
    final byte[] encoded;
    final PinState state;

    Loaded(Cid cid, RecordKeys where, byte[] key, byte[] encoded, PinState state) {
      this.cid = cid;
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
    PinState state = encoded == null ? null : StateRecordCodec.decode(DagCbor.decode(encoded));
    return new Loaded(cid, where, key, encoded, state);
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
    addToBucket(where, StateTree.recordHash(encoded));
    recordsAdded++;
    return true;
  }

  /** Writes a changed pin record; a record left with no live add and no tombstone is deleted. */
  private void write(Loaded before, Mutable changed) {
    if (changed.isUnchangedFrom(before)) {
      return;
    }
    if (changed.isEmpty()) {
      staged.delete(before.key);
      removeFromBucket(before.where, StateTree.recordHash(before.encoded));
      recordsAdded--;
      return;
    }
    byte[] encoded = StateRecordCodec.encodeBytes(changed.toState());
    staged.put(before.key, encoded);
    byte[] hash = StateTree.recordHash(encoded);
    if (before.encoded == null) {
      addToBucket(before.where, hash);
      recordsAdded++;
    } else {
      removeFromBucket(before.where, StateTree.recordHash(before.encoded));
      addToBucket(before.where, hash);
    }
  }

  /**
   * Lists a new record (or a record's new hash) in its bucket: in memory, and as one staged entry.
   * Every change of a bucket goes through here and {@link #removeFromBucket}, so the entries the
   * batch stages, applied to the committed bucket, give exactly the bucket in memory (a later
   * staged write of the same entry key replaces an earlier one).
   */
  private void addToBucket(RecordKeys where, byte[] hash) {
    int index = where.bucket();
    buckets[index] = bucket(index).withNewRecord(where.fingerprint(), hash);
    changedBuckets.set(index);
    staged.put(Bucket.entryKey(index, hash), Bucket.entryValue(where.fingerprint()));
  }

  /** Removes a record's (old) hash from its bucket: in memory, and its staged entry. */
  private void removeFromBucket(RecordKeys where, byte[] hash) {
    int index = where.bucket();
    buckets[index] = bucket(index).withoutRecord(where.fingerprint(), hash);
    changedBuckets.set(index);
    staged.delete(Bucket.entryKey(index, hash));
  }

  /** The bucket as this batch will leave it. */
  private Bucket bucket(int index) {
    Bucket bucket = buckets[index];
    if (bucket == null) {
      // Not touched by this batch yet, so the committed bucket is what the batch starts from.
      bucket = cache.get(index);
      if (bucket == null) {
        // Untouched by this batch, so the staged view of its entries is the store's. The record
        // filter knows every committed record: a bucket without any (each bucket's first record
        // on a growing replica) needs no scan.
        bucket = committed.isEmpty(index) ? Bucket.EMPTY : Bucket.read(staged, index);
        cache.put(index, bucket);
      }
      buckets[index] = bucket;
    }
    return bucket;
  }

  /**
   * Ends the batch's state changes (their bucket entries are staged already, as they happen).
   *
   * @return each changed bucket, to set in the {@link StateTree} and the {@link RecordFilter} once
   *     the batch is committed
   */
  List<ChangedBucket> finish() {
    List<ChangedBucket> changed = new ArrayList<>(changedBuckets.cardinality());
    for (int index = changedBuckets.nextSetBit(0);
        index >= 0;
        index = changedBuckets.nextSetBit(index + 1)) {
      changed.add(new ChangedBucket(index, buckets[index]));
    }
    Arrays.fill(buckets, null);
    changedBuckets.clear();
    return changed;
  }

  /** A bucket a batch changed: its index and its new content. */
  record ChangedBucket(int index, Bucket bucket) {}

  /**
   * Records created by this writer (a CID seen for the first time, a new ring or retired operation)
   * minus records deleted (a CID left with nothing); may be negative.
   */
  public long recordsAdded() {
    return recordsAdded;
  }

  public static byte[] pinRecordKey(Cid cid) {
    byte[] key = new byte[1 + cid.encodedLength()];
    key[0] = StoreLayout.PIN_RECORD;
    cid.writeTo(key, 1);
    return key;
  }

  public static byte[] retiredRecordKey(OperationId id) {
    return org.pinring.crdt.kv.Keys.concat(new byte[] {StoreLayout.RETIRED_RECORD}, id.toBytes());
  }

  /** A retired operation's record: its id as a DAG-CBOR byte string. */
  public static byte[] retiredRecord(OperationId id) {
    return DagCbor.encode(org.pinring.multiformats.ipld.Ipld.of(id.toBytes()));
  }

  public static byte[] ringRecordKey(OperationId id) {
    return org.pinring.crdt.kv.Keys.concat(new byte[] {StoreLayout.RING_RECORD}, id.toBytes());
  }
}
