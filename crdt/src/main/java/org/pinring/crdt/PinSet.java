package org.pinring.crdt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.pinring.crdt.internal.Bootstrapper;
import org.pinring.crdt.internal.Compactor;
import org.pinring.crdt.internal.OperationCodec;
import org.pinring.crdt.internal.Replica;
import org.pinring.crdt.internal.ReplicaContext;
import org.pinring.crdt.internal.SnapshotExporter;
import org.pinring.crdt.internal.StateRecordCodec;
import org.pinring.crdt.internal.StateTree;
import org.pinring.crdt.internal.StateWriter;
import org.pinring.crdt.internal.StoreLayout;
import org.pinring.crdt.kv.KeyValueEntry;
import org.pinring.crdt.kv.KeyValueIterator;
import org.pinring.crdt.kv.KeyValueSnapshot;
import org.pinring.crdt.kv.KeyValueStore;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.ipld.DagCbor;
import org.pinring.runtime.Environment;

/**
 * One replica of a ring's pinset: the module's entry point.
 *
 * <p>The pinset is an add-wins observed-remove map from CID to {@link PinSpec}, replicated as a
 * Merkle-DAG of deltas of signed operations (semantics and formats in {@code docs/crdt.md}). A
 * replica persists everything in a {@link KeyValueStore}, fetches what it is missing through a
 * {@link BlockSource}, announces its heads through a {@link HeadBroadcaster}, and merges only
 * operations its {@link Authorizer} accepts.
 *
 * <p>Threading: all work runs on the {@link Environment}'s scheduler. Methods returning futures may
 * be called from any thread; their futures complete on the scheduler thread. Read methods ({@link
 * #state}, {@link #stateRoot}, {@link #heads}, ...) are thread-safe and see the last committed
 * batch. {@link #stateTree()} and {@link #close()} must be called on the scheduler thread (or when
 * it is idle).
 */
public final class PinSet implements AutoCloseable {

  private final Replica replica;
  private final ReplicaContext context;

  private PinSet(Replica replica) {
    this.replica = replica;
    this.context = replica.context();
  }

  /**
   * Opens the replica stored in {@code store} (creating it if the store is empty) and starts it on
   * the environment's scheduler. Opening reads the heads and the state tree's buckets (about 40
   * bytes per record) to rebuild the leaf hashes, never the history: it grows with the number of
   * pins, not with the number of deltas (about half a second for 100,000 pins, see
   * docs/BENCHMARKS.md).
   *
   * @throws org.pinring.crdt.kv.StoreException if the store holds another ring or format
   */
  public static PinSet open(
      CrdtConfig config, KeyValueStore store, CrdtPorts ports, Environment env) {
    Replica replica = Replica.open(config, store, ports, env);
    PinSet pinSet = new PinSet(replica);
    env.scheduler().execute(replica::start);
    if (Compactor.hasStoredWork(replica.context())) {
      env.scheduler()
          .execute(() -> Compactor.start(replica.context(), null, new CompletableFuture<>()));
    }
    return pinSet;
  }

  /**
   * Submits authorized operations: packs them into deltas on top of the current heads, applies and
   * stores them durably, and announces the new heads.
   *
   * @return the CIDs of the new deltas; fails with {@link UnauthorizedOperationException} if the
   *     {@link Authorizer} refuses an operation (then nothing is applied)
   */
  public CompletableFuture<List<Cid>> submit(List<SignedOperation> operations) {
    List<SignedOperation> copy = List.copyOf(operations);
    CompletableFuture<List<Cid>> result = new CompletableFuture<>();
    if (copy.isEmpty()) {
      result.completeExceptionally(new IllegalArgumentException("nothing to submit"));
      return result;
    }
    context.env.scheduler().execute(() -> replica.submit(copy, result));
    return result;
  }

  /** Heads announced by a peer (the broadcaster's subscription delivers them the same way). */
  public void receiveHeads(RemotePeer from, HeadAnnouncement announcement) {
    context.env.scheduler().execute(() -> replica.onHeads(from, announcement));
  }

  /** Announces the heads now (they are also announced periodically and after changes). */
  public void announce() {
    context.env.scheduler().execute(replica::announce);
  }

  /**
   * What this replica knows about {@code cid}: live adds and the tombstones still kept (of adds not
   * seen yet); empty if nothing is live or waiting.
   */
  public Optional<PinState> state(Cid cid) {
    byte[] recordKey = StateWriter.pinRecordKey(cid);
    byte[] encoded =
        context.store.get(StoreLayout.recordKey(StateTree.bucketOf(recordKey), recordKey));
    return encoded == null
        ? Optional.empty()
        : Optional.of(StateRecordCodec.decode(DagCbor.decode(encoded)));
  }

