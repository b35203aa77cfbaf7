package org.pinring.crdt.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import org.pinring.crdt.CrdtConfig;
import org.pinring.crdt.CrdtMetrics;
import org.pinring.crdt.CrdtPorts;
import org.pinring.crdt.StateRoot;
import org.pinring.crdt.kv.KeyValueEntry;
import org.pinring.crdt.kv.KeyValueIterator;
import org.pinring.crdt.kv.KeyValueStore;
import org.pinring.multiformats.Cid;
import org.pinring.runtime.Environment;

/**
 * The state one replica's components share: configuration, ports, the store and what is cached from
 * it in memory (heads, the state tree, counters). Confined to the replica's scheduler thread,
 * except the volatile fields, which any thread may read.
 */
public final class ReplicaContext {

  private static final byte[] COUNTERS_KEY = StoreLayout.meta("counters");

  public final CrdtConfig config;
  public final KeyValueStore store;
  public final Environment env;
  public final CrdtPorts ports;
  public final StateTree tree = new StateTree();

  /** Which records may exist, from the committed buckets (kept in step with {@link #tree}). */
  final RecordFilter recordFilter = new RecordFilter();

  /** Committed buckets kept decoded, so applying rarely reads a bucket from the store. */
  final BucketCache bucketCache = new BucketCache(BucketCache.DEFAULT_MAX_BYTES);

  /** Applied deltas no applied delta links to, with their heights. */
  final TreeMap<Cid, Long> heads = new TreeMap<>();

  long pendingDeltas;
  long pendingBytes;
  long records;
  long maxAnnouncedHeight;

  /** True while a bootstrap imports a snapshot: walking and applying wait. */
  boolean bootstrapping;

  /** Set when the replica is closed: scheduled work that is still queued does nothing. */
  volatile boolean closed;

  private volatile StateRoot root;
  private volatile List<Cid> headList = List.of();
  private volatile long maxHeight;

  ReplicaContext(CrdtConfig config, KeyValueStore store, Environment env, CrdtPorts ports) {
    this.config = config;
    this.store = store;
    this.env = env;
    this.ports = ports;
    this.root = tree.root();
  }

  /** Loads heads, the state tree and counters from the store. */
  void load() {
    try (KeyValueIterator it = store.scan(StoreLayout.prefix(StoreLayout.HEAD))) {
      while (it.hasNext()) {
        KeyValueEntry entry = it.next();
        heads.put(StoreLayout.cidOf(entry.key()), DeltaInfo.heightOf(entry.value()));
      }
    }
    // Leaf hashes are recomputed from the bucket entries (one scan, 43 bytes per record): cheaper
    // than storing them.
    try (Bucket.Scan buckets = new Bucket.Scan(store)) {
      while (buckets.hasNext()) {
        int index = buckets.nextIndex();
        bucketCommitted(index, buckets.bucket(index));
      }
    }
    tree.recompute();
    byte[] counters = store.get(COUNTERS_KEY);
    if (counters != null) {
      ByteBuffer buffer = ByteBuffer.wrap(counters);
      pendingDeltas = buffer.getLong();
      pendingBytes = buffer.getLong();
      records = buffer.getLong();
    }
    publishViews();
  }

  /** Stages the persistent counters into a batch. */
  void stageCounters(StagedWrites staged) {
    staged.put(
        COUNTERS_KEY,
        ByteBuffer.allocate(24)
            .putLong(pendingDeltas)
            .putLong(pendingBytes)
            .putLong(records)
            .array());
  }

  /** Sets the buckets a committed batch wrote and refreshes the views other threads read. */
  void afterCommit(List<StateWriter.ChangedBucket> buckets) {
    for (StateWriter.ChangedBucket changed : buckets) {
      bucketCommitted(changed.index(), changed.bucket());
    }
    tree.recompute();
    publishViews();
  }

  /**
   * A bucket as it now is in the store: sets its leaf (ancestors wait for {@link
   * StateTree#recompute()}) and its entry in the {@link #recordFilter}.
   */
  void bucketCommitted(int index, Bucket bucket) {
    tree.setLeaf(index, bucket.leafHash());
    recordFilter.set(index, bucket);
    bucketCache.put(index, bucket);
  }

  /**
   * Empties the state tree, the record filter and the bucket cache (the state records were
   * discarded).
   */
  void clearState() {
    tree.clear();
    recordFilter.clear();
    bucketCache.clear();
  }

  void publishViews() {
    root = tree.root();
    headList = Collections.unmodifiableList(new ArrayList<>(heads.keySet()));
    long max = 0;
    for (long height : heads.values()) {
      max = Math.max(max, height);
    }
    maxHeight = max;
    CrdtMetrics metrics = ports.metrics();
    metrics.set(CrdtMetrics.Gauge.HEADS, heads.size());
    metrics.set(CrdtMetrics.Gauge.MAX_HEIGHT, max);
    metrics.set(CrdtMetrics.Gauge.PENDING_DELTAS, pendingDeltas);
    metrics.set(CrdtMetrics.Gauge.RECORDS, records);
    metrics.set(CrdtMetrics.Gauge.SYNC_LAG, Math.max(0, maxAnnouncedHeight - max));
  }

  public StateRoot root() {
    return root;
  }

  public List<Cid> headList() {
    return headList;
  }

  public long maxHeight() {
    return maxHeight;
  }

  /** The heads with their heights; scheduler thread only. */
  public java.util.SortedMap<Cid, Long> headsView() {
    return java.util.Collections.unmodifiableSortedMap(heads);
  }

  public boolean bootstrapping() {
    return bootstrapping;
  }

  public long pendingDeltas() {
    return pendingDeltas;
  }

  public long records() {
    return records;
  }
}
