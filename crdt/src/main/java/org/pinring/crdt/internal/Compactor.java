package org.pinring.crdt.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.pinring.crdt.Checkpoint;
import org.pinring.crdt.CrdtMetrics;
import org.pinring.crdt.FrontierEntry;
import org.pinring.crdt.kv.KeyValueIterator;
import org.pinring.crdt.kv.KeyValueStore.Durability;
import org.pinring.crdt.kv.StoreException;
import org.pinring.multiformats.Cid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts what lies strictly below a trusted checkpoint's frontier: each such delta's block is
 * released to the {@link org.pinring.crdt.BlockSink} and its record shrinks to its height (the
 * parents are forgotten). The frontier deltas themselves are kept.
 *
 * <p>The work list is stored ({@code z CID}) and updated in the same batch as the deltas it
 * compacts, so compaction resumes exactly where a crash stopped it. It runs in slices on the
 * replica's scheduler, yielding between batches.
 */
public final class Compactor {

  private static final Logger log = LoggerFactory.getLogger(Compactor.class);

  private static final int DELTAS_PER_BATCH = 1000;

  private final ReplicaContext context;
  private final CompletableFuture<Long> result;
  private long compacted;

  /** Consecutive slices the store refused, for the retry backoff. */
  private int refusals;

  private Compactor(ReplicaContext context, CompletableFuture<Long> result) {
    this.context = context;
    this.result = result;
  }

  /**
   * Starts compacting below {@code checkpoint} (or resumes stored work if {@code checkpoint} is
   * null).
   *
   * @throws IllegalStateException if the replica has not applied the whole frontier
   */
  public static void start(
      ReplicaContext context, Checkpoint checkpoint, CompletableFuture<Long> result) {
    Compactor compactor = new Compactor(context, result);
    if (checkpoint != null) {
      StagedWrites staged = new StagedWrites(context.store);
      for (FrontierEntry entry : checkpoint.frontier()) {
        DeltaInfo info = DagQueries.applied(staged, entry.delta());
        if (info == null) {
          throw new IllegalStateException(
              "cannot compact below a frontier not yet applied: " + entry.delta() + " is missing");
        }
        for (Cid parent : info.parents()) {
          compactor.schedule(staged, parent);
        }
      }
      context.store.write(staged.toBatch(), Durability.BUFFERED);
    }
    context.env.scheduler().execute(compactor::slice);
  }

  private void schedule(StagedWrites staged, Cid cid) {
    DeltaInfo info = DagQueries.applied(staged, cid);
    if (info != null && info.flags() == 0) {
      staged.put(StoreLayout.cidKey(StoreLayout.COMPACT, cid), new byte[0]);
    }
  }

  private void slice() {
    if (context.closed) {
      result.completeExceptionally(new IllegalStateException("replica closed"));
      return;
    }
    StagedWrites staged = new StagedWrites(context.store);
    List<Cid> work = new ArrayList<>();
    try (KeyValueIterator it = context.store.scan(StoreLayout.prefix(StoreLayout.COMPACT))) {
      while (it.hasNext() && work.size() < DELTAS_PER_BATCH) {
        work.add(StoreLayout.cidOf(it.next().key()));
      }
    }
    if (work.isEmpty()) {
      result.complete(compacted);
      return;
    }
    List<Cid> released = new ArrayList<>();
    for (Cid cid : work) {
      staged.delete(StoreLayout.cidKey(StoreLayout.COMPACT, cid));
      DeltaInfo info = DagQueries.applied(staged, cid);
      if (info == null || info.flags() != 0) {
        continue; // already compacted (reached twice) or known from a snapshot only
      }
      for (Cid parent : info.parents()) {
        schedule(staged, parent);
      }
      staged.put(
          StoreLayout.cidKey(StoreLayout.DELTA, cid),
          new DeltaInfo(DeltaInfo.COMPACTED, info.height(), List.of()).encode());
      released.add(cid);
    }
    // Released before the batch: a crash in between only repeats a release (idempotent) when
    // the stored work list is resumed; releasing after could leak blocks forever.
    for (Cid cid : released) {
      context.ports.sink().release(cid);
    }
    try {
      context.store.write(staged.toBatch(), Durability.BUFFERED);
    } catch (StoreException e) {
      // The work list is unchanged in the store: the slice is done again after a backoff (its
      // blocks are released again, which is harmless). Stored work is always finished.
      refusals++;
      java.time.Duration delay = Backoff.delay(context, refusals);
      log.warn(
          "the store refused a compaction batch of {} deltas ({}); retrying in {}",
          released.size(),
          e.getMessage(),
          delay);
      context.env.scheduler().schedule(delay, this::slice);
      return;
    }
    refusals = 0;
    compacted += released.size();
    context.ports.metrics().increment(CrdtMetrics.Counter.DELTAS_COMPACTED, released.size());
    context.env.scheduler().execute(this::slice);
  }

  /** Whether stored compaction work is waiting (after a crash). */
  public static boolean hasStoredWork(ReplicaContext context) {
    try (KeyValueIterator it = context.store.scan(StoreLayout.prefix(StoreLayout.COMPACT))) {
      return it.hasNext();
    }
  }
}