  /** The current value of {@code cid}, if it is pinned. */
  public Optional<PinValue> pin(Cid cid) {
    return state(cid).flatMap(PinState::winner);
  }

  /**
   * Visits every CID the replica knows (pinned or only tombstoned), in storage order, from one
   * consistent view.
   */
  public void forEachState(Consumer<PinState> visitor) {
    try (KeyValueSnapshot view = context.store.snapshot();
        KeyValueIterator it = view.scan(StoreLayout.prefix(StoreLayout.RECORD))) {
      while (it.hasNext()) {
        KeyValueEntry entry = it.next();
        if (entry.key()[3] == StoreLayout.PIN_RECORD) {
          visitor.accept(StateRecordCodec.decode(DagCbor.decode(entry.value())));
        }
      }
    }
  }

  /**
   * Whether the pin or update operation {@code id} is retired: it was applied and one of its adds
   * was removed since, so its tombstones were dropped and any later copy of it is skipped as a
   * replay (docs/crdt.md, "Tombstones and retired operations").
   */
  public boolean isRetired(OperationId id) {
    byte[] recordKey = StateWriter.retiredRecordKey(id);
    return context.store.get(StoreLayout.recordKey(StateTree.bucketOf(recordKey), recordKey))
        != null;
  }

  /** The ring operations of a type (e.g. {@code ban-peer}, or {@code checkpoint}) merged so far. */
  public List<Operation> ringOperations(String type) {
    List<Operation> operations = new ArrayList<>();
    try (KeyValueIterator it = context.store.scan(StoreLayout.ringTypePrefix(type))) {
      while (it.hasNext()) {
        byte[] key = it.next().key();
        byte[] id = java.util.Arrays.copyOfRange(key, key.length - OperationId.BYTES, key.length);
        byte[] recordKey = StateWriter.ringRecordKey(OperationId.of(id));
        byte[] encoded =
            context.store.get(StoreLayout.recordKey(StateTree.bucketOf(recordKey), recordKey));
        if (encoded != null) {
          operations.add(OperationCodec.decode(DagCbor.decode(encoded)));
        }
      }
    }
    return operations;
  }

  /** A checkpoint operation with its signature, as received, for handing to joining replicas. */
  public Optional<SignedOperation> signedCheckpoint(OperationId id) {
    byte[] encoded = context.store.get(StoreLayout.opKey(StoreLayout.CHECKPOINT, id));
    return encoded == null ? Optional.empty() : Optional.of(OperationCodec.decodeSigned(encoded));
  }

  public StateRoot stateRoot() {
    return context.root();
  }

  public List<Cid> heads() {
    return context.headList();
  }

  public long maxHeight() {
    return context.maxHeight();
  }

  /** State records: CIDs with adds or tombstones, plus ring operations. */
  public long recordCount() {
    return context.records();
  }

  /** Whether {@code delta} has been applied (or is known from a snapshot). */
  public boolean isApplied(Cid delta) {
    return context.store.get(StoreLayout.cidKey(StoreLayout.DELTA, delta)) != null;
  }

  /** Why {@code delta} was rejected, if it was. */
  public Optional<String> rejection(Cid delta) {
    byte[] reason = context.store.get(StoreLayout.cidKey(StoreLayout.REJECTED, delta));
    return reason == null
        ? Optional.empty()
        : Optional.of(new String(reason, java.nio.charset.StandardCharsets.UTF_8));
  }

  /** A summary taken on the scheduler thread. */
  public CompletableFuture<ReplicaStatus> status() {
    CompletableFuture<ReplicaStatus> result = new CompletableFuture<>();
    context.env.scheduler().execute(() -> result.complete(statusNow()));
    return result;
  }

  /** A summary; call on the scheduler thread. */
  public ReplicaStatus statusNow() {
    return new ReplicaStatus(
        context.headList(),
        context.maxHeight(),
        context.root(),
        context.records(),
        context.pendingDeltas(),
        replica.wantedBlocks(),
        replica.fetchesInFlight(),
        context.bootstrapping());
  }

  /**
   * The node hashes of the state tree, for comparing with another replica ({@link
   * StateTree#differingBuckets}). Call on the scheduler thread.
   */
  public StateTree.NodeSource stateTree() {
    return context.tree::nodeHash;
  }

  /** The pin states in one bucket of the state tree (to reconcile a differing bucket). */
  public List<PinState> bucket(int bucket) {
    List<PinState> states = new ArrayList<>();
    try (KeyValueIterator it =
        context.store.scan(StoreLayout.bucketKey(StoreLayout.RECORD, bucket))) {
      while (it.hasNext()) {
        KeyValueEntry entry = it.next();
        if (entry.key()[3] == StoreLayout.PIN_RECORD) {
          states.add(StateRecordCodec.decode(DagCbor.decode(entry.value())));
        }
      }
    }
    return states;
  }

