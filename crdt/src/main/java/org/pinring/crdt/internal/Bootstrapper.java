package org.pinring.crdt.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pinring.crdt.Block;
import org.pinring.crdt.BootstrapException;
import org.pinring.crdt.BootstrapResult;
import org.pinring.crdt.Checkpoint;
import org.pinring.crdt.CheckpointOperation;
import org.pinring.crdt.FrontierEntry;
import org.pinring.crdt.InvalidDeltaException;
import org.pinring.crdt.Operation;
import org.pinring.crdt.OperationId;
import org.pinring.crdt.PinState;
import org.pinring.crdt.RemotePeer;
import org.pinring.crdt.RingOperation;
import org.pinring.crdt.SignedOperation;
import org.pinring.crdt.SubDagRequest;
import org.pinring.crdt.kv.KeyValueIterator;
import org.pinring.crdt.kv.KeyValueStore.Durability;
import org.pinring.crdt.kv.StoreException;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.ipld.DagCbor;
import org.pinring.multiformats.ipld.Ipld;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bootstraps an empty replica from a trusted checkpoint: fetches the snapshot the checkpoint names
 * (whole sub-DAGs per round trip, bounded parallelism, retries with backoff), checks every block
 * against its CID and its position, writes the records as they come, and finally requires the
 * recomputed state root to equal the checkpoint's. Only then are the frontier deltas made the
 * replica's heads; from there the walker fetches only what lies above the frontier.
 *
 * <p>Crash safety: a marker ({@code x}) is written first and removed in the final batch. A replica
 * opened with the marker present discards the partial import ({@link #discardPartial}) and is empty
 * again; nothing was acknowledged.
 */
public final class Bootstrapper {

  private static final Logger log = LoggerFactory.getLogger(Bootstrapper.class);
  private static final int MAX_ATTEMPTS = 12;
  private static final byte[][] IMPORTED_FAMILIES = {
    {StoreLayout.RECORD},
    {StoreLayout.BUCKET},
    {StoreLayout.DELTA},
    {StoreLayout.HEAD},
    {StoreLayout.RING_TYPE},
    {StoreLayout.CHECKPOINT},
    {StoreLayout.UNSEEN},
  };
  private static final int DELETES_PER_BATCH = 10_000;

  /** What a block of the snapshot is expected to be, from where it is linked. */
  private record Expect(char kind, int level, int index, int attempts) {
    Expect retried() {
      return new Expect(kind, level, index, attempts + 1);
    }
  }

  private final ReplicaContext context;
  private final Checkpoint checkpoint;
  private final SignedOperation operation;
  private final Optional<RemotePeer> hint;
  private final CompletableFuture<BootstrapResult> result;

  /** Staged import records written out before an answer is done, to bound memory. */
  private static final long MAX_STAGED_BYTES = 8L << 20;

  private final Map<Cid, Expect> expected = new LinkedHashMap<>();
  private final Map<Cid, Expect> inFlight = new HashMap<>();
  private final Map<Cid, Long> waitingUntil = new HashMap<>();
  private SnapshotCodec.Root root;
  private int requests;
  private long records;
  private long deltas;
  private long blocks;
  private long bytes;
  private boolean done;

  public Bootstrapper(
      ReplicaContext context,
      SignedOperation operation,
      Optional<RemotePeer> hint,
      CompletableFuture<BootstrapResult> result) {
    this.context = context;
    this.operation = operation;
    this.checkpoint = ((CheckpointOperation) operation.operation()).checkpoint();
    this.hint = hint;
    this.result = result;
  }

  /** Deletes whatever a bootstrap that did not finish had written. */
  static void discardPartial(ReplicaContext context) {
    log.warn("discarding a bootstrap that did not finish");
    for (byte[] family : IMPORTED_FAMILIES) {
      while (true) {
        StagedWrites staged = new StagedWrites(context.store);
        int count = 0;
        try (KeyValueIterator it = context.store.scan(family)) {
          while (it.hasNext() && count < DELETES_PER_BATCH) {
            staged.delete(it.next().key());
            count++;
          }
        }
        if (count == 0) {
          break;
        }
        context.store.write(staged.toBatch(), Durability.BUFFERED);
      }
    }
    StagedWrites staged = new StagedWrites(context.store);
    context.records = 0;
    context.heads.clear();
    context.stageCounters(staged);
    staged.delete(StoreLayout.bootstrapKey());
    context.store.write(staged.toBatch(), Durability.SYNC);
    context.clearState();
    context.publishViews();
  }

  public void start() {
    StagedWrites staged = new StagedWrites(context.store);
    staged.put(StoreLayout.bootstrapKey(), operation.id().toBytes());
    context.store.write(staged.toBatch(), Durability.SYNC);
    context.bootstrapping = true;
    expected.put(checkpoint.snapshot(), new Expect('R', 0, 0, 0));
    pump();
  }

  private void pump() {
    if (done || context.closed) {
      return;
    }
    long now = context.env.clock().monotonicNanos();
    long nextRetry = Long.MAX_VALUE;
    while (requests < context.config.maxParallelFetches()) {
      // The first request asks for the whole tree below the root (the inner nodes come first,
      // breadth first); later ones ask for exactly the blocks still expected, in batches, so no
      // block is fetched twice by overlapping sub-DAG answers.
      int batchLimit = blocks == 0 ? 1 : SubDagRequest.MAX_CIDS;
      List<Cid> roots = new ArrayList<>();
      for (Map.Entry<Cid, Expect> entry : expected.entrySet()) {
        Long until = waitingUntil.get(entry.getKey());
        if (until != null && until > now) {
          nextRetry = Math.min(nextRetry, until);
          continue;
        }
        roots.add(entry.getKey());
        if (roots.size() == batchLimit) {
          break;
        }
      }
      if (roots.isEmpty() || (blocks == 0 && requests > 0)) {
        break;
      }
      for (Cid cid : roots) {
        inFlight.put(cid, expected.remove(cid));
        waitingUntil.remove(cid);
      }
      requests++;
      CompletionStage<List<Block>> answer;
      try {
        answer =
            blocks == 0
                ? context
                    .ports
                    .source()
                    .fetchSubDag(
                        hint,
                        new SubDagRequest(
                            roots,
                            List.of(),
                            context.config.maxBlocksPerResponse(),
                            context.config.maxBytesPerResponse()))
                : context.ports.source().fetch(hint, roots);
      } catch (RuntimeException e) {
        answer = CompletableFuture.failedFuture(e);
      }
      answer.whenComplete(
          (blocks, error) -> context.env.scheduler().execute(() -> onAnswer(roots, blocks, error)));
    }
    if (requests == 0 && expected.isEmpty() && inFlight.isEmpty()) {
      finish();
    } else if (requests == 0 && nextRetry != Long.MAX_VALUE) {
      context.env.scheduler().schedule(java.time.Duration.ofNanos(nextRetry - now), this::pump);
    }
  }

  private void onAnswer(List<Cid> roots, List<Block> answer, Throwable error) {
    requests--;
    if (done || context.closed) {
      return;
    }
    StagedWrites staged = new StagedWrites(context.store);
    Map<Integer, Bucket> leaves = new HashMap<>();
    try {
      if (answer != null && error == null) {
        for (Block block : answer) {
          Cid cid = DagCbor.cidOf(block.bytes());
          Expect expect = cid.equals(block.cid()) ? inFlight.remove(cid) : null;
          if (expect == null) {
            expect = cid.equals(block.cid()) ? expected.remove(cid) : null;
          }
          if (expect == null) {
            continue; // not part of this snapshot, or already imported: ignore
          }
          blocks++;
          bytes += block.bytes().length;
          importBlock(staged, leaves, expect, block.bytes());
          if (staged.approximateBytes() > MAX_STAGED_BYTES) {
            // One answer may carry hundreds of chunks naming a million deltas: write as we go
            // so the staged records never hold more than this in memory. A crash in between is
            // covered by the marker (the partial import is discarded on open).
            context.store.write(staged.toBatch(), Durability.BUFFERED);
            staged = new StagedWrites(context.store);
          }
        }
      }
      context.store.write(staged.toBatch(), Durability.BUFFERED);
    } catch (IllegalArgumentException e) {
      fail("invalid snapshot: " + e.getMessage(), e);
      return;
    } catch (StoreException e) {
      // What this answer wrote before is covered by the marker: the import starts over.
      fail("the store refused a write of the import: " + e.getMessage(), e);
      return;
    }
    for (Map.Entry<Integer, Bucket> leaf : leaves.entrySet()) {
      context.bucketCommitted(leaf.getKey(), leaf.getValue());
    }
    context.tree.recompute();
    long now = context.env.clock().monotonicNanos();
    for (Cid cid : roots) {
      Expect missing = inFlight.remove(cid);
      if (missing != null) {
        if (missing.attempts() + 1 >= MAX_ATTEMPTS) {
          fail("snapshot block " + cid + " could not be fetched", null);
          return;
        }
        expected.put(cid, missing.retried());
        waitingUntil.put(cid, now + Backoff.delay(context, missing.attempts() + 1).toNanos());
      }
    }
    // Blocks linked from this answer but not in it are simply expected next.
    pump();
  }

  private void importBlock(
      StagedWrites staged, Map<Integer, Bucket> leaves, Expect expect, byte[] block) {
    switch (expect.kind()) {
      case 'R' -> importRoot(block);
      case 'N' -> {
        SnapshotCodec.Node node = SnapshotCodec.decodeNode(block);
        if (node.level() != expect.level()) {
          throw new InvalidDeltaException(
              "node at level " + expect.level() + " says " + node.level());
        }
        for (int i = 0; i < StateTree.FANOUT; i++) {
          Cid child = node.children().get(i);
          if (child != null) {
            int index = expect.index() * StateTree.FANOUT + i;
            int level = expect.level() + 1;
            expected.put(
                child,
                level == StateTree.INNER_LEVELS
                    ? new Expect('L', level, index, 0)
                    : new Expect('N', level, index, 0));
          }
        }
      }
      case 'L' -> importLeaf(staged, leaves, expect.index(), SnapshotCodec.decodeLeaf(block));
      case 'C' -> importChunk(staged, SnapshotCodec.decodeChunk(block));
      default -> throw new AssertionError(expect);
    }
  }

  private void importRoot(byte[] block) {
    SnapshotCodec.Root decoded = SnapshotCodec.decodeRoot(block);
    if (!decoded.ring().equals(context.config.ring())
        || !decoded.state().equals(checkpoint.stateRoot())
        || !decoded.frontier().equals(checkpoint.frontier())) {
      throw new InvalidDeltaException("snapshot root does not match the checkpoint");
    }
    root = decoded;
    if (decoded.tree() != null) {
      expected.put(decoded.tree(), new Expect('N', 0, 0, 0));
    }
    for (int i = 0; i < decoded.chunks().size(); i++) {
      expected.put(decoded.chunks().get(i), new Expect('C', 0, i, 0));
    }
  }

  private void importLeaf(
      StagedWrites staged, Map<Integer, Bucket> leaves, int bucket, SnapshotCodec.Leaf leaf) {
    if (leaf.bucket() != bucket) {
      throw new InvalidDeltaException("leaf of bucket " + leaf.bucket() + " at position " + bucket);
    }
    Bucket contents = Bucket.EMPTY;
    byte[] previousKey = null;
    for (Ipld value : leaf.pins()) {
      PinState state = StateRecordCodec.decode(value);
      if (state.isEmpty()) {
        throw new InvalidDeltaException("empty pin record for " + state.cid());
      }
      byte[] recordKey = StateWriter.pinRecordKey(state.cid());
      RecordKeys where = checkOrder(previousKey, recordKey, bucket);
      previousKey = recordKey;
      byte[] encoded = DagCbor.encode(value);
      staged.put(StoreLayout.recordKey(bucket, recordKey), encoded);
      contents = listed(staged, contents, where, encoded);
      // The tombstones of a record are those whose add was not seen: index them so that retiring
      // the tag later finds them (as StateWriter does for its own).
      for (OperationId tag : state.removed()) {
        staged.put(StoreLayout.unseenKey(tag, state.cid()), new byte[0]);
      }
    }
    for (Ipld value : leaf.operations()) {
      Operation decoded = OperationCodec.decode(value);
      if (!decoded.ring().equals(context.config.ring())) {
        throw new InvalidDeltaException("ring operation of another ring in the snapshot");
      }
      String type;
      if (decoded instanceof RingOperation ring) {
        type = ring.type();
      } else if (decoded instanceof CheckpointOperation) {
        type = StateWriter.CHECKPOINT_TYPE;
      } else {
        throw new InvalidDeltaException("a " + decoded.kind() + " operation is not a ring record");
      }
      byte[] encoded = DagCbor.encode(value);
      OperationId id = OperationId.ofCanonicalEncoding(encoded);
      byte[] recordKey = StateWriter.ringRecordKey(id);
      RecordKeys where = checkOrder(previousKey, recordKey, bucket);
      previousKey = recordKey;
      staged.put(StoreLayout.recordKey(bucket, recordKey), encoded);
      staged.put(StoreLayout.ringTypeKey(type, id), new byte[0]);
      contents = listed(staged, contents, where, encoded);
    }
    for (Ipld value : leaf.retired()) {
      OperationId id =
          OperationId.of(
              Fields.as(value, org.pinring.multiformats.ipld.IpldBytes.class, "retired").value());
      byte[] recordKey = StateWriter.retiredRecordKey(id);
      RecordKeys where = checkOrder(previousKey, recordKey, bucket);
      previousKey = recordKey;
      byte[] encoded = StateWriter.retiredRecord(id);
      staged.put(StoreLayout.recordKey(bucket, recordKey), encoded);
      contents = listed(staged, contents, where, encoded);
    }
    leaves.put(bucket, contents);
    records += contents.count();
  }

  /** Lists an imported record in its bucket: in memory, and as its stored bucket entry. */
  private static Bucket listed(
      StagedWrites staged, Bucket contents, RecordKeys where, byte[] encoded) {
    byte[] hash = StateTree.recordHash(encoded);
    staged.put(Bucket.entryKey(where.bucket(), hash), Bucket.entryValue(where.fingerprint()));
    return contents.withNewRecord(where.fingerprint(), hash);
  }

  private static RecordKeys checkOrder(byte[] previous, byte[] recordKey, int bucket) {
    RecordKeys where = RecordKeys.of(recordKey);
    if (where.bucket() != bucket) {
      throw new InvalidDeltaException("record filed in the wrong bucket " + bucket);
    }
    if (previous != null && Arrays.compareUnsigned(previous, recordKey) >= 0) {
      throw new InvalidDeltaException("records of bucket " + bucket + " out of order");
    }
    return where;
  }

  private void importChunk(StagedWrites staged, List<SnapshotCodec.DeltaEntry> chunk) {
    Cid previous = null;
    for (SnapshotCodec.DeltaEntry entry : chunk) {
      if (previous != null && previous.compareTo(entry.cid()) >= 0) {
        throw new InvalidDeltaException("delta chunk out of order");
      }
      previous = entry.cid();
      staged.put(
          StoreLayout.cidKey(StoreLayout.DELTA, entry.cid()),
          new DeltaInfo(DeltaInfo.FROM_SNAPSHOT, entry.height(), List.of()).encode());
      deltas++;
    }
  }

  private void finish() {
    context.tree.recompute();
    if (root == null) {
      fail("snapshot root never arrived", null);
      return;
    }
    if (!context.tree.root().equals(checkpoint.stateRoot())
        || records != root.records()
        || deltas != root.deltaCount()) {
      fail(
          "snapshot does not reproduce the checkpoint: state root "
              + context.tree.root()
              + " (expected "
              + checkpoint.stateRoot()
              + "), "
              + records
              + " records, "
              + deltas
              + " deltas",
          null);
      return;
    }
    StagedWrites staged = new StagedWrites(context.store);
    for (FrontierEntry entry : checkpoint.frontier()) {
      DeltaInfo info = DagQueries.applied(staged, entry.delta());
      if (info == null || info.height() != entry.height()) {
        fail("frontier delta " + entry.delta() + " missing from the snapshot's delta list", null);
        return;
      }
      staged.put(
          StoreLayout.cidKey(StoreLayout.HEAD, entry.delta()),
          DeltaInfo.heightBytes(entry.height()));
    }
    staged.put(
        StoreLayout.opKey(StoreLayout.CHECKPOINT, operation.id()),
        OperationCodec.encodeSigned(operation));
    staged.delete(StoreLayout.bootstrapKey());
    context.records = records;
    context.stageCounters(staged);
    try {
      context.store.write(staged.toBatch(), Durability.SYNC);
    } catch (StoreException e) {
      fail("the store refused the final write of the import: " + e.getMessage(), e);
      return;
    }
    for (FrontierEntry entry : checkpoint.frontier()) {
      context.heads.put(entry.delta(), entry.height());
    }
    done = true;
    context.bootstrapping = false;
    context.publishViews();
    log.info(
        "bootstrapped from checkpoint {}: {} records, {} deltas, {} blocks",
        operation.id(),
        records,
        deltas,
        blocks);
    result.complete(new BootstrapResult(records, deltas, blocks, bytes));
  }

  private void fail(String reason, Throwable cause) {
    done = true;
    log.warn("bootstrap from checkpoint {} failed: {}", operation.id(), reason);
    discard(new BootstrapException(reason, cause), 0);
  }

  /**
   * Discards the import, and only then fails the bootstrap: when the future fails, the replica is
   * empty again. While the store refuses the discarding writes, the replica stays bootstrapping
   * (walking and applying wait, another bootstrap is refused) and the discard is retried with
   * backoff; a replica closed meanwhile keeps the marker, so opening the store discards it.
   */
  private void discard(BootstrapException failure, int refusals) {
    if (context.closed) {
      result.completeExceptionally(failure);
      return;
    }
    try {
      discardPartial(context);
    } catch (StoreException e) {
      java.time.Duration delay = Backoff.delay(context, refusals + 1);
      log.warn(
          "the store refused discarding the failed bootstrap ({}); retrying in {}",
          e.getMessage(),
          delay);
      context.env.scheduler().schedule(delay, () -> discard(failure, refusals + 1));
      return;
    }
    context.bootstrapping = false;
    result.completeExceptionally(failure);
  }
}
