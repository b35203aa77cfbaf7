package org.pinring.crdt.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.pinring.crdt.Block;
import org.pinring.crdt.CrdtConfig;
import org.pinring.crdt.CrdtMetrics;
import org.pinring.crdt.Delta;
import org.pinring.crdt.HeadAnnouncement;
import org.pinring.crdt.InvalidDeltaException;
import org.pinring.crdt.RemotePeer;
import org.pinring.crdt.SubDagRequest;
import org.pinring.crdt.kv.KeyValueEntry;
import org.pinring.crdt.kv.KeyValueIterator;
import org.pinring.crdt.kv.KeyValueStore.Durability;
import org.pinring.crdt.kv.StoreException;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.ipld.DagCbor;
import org.pinring.runtime.Cancellable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the deltas a replica is missing. Heads announced by peers become <em>wanted</em>; wanted
 * blocks are requested with bounded parallelism, as whole sub-DAGs down to the local heads (or one
 * level at a time in {@link CrdtConfig.WalkMode#LEVEL_BY_LEVEL} mode); each block that arrives is
 * checked against its CID, decoded, and stored as <em>pending</em> with its unknown parents wanted
 * in the same atomic batch. Blocks that do not come are asked for again with exponential backoff.
 *
 * <p>Everything the walk needs to resume is in the store ({@code w}, {@code p}, {@code c}, {@code
 * y}), written atomically per answer, so a crash mid-walk loses at most the answer being processed.
 * Memory is bounded by {@link CrdtConfig#maxWantedBlocks()}, one answer and the applier's cache of
 * decoded deltas (at most 8,192 deltas and 4 MiB of their encodings); pending deltas are on disk,
 * bounded by {@link CrdtConfig#maxPendingBytes()}. A walk fetches from the heads down, so nothing
 * applies before it reaches known ground. When the missing history is larger than that bound, the
 * highest pending deltas are evicted (down to half the bound) so the walk can go on down; the tops
 * of what was evicted are <em>parked</em> ({@code v CID}) and wanted again once the walk below is
 * done and applied, which fetches them and what lies between them and the new heads. A history of
 * any size is thus walked with bounded staging, at the price of fetching the evicted part again
 * (docs/crdt.md, "Walks larger than the pending bound").
 */
public final class Walker {

  private static final Logger log = LoggerFactory.getLogger(Walker.class);

  /** One wanted block. */
  private static final class Want {
    final Optional<RemotePeer> hint;
    int attempts;
    long notBeforeNanos;
    boolean inFlight;

    Want(Optional<RemotePeer> hint) {
      this.hint = hint;
    }
  }

  /**
   * What staging one batch changed in the walk's memory, undone if the store refuses the batch, so
   * that memory keeps agreeing with the store.
   */
  private static final class Undo {
    private final ArrayDeque<Runnable> steps = new ArrayDeque<>();

    void add(Runnable step) {
      steps.push(step);
    }

    void run() {
      while (!steps.isEmpty()) {
        steps.pop().run();
      }
    }
  }

  private final ReplicaContext context;
  private final Applier applier;
  private final LinkedHashMap<Cid, Want> wanted = new LinkedHashMap<>();
  private final LinkedHashMap<Cid, Optional<RemotePeer>> parked = new LinkedHashMap<>();
  private int inFlight;
  private Cancellable retryTimer;
  private long retryAtNanos = Long.MAX_VALUE;
  private boolean closed;

  /** Consecutive walk writes the store refused, for the backoff of the pause that follows. */
  private int storeRefusals;

  /** After a refused write the walk sends nothing before this instant. */
  private long pausedUntilNanos = Long.MIN_VALUE;

  private Cancellable pauseTimer;

  Walker(ReplicaContext context, Applier applier) {
    this.context = context;
    this.applier = applier;
  }

  /**
   * Loads the stored wanted set (up to the configured bound). Wanted records of blocks that are
   * known by now are dropped: forgetting a block that was applied another way is a write of its own
   * after the batch that applied it (see {@link #afterBatch}), which a crash or a refused write can
   * leave undone.
   */
  void load() {
    StagedWrites stale = new StagedWrites(context.store);
    try (KeyValueIterator it = context.store.scan(StoreLayout.prefix(StoreLayout.WANTED))) {
      while (it.hasNext() && wanted.size() < context.config.maxWantedBlocks()) {
        KeyValueEntry entry = it.next();
        Cid cid = StoreLayout.cidOf(entry.key());
        if (DagQueries.isApplied(stale, cid)
            || DagQueries.isPending(stale, cid)
            || DagQueries.isRejected(stale, cid)) {
          stale.delete(entry.key());
        } else {
          wanted.put(cid, new Want(hintOf(entry.value())));
        }
      }
    }
    if (!stale.isEmpty()) {
      try {
        context.store.write(stale.toBatch(), Durability.BUFFERED);
      } catch (StoreException e) {
        log.warn(
            "could not drop stale wanted records ({}); the next open tries again", e.toString());
      }
    }
    try (KeyValueIterator it = context.store.scan(StoreLayout.prefix(StoreLayout.PARKED))) {
      while (it.hasNext() && parked.size() < context.config.maxWantedBlocks()) {
        KeyValueEntry entry = it.next();
        parked.put(StoreLayout.cidOf(entry.key()), hintOf(entry.value()));
      }
    }
    updateGauges();
  }

  void close() {
    closed = true;
    if (retryTimer != null) {
      retryTimer.cancel();
    }
    if (pauseTimer != null) {
      pauseTimer.cancel();
    }
  }

  int wantedCount() {
    return wanted.size();
  }

  int inFlight() {
    return inFlight;
  }

  /** Heads announced by {@code from}: want the unknown ones. */
  void onHeads(RemotePeer from, HeadAnnouncement announcement) {
    context.maxAnnouncedHeight = Math.max(context.maxAnnouncedHeight, announcement.maxHeight());
    StagedWrites staged = new StagedWrites(context.store);
    Undo undo = new Undo();
    for (Cid head : announcement.heads()) {
      try {
        Delta.requireDeltaCid(head);
      } catch (IllegalArgumentException e) {
        context.ports.broadcaster().reportMisbehaviour(from, "announced " + e.getMessage());
        continue;
      }
      if (!isKnown(staged, head)) {
        want(staged, head, Optional.of(from), undo);
      }
    }
    if (!staged.isEmpty()) {
      // Refused, the heads are not wanted after all: announcements are repeated (every peer
      // rebroadcasts its heads), and the next one brings them again.
      write(staged, undo, "heads announced by " + from.id());
    }
    context.publishViews();
    pump();
  }

  private boolean isKnown(StagedWrites staged, Cid cid) {
    return wanted.containsKey(cid)
        || parked.containsKey(cid)
        || DagQueries.isApplied(staged, cid)
        || DagQueries.isPending(staged, cid)
        || DagQueries.isRejected(staged, cid);
  }

  private boolean want(StagedWrites staged, Cid cid, Optional<RemotePeer> hint, Undo undo) {
    if (wanted.size() >= context.config.maxWantedBlocks()) {
      log.warn("wanted set full ({} blocks); {} waits", wanted.size(), cid);
      return false;
    }
    wanted.put(cid, new Want(hint));
    undo.add(() -> wanted.remove(cid));
    staged.put(
        StoreLayout.cidKey(StoreLayout.WANTED, cid),
        hint.map(peer -> peer.id().getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]));
    return true;
  }

  /** Sends requests for eligible wanted blocks, up to the parallelism bound. */
  void pump() {
    if (closed || context.bootstrapping) {
      return;
    }
    if (context.env.clock().monotonicNanos() < pausedUntilNanos) {
      return; // the store refused a write: the pause timer pumps again
    }
    if (context.pendingBytes >= context.config.maxPendingBytes()) {
      if (applier.readyCount() > 0 || !evict()) {
        // Applying what is ready frees space; the batch that does it pumps again.
        log.debug("pending deltas use {} bytes; fetching waits", context.pendingBytes);
        updateGauges();
        return;
      }
    }
    unparkIfIdle();
    long now = context.env.clock().monotonicNanos();
    while (inFlight < context.config.maxParallelFetches()) {
      List<Cid> batch = new ArrayList<>();
      Optional<RemotePeer> hint = Optional.empty();
      for (Map.Entry<Cid, Want> entry : wanted.entrySet()) {
        Want want = entry.getValue();
        if (want.inFlight || want.notBeforeNanos > now) {
          continue;
        }
        if (batch.isEmpty()) {
          hint = want.hint;
        } else if (!want.hint.equals(hint)) {
          continue; // one request goes to one place
        }
        batch.add(entry.getKey());
        want.inFlight = true;
        if (batch.size() == context.config.maxRootsPerRequest()) {
          break;
        }
      }
      if (batch.isEmpty()) {
        break;
      }
      send(batch, hint);
    }
    scheduleRetry(now);
    updateGauges();
  }

  private void send(List<Cid> batch, Optional<RemotePeer> hint) {
    inFlight++;
    context.ports.metrics().increment(CrdtMetrics.Counter.FETCH_REQUESTS, 1);
    CompletionStage<List<Block>> answer;
    try {
      if (context.config.walkMode() == CrdtConfig.WalkMode.SUB_DAG) {
        List<Cid> stopAt = new ArrayList<>(context.heads.keySet());
        if (stopAt.size() > SubDagRequest.MAX_CIDS) {
          stopAt = stopAt.subList(0, SubDagRequest.MAX_CIDS);
        }
        answer =
            context
                .ports
                .source()
                .fetchSubDag(
                    hint,
                    new SubDagRequest(
                        batch,
                        stopAt,
                        context.config.maxBlocksPerResponse(),
                        context.config.maxBytesPerResponse()));
      } else {
        answer = context.ports.source().fetch(hint, batch);
      }
    } catch (RuntimeException e) {
      answer = java.util.concurrent.CompletableFuture.failedFuture(e);
    }
    answer.whenComplete(
        (blocks, error) ->
            context.env.scheduler().execute(() -> onAnswer(batch, hint, blocks, error)));
  }

  private void onAnswer(
      List<Cid> batch, Optional<RemotePeer> hint, List<Block> blocks, Throwable error) {
    inFlight--;
    if (closed) {
      return;
    }
    for (Cid cid : batch) {
      Want want = wanted.get(cid);
      if (want != null) {
        want.inFlight = false;
      }
    }
    if (error != null || blocks == null) {
      context.ports.metrics().increment(CrdtMetrics.Counter.FETCH_FAILURES, 1);
      log.debug("fetch of {} block(s) failed: {}", batch.size(), String.valueOf(error));
      blocks = List.of();
    }
    Applier.Batch changes = new Applier.Batch(context);
    Undo undo = new Undo();
    long bytes = 0;
    int count = 0;
    for (Block block : blocks) {
      count++;
      bytes += block.bytes().length;
      if (count > context.config.maxBlocksPerResponse()
          || bytes > context.config.maxBytesPerResponse()) {
        hint.ifPresent(
            peer -> context.ports.broadcaster().reportMisbehaviour(peer, "answer over limits"));
        break;
      }
      receive(changes, block, hint, undo);
    }
    long now = context.env.clock().monotonicNanos();
    for (Cid cid : batch) {
      Want want = wanted.get(cid);
      if (want != null && !want.inFlight) {
        want.attempts++;
        want.notBeforeNanos = now + Backoff.delay(context, want.attempts).toNanos();
      }
    }
    try {
      applier.write(changes, Durability.BUFFERED);
    } catch (StoreException e) {
      // Nothing of the answer is stored (the applier restored the pending counts): its blocks
      // are wanted again and fetched again once the pause is over.
      undo.run();
      refused("an answer of " + count + " blocks", e);
      return;
    }
    storeRefusals = 0;
    applier.publish(changes);
    applier.scheduleDrain();
    pump();
  }

  private void receive(Applier.Batch changes, Block block, Optional<RemotePeer> hint, Undo undo) {
    byte[] bytes = block.bytes();
    Cid cid = DagCbor.cidOf(bytes);
    if (!cid.equals(block.cid())) {
      context.ports.metrics().increment(CrdtMetrics.Counter.BLOCKS_INVALID, 1);
      hint.ifPresent(
          peer ->
              context
                  .ports
                  .broadcaster()
                  .reportMisbehaviour(peer, "sent bytes that do not hash to " + block.cid()));
      return;
    }
    Want want = wanted.get(cid);
    if (want == null) {
      return; // not asked for (or already handled): ignore
    }
    StagedWrites staged = changes.staged;
    // A wanted block is neither applied, pending nor rejected: blocks are wanted only when
    // unknown, and unwanted as soon as they become known (received, rejected, or applied by an
    // identical local delta, see afterBatch). So no store lookups are needed here.
    Delta delta;
    try {
      delta = DeltaCodec.decode(bytes);
      if (!delta.ring().equals(context.config.ring())) {
        throw new InvalidDeltaException("delta belongs to ring " + delta.ring());
      }
    } catch (InvalidDeltaException e) {
      context.ports.metrics().increment(CrdtMetrics.Counter.BLOCKS_INVALID, 1);
      hint.ifPresent(peer -> context.ports.broadcaster().reportMisbehaviour(peer, e.getMessage()));
      unwant(staged, cid, undo);
      applier.reject(changes, cid, e.getMessage());
      return;
    }
    int newParents = 0;
    for (Cid parent : delta.parents()) {
      if (!isKnown(staged, parent)) {
        newParents++;
      }
    }
    if (wanted.size() - 1 + newParents > context.config.maxWantedBlocks()) {
      // No room to remember its parents: leave it wanted and fetch it again later.
      return;
    }
    context.ports.metrics().increment(CrdtMetrics.Counter.BLOCKS_FETCHED, 1);
    unwant(staged, cid, undo);
    boolean ready = true;
    for (Cid parent : delta.parents()) {
      if (DagQueries.isApplied(staged, parent)) {
        continue;
      }
      if (DagQueries.isRejected(staged, parent)) {
        applier.reject(changes, cid, "links to rejected delta " + parent);
        return;
      }
      ready = false;
      staged.put(StoreLayout.waitingKey(parent, cid), new byte[0]);
      if (!wanted.containsKey(parent) && !DagQueries.isPending(staged, parent)) {
        want(staged, parent, want.hint, undo);
      }
    }
    staged.put(
        StoreLayout.cidKey(StoreLayout.PENDING, cid),
        new PendingEntry(delta.parents(), delta.height(), bytes).encode());
    staged.put(StoreLayout.pendingByHeightKey(delta.height(), cid), new byte[0]);
    context.pendingDeltas++;
    context.pendingBytes += bytes.length;
    applier.rememberPending(cid, delta, bytes.length, want.hint);
    undo.add(() -> applier.forget(cid));
    if (ready) {
      staged.put(StoreLayout.cidKey(StoreLayout.READY, cid), new byte[0]);
      changes.nowReady.add(cid);
    }
  }

  /**
   * Evicts the highest pending deltas that are not ready until the pending bytes are down to half
   * the bound, in one batch, and parks the tops of what was evicted.
   *
   * @return whether anything was evicted
   */
  private boolean evict() {
    long target = context.config.maxPendingBytes() / 2;
    StagedWrites staged = new StagedWrites(context.store);
    Undo undo = new Undo();
    long pendingDeltasBefore = context.pendingDeltas;
    long pendingBytesBefore = context.pendingBytes;
    undo.add(
        () -> {
          context.pendingDeltas = pendingDeltasBefore;
          context.pendingBytes = pendingBytesBefore;
        });
    java.util.Set<Cid> hasEvictedChild = new java.util.HashSet<>();
    List<Cid> evictedDeltas = new ArrayList<>();
    try (KeyValueIterator it =
        context.store.scan(StoreLayout.prefix(StoreLayout.PENDING_BY_HEIGHT))) {
      while (it.hasNext() && context.pendingBytes > target) {
        byte[] indexKey = it.next().key();
        Cid cid = StoreLayout.pendingByHeightCid(indexKey);
        byte[] stored = staged.get(StoreLayout.cidKey(StoreLayout.PENDING, cid));
        if (stored == null
            || applier.isReady(cid)
            || !DagQueries.waitingChildren(context.store, staged, cid).isEmpty()) {
          continue; // children are higher, so they went first; a ready delta is about to apply
        }
        PendingEntry pending = PendingEntry.decode(stored);
        staged.delete(StoreLayout.cidKey(StoreLayout.PENDING, cid));
        staged.delete(indexKey);
        for (Cid parent : pending.parents()) {
          staged.delete(StoreLayout.waitingKey(parent, cid));
          hasEvictedChild.add(parent);
        }
        context.pendingDeltas--;
        context.pendingBytes -= pending.block().length;
        if (!hasEvictedChild.contains(cid) && parked.size() < context.config.maxWantedBlocks()) {
          // Nothing evicted links to it: it is a top, and only parking it brings it back.
          Optional<RemotePeer> hint = applier.relayerOf(cid);
          parked.put(cid, hint);
          undo.add(() -> parked.remove(cid));
          staged.put(
              StoreLayout.cidKey(StoreLayout.PARKED, cid),
              hint.map(peer -> peer.id().getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]));
        }
        evictedDeltas.add(cid);
      }
    }
    if (evictedDeltas.isEmpty()) {
      return false;
    }
    context.stageCounters(staged);
    if (!write(staged, undo, "an eviction of " + evictedDeltas.size() + " pending deltas")) {
      return false; // still pending in the store and in memory
    }
    for (Cid cid : evictedDeltas) {
      applier.forget(cid);
    }
    long evicted = evictedDeltas.size();
    context.ports.metrics().increment(CrdtMetrics.Counter.DELTAS_EVICTED, evicted);
    context.publishViews();
    log.warn(
        "the missing history is larger than maxPendingBytes ({} bytes): evicted the {} highest"
            + " pending deltas, to fetch again once the walk below them is applied; a checkpoint"
            + " bootstrap would be faster",
        context.config.maxPendingBytes(),
        evicted);
    return true;
  }

  /**
   * Wants the parked blocks again once the walk has nothing else to do: what was below them is
   * applied, so fetching them now brings them and what lies between them and the new heads.
   */
  private void unparkIfIdle() {
    if (parked.isEmpty() || !wanted.isEmpty() || inFlight > 0 || applier.readyCount() > 0) {
      return;
    }
    StagedWrites staged = new StagedWrites(context.store);
    Undo undo = new Undo();
    for (Map.Entry<Cid, Optional<RemotePeer>> entry : new ArrayList<>(parked.entrySet())) {
      Cid cid = entry.getKey();
      if (wanted.size() >= context.config.maxWantedBlocks()) {
        break; // the rest stays parked until the wanted set has room
      }
      parked.remove(cid);
      undo.add(() -> parked.put(cid, entry.getValue()));
      staged.delete(StoreLayout.cidKey(StoreLayout.PARKED, cid));
      if (!isKnown(staged, cid)) {
        want(staged, cid, entry.getValue(), undo);
      }
    }
    write(staged, undo, "unparked blocks"); // refused, they stay parked until after the pause
  }

  private void unwant(StagedWrites staged, Cid cid, Undo undo) {
    Want want = wanted.remove(cid);
    if (want != null) {
      undo.add(() -> wanted.put(cid, want));
    }
    staged.delete(StoreLayout.cidKey(StoreLayout.WANTED, cid));
  }

  /**
   * Writes a batch of the walk. If the store refuses it, undoes what staging it changed in memory
   * and pauses the walk (sends nothing) for a backoff that grows with consecutive refusals.
   *
   * @return whether the batch was written
   */
  private boolean write(StagedWrites staged, Undo undo, String what) {
    try {
      context.store.write(staged.toBatch(), Durability.BUFFERED);
    } catch (StoreException e) {
      undo.run();
      refused(what, e);
      return false;
    }
    storeRefusals = 0;
    return true;
  }

  private void refused(String what, StoreException e) {
    storeRefusals++;
    java.time.Duration delay = Backoff.delay(context, storeRefusals);
    pausedUntilNanos = context.env.clock().monotonicNanos() + delay.toNanos();
    log.warn(
        "the store refused the walk's write of {} ({}); the walk pauses for {}",
        what,
        e.getMessage(),
        delay);
    if (pauseTimer != null) {
      pauseTimer.cancel();
    }
    pauseTimer =
        context
            .env
            .scheduler()
            .schedule(
                delay,
                () -> {
                  pauseTimer = null;
                  pump();
                });
    updateGauges();
  }

  /**
   * After a batch: forget wanted blocks that were applied another way (a local submission can build
   * the very delta a peer announced: same operations on the same heads), and wanted parents that
   * only rejected deltas were waiting for.
   */
  void afterBatch(Applier.Batch batch) {
    StagedWrites staged = new StagedWrites(context.store);
    // Not undone if refused: these blocks are known now and must not be fetched as if unknown.
    // Their stale wanted records are dropped when the store is next opened (load).
    Undo kept = new Undo();
    for (Cid applied : batch.headsAdded.keySet()) {
      if (wanted.containsKey(applied)) {
        unwant(staged, applied, kept);
      }
    }
    for (Cid parent : batch.parentsMaybeUnwanted) {
      if (wanted.containsKey(parent)
          && DagQueries.waitingChildren(context.store, staged, parent).isEmpty()) {
        unwant(staged, parent, kept);
      }
    }
    if (!staged.isEmpty()) {
      write(staged, new Undo(), "forgotten wanted blocks");
    }
  }

  /** Forgets wanted blocks that became known another way (e.g. from a snapshot). */
  void purgeKnown() {
    StagedWrites staged = new StagedWrites(context.store);
    Undo kept = new Undo(); // not undone if refused, as in afterBatch
    for (Cid cid : new ArrayList<>(wanted.keySet())) {
      if (DagQueries.isApplied(staged, cid) || DagQueries.isRejected(staged, cid)) {
        unwant(staged, cid, kept);
      }
    }
    if (!staged.isEmpty()) {
      write(staged, new Undo(), "forgotten wanted blocks");
    }
    updateGauges();
  }

  private void scheduleRetry(long now) {
    long earliest = Long.MAX_VALUE;
    for (Want want : wanted.values()) {
      if (!want.inFlight) {
        earliest = Math.min(earliest, Math.max(want.notBeforeNanos, now));
      }
    }
    if (earliest == Long.MAX_VALUE || inFlight >= context.config.maxParallelFetches()) {
      return;
    }
    if (retryTimer != null && !retryTimer.isCancelled() && retryAtNanos <= earliest) {
      return;
    }
    if (retryTimer != null) {
      retryTimer.cancel();
    }
    retryAtNanos = earliest;
    retryTimer =
        context
            .env
            .scheduler()
            .schedule(
                java.time.Duration.ofNanos(Math.max(0, earliest - now)),
                () -> {
                  retryTimer = null;
                  retryAtNanos = Long.MAX_VALUE;
                  pump();
                });
  }

  private void updateGauges() {
    int idle = 0;
    for (Iterator<Want> it = wanted.values().iterator(); it.hasNext(); ) {
      if (!it.next().inFlight) {
        idle++;
      }
    }
    context.ports.metrics().set(CrdtMetrics.Gauge.MISSING_BLOCKS, wanted.size());
    context.ports.metrics().set(CrdtMetrics.Gauge.QUEUED_WALKS, inFlight + (long) idle);
  }

  private static Optional<RemotePeer> hintOf(byte[] value) {
    return value.length == 0
        ? Optional.empty()
        : Optional.of(new RemotePeer(new String(value, StandardCharsets.UTF_8)));
  }
}
