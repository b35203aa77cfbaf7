package org.pinring.crdt.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.pinring.crdt.Authorization;
import org.pinring.crdt.Carrier;
import org.pinring.crdt.CrdtConfig;
import org.pinring.crdt.CrdtLimits;
import org.pinring.crdt.CrdtMetrics;
import org.pinring.crdt.CrdtPorts;
import org.pinring.crdt.Delta;
import org.pinring.crdt.HeadAnnouncement;
import org.pinring.crdt.RemotePeer;
import org.pinring.crdt.SignedOperation;
import org.pinring.crdt.UnauthorizedOperationException;
import org.pinring.crdt.kv.KeyValueIterator;
import org.pinring.crdt.kv.KeyValueStore;
import org.pinring.crdt.kv.KeyValueStore.Durability;
import org.pinring.crdt.kv.StoreException;
import org.pinring.multiformats.Cid;
import org.pinring.runtime.Cancellable;
import org.pinring.runtime.Environment;

/**
 * One replica's moving parts: local submissions, head announcements, the walker and the applier.
 * Every method runs on the replica's scheduler thread (the public facade hops there).
 */
public final class Replica {

  private final ReplicaContext context;
  private final Applier applier;
  private final Walker walker;
  private Cancellable rebroadcast;
  private Cancellable pendingAnnouncement;
  private boolean closed;

  private Replica(ReplicaContext context) {
    this.context = context;
    this.applier = new Applier(context);
    this.walker = new Walker(context, applier);
    applier.onBatchCommitted(
        batch -> {
          walker.afterBatch(batch);
          walker.pump();
        });
    applier.onHeadsChanged(this::announceSoon);
  }

  /**
   * Opens a replica on {@code store}, creating the layout if the store is empty and migrating a
   * store of the previous format ({@link FormatMigration}; an interrupted migration resumes on the
   * next open).
   *
   * @throws StoreException if the store holds an unknown format or another ring's replica, or if
   *     the store refuses a write of the migration
   */
  public static Replica open(
      CrdtConfig config, KeyValueStore store, CrdtPorts ports, Environment env) {
    ReplicaContext context = new ReplicaContext(config, store, env, ports);
    int format = checkLayout(context);
    Replica replica = new Replica(context);
    if (store.get(StoreLayout.bootstrapKey()) != null) {
      Bootstrapper.discardPartial(context);
    }
    if (format == StoreLayout.FORMAT_WHOLE_BUCKETS) {
      FormatMigration.migrate(store, FormatMigration.DEFAULT_ENTRIES_PER_BATCH);
    }
    context.load();
    replica.applier.load();
    replica.walker.load();
    return replica;
  }

  /** Checks the stored format and ring, creating the layout if empty; returns the format. */
  private static int checkLayout(ReplicaContext context) {
    KeyValueStore store = context.store;
    byte[] format = store.get(StoreLayout.formatKey());
    byte[] ring = context.config.ring().toBytes();
    if (format == null) {
      try (KeyValueIterator it = store.scan(new byte[0])) {
        if (it.hasNext()) {
          throw new StoreException("the store is not empty but holds no PinRing CRDT layout");
        }
      }
      StagedWrites staged = new StagedWrites(store);
      staged.put(StoreLayout.formatKey(), new byte[] {(byte) StoreLayout.FORMAT_VERSION});
      staged.put(StoreLayout.ringKey(), ring);
      store.write(staged.toBatch(), Durability.SYNC);
      return StoreLayout.FORMAT_VERSION;
    }
    if (format.length != 1
        || (format[0] != StoreLayout.FORMAT_VERSION
            && format[0] != StoreLayout.FORMAT_WHOLE_BUCKETS)) {
      throw new StoreException(
          "unsupported CRDT store format "
              + Arrays.toString(format)
              + ": this version reads format "
              + StoreLayout.FORMAT_VERSION
              + " and migrates format "
              + StoreLayout.FORMAT_WHOLE_BUCKETS);
    }
    if (!Arrays.equals(store.get(StoreLayout.ringKey()), ring)) {
      throw new StoreException("the store holds the replica of another ring");
    }
    return format[0];
  }

  /** Starts listening, fetching, applying and announcing. */
  public void start() {
    context
        .ports
        .broadcaster()
        .subscribe(
            (from, announcement) ->
                context
                    .env
                    .scheduler()
                    .execute(
                        () -> {
                          if (!closed) {
                            walker.onHeads(from, announcement);
                          }
                        }));
    rebroadcast =
        context
            .env
            .scheduler()
            .scheduleAtFixedRate(
                context.config.rebroadcastInterval(),
                context.config.rebroadcastInterval(),
                this::announce);
    walker.pump();
    applier.scheduleDrain();
  }

