package org.pinring.crdt.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pinring.crdt.Authorization;
import org.pinring.crdt.Carrier;
import org.pinring.crdt.CrdtMetrics;
import org.pinring.crdt.Delta;
import org.pinring.crdt.RemotePeer;
import org.pinring.crdt.SignedOperation;
import org.pinring.crdt.kv.KeyValueStore.Durability;
import org.pinring.crdt.kv.StoreException;
import org.pinring.multiformats.Cid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies deltas whose parents are all applied, in atomic batches. A delta is applied completely
 * (its DAG record, head changes and every state change of every operation) in the same batch as the
 * removal of its pending copy, or not at all: there is no half-applied delta after a crash.
 *
 * <p>Pending deltas become ready when their last missing parent is applied; readiness is stored
 * ({@code y CID}) in that same batch, so a restart finds the ready set without scanning the DAG.
 */
public final class Applier {

  /** What applying one delta came to. */
  enum Outcome {
    APPLIED,
    ALREADY_APPLIED,
    NOT_READY,
    REJECTED,
    DEFERRED
  }

  private static final Logger log = LoggerFactory.getLogger(Applier.class);
  private static final int MAX_REASON_BYTES = 512;
  private static final int MAX_REMEMBERED_RELAYERS = 65_536;
  private static final long MAX_DECODED_BYTES = 4L << 20;
  private static final int MAX_DECODED = 8192;