  /**
   * Writes the snapshot of the current state to the {@link BlockSink} and returns the checkpoint
   * naming it, ready for the curators to sign as a {@link CheckpointOperation}. Every replica at
   * the same heads returns the same checkpoint.
   *
   * @return fails with {@link IllegalStateException} if the replica has no heads or more heads than
   *     a frontier may hold
   */
  public CompletableFuture<Checkpoint> prepareCheckpoint() {
    CompletableFuture<Checkpoint> result = new CompletableFuture<>();
    context
        .env
        .scheduler()
        .execute(
            () -> {
              try {
                checkOpen();
                if (context.headList().isEmpty()) {
                  throw new IllegalStateException("an empty replica has nothing to checkpoint");
                }
                if (context.headList().size() > CrdtLimits.MAX_PARENTS) {
                  throw new IllegalStateException(
                      "too many heads for a checkpoint frontier; submit an operation to merge them");
                }
                try (KeyValueSnapshot view = context.store.snapshot()) {
                  result.complete(
                      SnapshotExporter.export(
                              view,
                              context.config.ring(),
                              SnapshotExporter.frontierOf(context.headsView()),
                              context.root(),
                              context.ports.sink())
                          .checkpoint());
                }
              } catch (RuntimeException e) {
                result.completeExceptionally(e);
              }
            });
    return result;
  }

  /**
   * Bootstraps this empty replica from a checkpoint the {@link Authorizer} trusts: fetches and
   * verifies the snapshot, then continues by walking only the deltas above its frontier.
   *
   * @param hint a peer likely to hold the snapshot
   * @return fails with {@link UnauthorizedOperationException} if the checkpoint is not trusted,
   *     {@link IllegalStateException} if the replica is not empty, {@link BootstrapException} if
   *     the snapshot is invalid or cannot be fetched (the replica is then empty again)
   */
  public CompletableFuture<BootstrapResult> bootstrap(
      SignedOperation checkpoint, Optional<RemotePeer> hint) {
    CompletableFuture<BootstrapResult> result = new CompletableFuture<>();
    context
        .env
        .scheduler()
        .execute(
            () -> {
              try {
                checkOpen();
                if (!(checkpoint.operation() instanceof CheckpointOperation)
                    || !checkpoint.operation().ring().equals(context.config.ring())) {
                  throw new IllegalArgumentException(
                      "not a checkpoint of this ring: " + checkpoint);
                }
                Authorization verdict =
                    context
                        .ports
                        .authorizer()
                        .authorize(checkpoint, new Carrier(Optional.empty(), 0, hint));
                if (verdict.verdict() != Authorization.Verdict.ACCEPT) {
                  throw new UnauthorizedOperationException(
                      "checkpoint not trusted: " + verdict.reason());
                }
                if (!context.headList().isEmpty()
                    || context.pendingDeltas() > 0
                    || context.records() > 0
                    || context.bootstrapping()) {
                  throw new IllegalStateException(
                      "only an empty replica can bootstrap from a checkpoint");
                }
                new Bootstrapper(context, checkpoint, hint, result).start();
              } catch (RuntimeException e) {
                result.completeExceptionally(e);
              }
            });
    return result.whenComplete(
        (done, error) ->
            context
                .env
                .scheduler()
                .execute(
                    () -> {
                      if (!replica.isClosed()) {
                        replica.resume();
                      }
                    }));
  }

  /**
   * Compacts the deltas strictly below the frontier of a checkpoint this replica holds (merged, or
   * bootstrapped from): their blocks are released and their records shrink to a height.
   *
   * @return the number of deltas compacted; fails with {@link IllegalStateException} if the
   *     checkpoint is unknown or its frontier not yet applied
   */
  public CompletableFuture<Long> compact(OperationId checkpoint) {
    CompletableFuture<Long> result = new CompletableFuture<>();
    context
        .env
        .scheduler()
        .execute(
            () -> {
              try {
                checkOpen();
                SignedOperation signed =
                    signedCheckpoint(checkpoint)
                        .orElseThrow(
                            () -> new IllegalStateException("unknown checkpoint " + checkpoint));
                Compactor.start(
                    context, ((CheckpointOperation) signed.operation()).checkpoint(), result);
              } catch (RuntimeException e) {
                result.completeExceptionally(e);
              }
            });
    return result;
  }

  private void checkOpen() {
    if (replica.isClosed()) {
      throw new IllegalStateException("replica is closed");
    }
  }

  /** Stops timers and listeners. The store stays open: its owner closes it. */
  @Override
  public void close() {
    replica.close();
  }
}