  public ReplicaContext context() {
    return context;
  }

  /** Heads relayed by a peer (the broadcaster's listener calls the same). */
  public void onHeads(RemotePeer from, HeadAnnouncement announcement) {
    if (!closed) {
      walker.onHeads(from, announcement);
    }
  }

  /**
   * Authorizes, packs, stores and applies local operations, announces the new heads, and completes
   * with the CIDs of the new deltas once they are durable.
   */
  public void submit(List<SignedOperation> operations, CompletableFuture<List<Cid>> result) {
    if (closed) {
      result.completeExceptionally(new IllegalStateException("replica is closed"));
      return;
    }
    Applier.Batch batch = new Applier.Batch(context);
    List<Cid> created = new ArrayList<>();
    try {
      for (SignedOperation operation : operations) {
        if (!operation.operation().ring().equals(context.config.ring())) {
          throw new UnauthorizedOperationException(
              operation + " belongs to ring " + operation.operation().ring());
        }
        Authorization verdict = context.ports.authorizer().authorize(operation, Carrier.local());
        if (verdict.verdict() != Authorization.Verdict.ACCEPT) {
          throw new UnauthorizedOperationException(
              operation + " is not authorized: " + verdict.reason());
        }
      }
      List<Cid> parents = new ArrayList<>(context.heads.keySet());
      if (parents.size() > CrdtLimits.MAX_PARENTS) {
        // Merge the highest heads now; the rest are merged by later deltas.
        parents.sort((a, b) -> Long.compare(context.heads.get(b), context.heads.get(a)));
        parents = new ArrayList<>(parents.subList(0, CrdtLimits.MAX_PARENTS));
      }
      long maxParentHeight = 0;
      for (Cid parent : parents) {
        maxParentHeight = Math.max(maxParentHeight, context.heads.get(parent));
      }
      for (DeltaPacker.Group group : DeltaPacker.group(operations, parents.size())) {
        Delta delta = DeltaPacker.delta(context.config.ring(), parents, maxParentHeight, group);
        byte[] block = DeltaCodec.encode(delta);
        Cid cid = org.pinring.multiformats.ipld.DagCbor.cidOf(block);
        Applier.Outcome outcome = applier.apply(batch, cid, block, delta, Optional.empty(), false);
        if (outcome != Applier.Outcome.APPLIED && outcome != Applier.Outcome.ALREADY_APPLIED) {
          throw new IllegalStateException(
              "local delta " + cid + " could not be applied: " + outcome);
        }
        created.add(cid);
        parents = List.of(cid);
        maxParentHeight = delta.height();
      }
      applier.write(batch, Durability.SYNC);
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      return;
    }
    // Durable from here on: nothing that follows may report the submission as failed.
    context.ports.metrics().increment(CrdtMetrics.Counter.LOCAL_DELTAS, created.size());
    result.complete(created);
    applier.publish(batch);
    announce();
  }

  /** Announces the heads after {@code announceDelay}, gathering changes that come meanwhile. */
  private void announceSoon() {
    if (pendingAnnouncement == null && !closed) {
      pendingAnnouncement =
          context
              .env
              .scheduler()
              .schedule(
                  context.config.announceDelay(),
                  () -> {
                    pendingAnnouncement = null;
                    announce();
                  });
    }
  }

  /** Announces the heads now (the highest ones if there are more than fit). */
  public void announce() {
    if (closed || context.heads.isEmpty()) {
      return;
    }
    List<Map.Entry<Cid, Long>> entries = new ArrayList<>(context.heads.entrySet());
    entries.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
    List<Cid> heads = new ArrayList<>();
    long max = 0;
    for (Map.Entry<Cid, Long> entry : entries) {
      if (heads.size() == CrdtLimits.MAX_PARENTS) {
        break;
      }
      heads.add(entry.getKey());
      max = Math.max(max, entry.getValue());
    }
    context.ports.broadcaster().publish(new HeadAnnouncement(heads, max));
  }

  public int wantedBlocks() {
    return walker.wantedCount();
  }

  public int fetchesInFlight() {
    return walker.inFlight();
  }

  /** Resumes walking and applying, e.g. after a bootstrap. */
  public void resume() {
    walker.purgeKnown();
    walker.pump();
    applier.scheduleDrain();
  }

  public void close() {
    closed = true;
    context.closed = true;
    walker.close();
    if (rebroadcast != null) {
      rebroadcast.cancel();
    }
    if (pendingAnnouncement != null) {
      pendingAnnouncement.cancel();
    }
  }

  public boolean isClosed() {
    return closed;
  }
}