  private final ReplicaContext context;
  private final RecentHeights recentHeights = new RecentHeights();
  private final ArrayDeque<Cid> ready = new ArrayDeque<>();
  private final Set<Cid> readySet = new HashSet<>();
  private final Map<Cid, Integer> deferrals = new HashMap<>();
  private final LinkedHashMap<Cid, RemotePeer> relayers =
      new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Cid, RemotePeer> eldest) {
          return size() > MAX_REMEMBERED_RELAYERS;
        }
      };
  private java.util.function.Consumer<Batch> afterBatch = batch -> {};

  /**
   * Deltas decoded when fetched, kept until applied so most are decoded once. Bounded by count and
   * by the encoded bytes of the deltas it holds (their decoded form is several times that): a count
   * bound alone would admit thousands of maximal deltas.
   */
  private final LinkedHashMap<Cid, DecodedDelta> decoded = new LinkedHashMap<>();

  private long decodedBytes;

  private record DecodedDelta(Delta delta, int encodedBytes) {}

  private boolean drainScheduled;

  Applier(ReplicaContext context) {
    this.context = context;
  }

  /** Called after each committed batch (the walker resumes fetching when pending space frees). */
  void onBatchCommitted(java.util.function.Consumer<Batch> action) {
    this.afterBatch = action;
  }

  /** Loads the stored ready set. */
  void load() {
    try (var it = context.store.scan(StoreLayout.prefix(StoreLayout.READY))) {
      while (it.hasNext()) {
        enqueue(StoreLayout.cidOf(it.next().key()));
      }
    }
  }

  void enqueue(Cid cid) {
    if (readySet.add(cid)) {
      ready.add(cid);
    }
  }

  /** Remembers, for a delta just stored as pending, who relayed it and its decoded form. */
  void rememberPending(Cid cid, Delta delta, int encodedBytes, Optional<RemotePeer> peer) {
    peer.ifPresent(p -> relayers.put(cid, p));
    if (encodedBytes > MAX_DECODED_BYTES || decoded.containsKey(cid)) {
      return;
    }
    decoded.put(cid, new DecodedDelta(delta, encodedBytes));
    decodedBytes += encodedBytes;
    var eldest = decoded.entrySet().iterator();
    while ((decodedBytes > MAX_DECODED_BYTES || decoded.size() > MAX_DECODED) && eldest.hasNext()) {
      decodedBytes -= eldest.next().getValue().encodedBytes();
      eldest.remove();
    }
  }

  /** The decoded form of {@code cid} if still cached, forgetting it. */
  private Delta takeDecoded(Cid cid) {
    DecodedDelta cached = decoded.remove(cid);
    if (cached == null) {
      return null;
    }
    decodedBytes -= cached.encodedBytes();
    return cached.delta();
  }

  /** Whether {@code cid} is queued to be applied. */
  boolean isReady(Cid cid) {
    return readySet.contains(cid);
  }

  /** The peer that relayed a pending delta, if remembered. */
  Optional<RemotePeer> relayerOf(Cid cid) {
    return Optional.ofNullable(relayers.get(cid));
  }

  /** Forgets what is remembered in memory about a pending delta that is being evicted. */
  void forget(Cid cid) {
    takeDecoded(cid);
    relayers.remove(cid);
  }

  void scheduleDrain() {
    if (!drainScheduled && !ready.isEmpty()) {
      drainScheduled = true;
      context.env.scheduler().execute(this::drain);
    }
  }

  int readyCount() {
    return ready.size();
  }

  /** Applies up to one batch of ready deltas, then reschedules itself if more are ready. */
  void drain() {
    drainScheduled = false;
    if (ready.isEmpty() || context.bootstrapping || context.closed) {
      return;
    }
    Batch batch = new Batch(context);
    int deltas = 0;
    // What a refused write must put back: the deltas taken off the queue (the pending counts are
    // restored by write itself).
    List<Cid> taken = new ArrayList<>();
    while (!ready.isEmpty()
        && deltas < context.config.maxDeltasPerBatch()
        && batch.staged.approximateBytes() < context.config.maxBytesPerResponse()) {
      Cid cid = ready.poll();
      readySet.remove(cid);
      taken.add(cid);
      byte[] stored = batch.staged.get(StoreLayout.cidKey(StoreLayout.PENDING, cid));
      if (stored == null) {
        batch.staged.delete(StoreLayout.cidKey(StoreLayout.READY, cid));
        continue;
      }
      byte[] block = PendingEntry.decode(stored).block();
      Delta delta = takeDecoded(cid);
      if (delta == null) {
        delta = DeltaCodec.decode(block);
      }
      Outcome outcome =
          apply(batch, cid, block, delta, Optional.ofNullable(relayers.get(cid)), true);
      if (outcome == Outcome.DEFERRED) {
        deferLater(cid);
      }
      deltas++;
    }
    try {
      write(batch, Durability.BUFFERED);
    } catch (StoreException e) {
      // Nothing of the batch is stored, so its deltas are still pending and ready in the store;
      // put them back in memory too and try again later, rather than leaving them until a restart.
      for (Cid cid : taken) {
        enqueue(cid);
      }
      drainFailures++;
      Duration delay = Backoff.delay(context, drainFailures);
      log.warn(
          "applying {} ready deltas failed to write ({}); retrying in {}",
          taken.size(),
          e.getMessage(),
          delay);
      drainScheduled = true;
      context
          .env
          .scheduler()
          .schedule(
              delay,
              () -> {
                drainScheduled = false;
                if (!context.closed) {
                  scheduleDrain();
                }
              });
      return;
    }
    drainFailures = 0;
    // Only after the write: what the batch triggers (walker writes among them) is not the drain's
    // failure even if it fails.
    publish(batch);
    scheduleDrain();
  }

  /** Consecutive drains whose write the store refused, for the retry backoff. */
  private int drainFailures;

  /**
   * Applies {@code delta} into {@code batch} if its parents are applied.
   *
   * @param authorize false only for local submissions, whose operations were authorized already
   */
  Outcome apply(
      Batch batch,
      Cid cid,
      byte[] block,
      Delta delta,
      Optional<RemotePeer> relayer,
      boolean authorize) {
    StagedWrites staged = batch.staged;
    if (DagQueries.isApplied(staged, cid)) {
      dropPending(batch, cid, block.length, delta.height(), delta.parents());
      return Outcome.ALREADY_APPLIED;
    }
    long maxParentHeight = 0;
    for (Cid parent : delta.parents()) {
      long height = batch.heightInBatch(parent);
      if (height == 0) {
        height = DagQueries.appliedHeight(staged, recentHeights, parent);
      }
      if (height < 0) {
        if (DagQueries.isRejected(staged, parent)) {
          reject(batch, cid, "links to rejected delta " + parent);
          return Outcome.REJECTED;
        }
        return Outcome.NOT_READY;
      }
      maxParentHeight = Math.max(maxParentHeight, height);
    }
    if (delta.height() != maxParentHeight + 1) {
      reject(
          batch,
          cid,
          "wrong priority: height "
              + delta.height()
              + " but the highest parent has height "
              + maxParentHeight);
      return Outcome.REJECTED;
    }
    if (authorize) {
      Carrier carrier = new Carrier(Optional.of(cid), delta.height(), relayer);
      for (SignedOperation operation : delta.operations()) {
        Authorization verdict = context.ports.authorizer().authorize(operation, carrier);
        if (verdict.verdict() == Authorization.Verdict.REJECT) {
          context.ports.metrics().increment(CrdtMetrics.Counter.OPERATIONS_REJECTED, 1);
          relayer.ifPresent(
              peer ->
                  context
                      .ports
                      .broadcaster()
                      .reportMisbehaviour(
                          peer, "relayed delta " + cid + " with unauthorized " + operation));
          reject(batch, cid, "unauthorized " + operation + ": " + verdict.reason());
          return Outcome.REJECTED;
        }
        if (verdict.verdict() == Authorization.Verdict.DEFER) {
          context.ports.metrics().increment(CrdtMetrics.Counter.DELTAS_DEFERRED, 1);
          log.debug("deferring delta {}: {}", cid, verdict.reason());
          return Outcome.DEFERRED;
        }
      }
    }
    // Every operation is authorized: only now does anything of the delta touch the state.
    for (SignedOperation operation : delta.operations()) {
      batch.writer.apply(operation);
    }
    staged.put(
        StoreLayout.cidKey(StoreLayout.DELTA, cid),
        new DeltaInfo(0, delta.height(), delta.parents()).encode());
    for (Cid parent : delta.parents()) {
      staged.delete(StoreLayout.cidKey(StoreLayout.HEAD, parent));
      staged.delete(StoreLayout.waitingKey(parent, cid));
      batch.headsRemoved.add(parent);
    }
    staged.put(StoreLayout.cidKey(StoreLayout.HEAD, cid), DeltaInfo.heightBytes(delta.height()));
    batch.headsAdded.put(cid, delta.height());
    dropPending(batch, cid, block.length, delta.height(), delta.parents());
    for (Cid child : DagQueries.waitingChildren(context.store, staged, cid)) {
      if (allParentsApplied(staged, child)) {
        staged.put(StoreLayout.cidKey(StoreLayout.READY, child), new byte[0]);
        batch.nowReady.add(child);
      }
    }
    context.ports.sink().put(cid, block);
    batch.deltasApplied++;
    batch.operationsApplied += delta.operations().size();
    deferrals.remove(cid);
    return Outcome.APPLIED;
  }

  private boolean allParentsApplied(StagedWrites staged, Cid child) {
    byte[] stored = staged.get(StoreLayout.cidKey(StoreLayout.PENDING, child));
    if (stored == null) {
      return false;
    }
    for (Cid parent : PendingEntry.decode(stored).parents()) {
      if (!DagQueries.isApplied(staged, parent)) {
        return false;
      }
    }
    return true;
  }

  private void dropPending(Batch batch, Cid cid, int blockBytes, long height, List<Cid> parents) {
    StagedWrites staged = batch.staged;
    if (DagQueries.isPending(staged, cid)) {
      staged.delete(StoreLayout.cidKey(StoreLayout.PENDING, cid));
      staged.delete(StoreLayout.pendingByHeightKey(height, cid));
      context.pendingDeltas--;
      context.pendingBytes -= blockBytes;
      for (Cid parent : parents) {
        staged.delete(StoreLayout.waitingKey(parent, cid));
      }
    }
    staged.delete(StoreLayout.cidKey(StoreLayout.READY, cid));
  }

  /**
   * Records {@code cid} as rejected for good, drops its pending copy, and rejects every pending
   * delta that waits for it (they can never be applied).
   */
  void reject(Batch batch, Cid cid, String reason) {
    ArrayDeque<Cid> work = new ArrayDeque<>();
    Map<Cid, String> reasons = new HashMap<>();
    work.add(cid);
    reasons.put(cid, reason);
    while (!work.isEmpty()) {
      Cid next = work.poll();
      String why = reasons.get(next);
      StagedWrites staged = batch.staged;
      if (DagQueries.isRejected(staged, next) || DagQueries.isApplied(staged, next)) {
        continue;
      }
      log.info("rejected delta {}: {}", next, why);
      staged.put(StoreLayout.cidKey(StoreLayout.REJECTED, next), truncate(why));
      batch.deltasRejected++;
      byte[] stored = staged.get(StoreLayout.cidKey(StoreLayout.PENDING, next));
      if (stored != null) {
        PendingEntry pending = PendingEntry.decode(stored);
        dropPending(batch, next, pending.block().length, pending.height(), pending.parents());
        batch.parentsMaybeUnwanted.addAll(pending.parents());
        takeDecoded(next);
      }
      for (Cid child : DagQueries.waitingChildren(context.store, staged, next)) {
        staged.delete(StoreLayout.waitingKey(next, child));
        if (!reasons.containsKey(child)) {
          reasons.put(child, "links to rejected delta " + next);
          work.add(child);
        }
      }
    }
  }

  private void deferLater(Cid cid) {
    int attempts = deferrals.merge(cid, 1, Integer::sum);
    Duration delay = Backoff.delay(context, attempts);
    context
        .env
        .scheduler()
        .schedule(
            delay,
            () -> {
              if (context.closed) {
                return;
              }
              enqueue(cid);
              scheduleDrain();
            });
  }

  /** Writes a batch, then {@link #publish publishes} it. */
  void commit(Batch batch, Durability durability) {
    write(batch, durability);
    publish(batch);
  }

  /**
   * Writes a batch and brings the in-memory views up to date (heads, state tree, record filter,
   * bucket cache, ready queue). Does no other I/O.
   *
   * @throws StoreException if the store refuses the write: then nothing of the batch is stored and
   *     the views and counters are as they were before the batch was staged
   */
  void write(Batch batch, Durability durability) {
    List<StateWriter.ChangedBucket> changedBuckets = batch.writer.finish();
    long recordsBefore = context.records;
    context.records += batch.writer.recordsAdded();
    context.stageCounters(batch.staged);
    if (!batch.staged.isEmpty()) {
      try {
        context.store.write(batch.staged.toBatch(), durability);
      } catch (StoreException e) {
        // Nothing of the batch is stored: neither may it count (the tree, bucket cache and record
        // filter are only updated below, after the write). Applying or dropping pending deltas
        // lowered the pending counts while staging; they are pending still.
        context.records = recordsBefore;
        context.pendingDeltas = batch.pendingDeltasBefore;
        context.pendingBytes = batch.pendingBytesBefore;
        throw e;
      }
    }
    // Deltas applied in this batch were all heads when applied; those that a later delta of the
    // batch superseded are removed again. Adding first, then removing, gets both cases right.
    context.heads.putAll(batch.headsAdded);
    for (Cid removed : batch.headsRemoved) {
      context.heads.remove(removed);
    }
    batch.headsAdded.forEach(recentHeights::put);
    context.afterCommit(changedBuckets);
    for (Cid cid : batch.nowReady) {
      enqueue(cid);
    }
  }

  /**
   * Counts a written batch and runs what follows it: the walker's bookkeeping and the head
   * announcement. The walker handles a refused write of its own, so this never fails because of the
   * store.
   */
  void publish(Batch batch) {
    CrdtMetrics metrics = context.ports.metrics();
    metrics.increment(CrdtMetrics.Counter.DELTAS_APPLIED, batch.deltasApplied);
    metrics.increment(CrdtMetrics.Counter.OPERATIONS_APPLIED, batch.operationsApplied);
    metrics.increment(CrdtMetrics.Counter.DELTAS_REJECTED, batch.deltasRejected);
    if (!batch.headsAdded.isEmpty()) {
      batch.headsChanged = true;
    }
    afterBatch.accept(batch);
    if (batch.headsChanged) {
      headsChanged.run();
    }
  }

  private Runnable headsChanged = () -> {};

  void onHeadsChanged(Runnable action) {
    this.headsChanged = action;
  }

  private static byte[] truncate(String reason) {
    byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
    return bytes.length <= MAX_REASON_BYTES
        ? bytes
        : java.util.Arrays.copyOf(bytes, MAX_REASON_BYTES);
  }

  /** The writes of one atomic batch and what they will change in memory once committed. */
  static final class Batch {
    final StagedWrites staged;
    final StateWriter writer;
    final List<Cid> headsRemoved = new ArrayList<>();
    final Map<Cid, Long> headsAdded = new HashMap<>();
    final List<Cid> nowReady = new ArrayList<>();
    final Set<Cid> parentsMaybeUnwanted = new HashSet<>();
    long deltasApplied;
    long operationsApplied;
    long deltasRejected;
    boolean headsChanged;

    /** The pending counts when the batch was begun, restored if the store refuses it. */
    final long pendingDeltasBefore;

    final long pendingBytesBefore;

    Batch(ReplicaContext context) {
      this.pendingDeltasBefore = context.pendingDeltas;
      this.pendingBytesBefore = context.pendingBytes;
      this.staged = new StagedWrites(context.store);
      this.writer = new StateWriter(staged, context.recordFilter, context.bucketCache);
    }

    /** The height of a delta applied earlier in this batch, or 0. */
    long heightInBatch(Cid cid) {
      Long height = headsAdded.get(cid);
      return height == null ? 0 : height;
    }
  }
}
