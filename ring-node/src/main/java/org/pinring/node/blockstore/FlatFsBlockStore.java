package org.pinring.node.blockstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.Multihash;
import org.pinring.node.dag.BlockLinks;
import org.pinring.node.dag.DagLimits;
import org.pinring.node.dag.MissingBlockException;
import org.pinring.node.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The block store on disk: block files laid out as kubo's flatfs ({@link FlatFsLayout}), an index
 * of sizes and links in the state database ({@link BlockIndex}), and quota accounting against the
 * space lent.
 *
 * <p><b>Crash safety.</b> A block file appears under its final name only complete and fsynced (see
 * {@link FlatFsLayout#writeAtomically}); a block is visible once its index entry is written, after
 * its file. The index marks itself open while the store is open; if a process dies, the next open
 * finds the mark and reconciles: entries whose file is gone are dropped, files without an entry
 * (writes that were never acknowledged, or deletions that were interrupted) are removed, and the
 * totals are recounted. Index entries reach the disk no later than the next synchronous write to
 * the state database, which pins make: a pinned DAG's entries are therefore durable whenever its
 * pin is.
 *
 * <p><b>Quota.</b> A write reserves its size before any byte is written, against the blocks stored
 * plus the writes in flight, under one lock; a write that would exceed the quota is refused with
 * {@link QuotaExceededException}, so concurrent writers can never overshoot it together.
 *
 * <p><b>Garbage collection</b> ({@link #collectGarbage}) runs alongside writers: it removes a block
 * only after checking, under the same lock writers take, that no open session has written or
 * claimed it and that none was in flight; sessions that close during a collection hand their blocks
 * to it. See docs/content.md for the full argument.
 *
 * <p>Thread-safe.
 */
public final class FlatFsBlockStore implements BlockStore {

  private static final Logger LOG = LoggerFactory.getLogger(FlatFsBlockStore.class);

  private final FlatFsLayout layout;
  private final BlockIndex index;

  private final Object lock = new Object();
  // Guarded by lock:
  private long usedBytes;
  private long blockCount;
  private long reservedBytes;
  private long quotaBytes;
  private final Map<Multihash, CompletableFuture<Void>> inFlight = new HashMap<>();
  private final Set<StoreSession> sessions = new HashSet<>();
  private Set<Multihash> protectedDuringCollection;
  private boolean closed;

  private FlatFsBlockStore(FlatFsLayout layout, BlockIndex index, long quotaBytes) {
    this.layout = layout;
    this.index = index;
    this.quotaBytes = quotaBytes;
  }

  /**
   * Opens the store in {@code blocksDirectory}, its index in {@code state}; reconciles the two
   * first if the store was not closed cleanly. The caller keeps ownership of {@code state}.
   *
   * @param quotaBytes the space lent; writes beyond it are refused
   */
  public static FlatFsBlockStore open(Path blocksDirectory, StateStore state, long quotaBytes)
      throws IOException {
    if (quotaBytes < 0) {
      throw new IllegalArgumentException("quota must not be negative");
    }
    FlatFsLayout layout = new FlatFsLayout(blocksDirectory);
    layout.initialize();
    BlockIndex index = new BlockIndex(state);
    if (index.openMarkerPresent()) {
      LOG.warn(
          "block store in {} was not closed cleanly; reconciling files and index", blocksDirectory);
      new Reconciler(layout, index).run();
    }
    FlatFsBlockStore store = new FlatFsBlockStore(layout, index, quotaBytes);
    BlockIndex.Totals totals = index.totals();
    store.usedBytes = totals.usedBytes();
    store.blockCount = totals.blocks();
    index.setOpenMarker(true);
    return store;
  }

  /** For tests: observe (and interrupt) each step of block file writes. */
  void observeWrites(FlatFsLayout.WriteObserver observer) {
    layout.observeWrites(observer);
  }

  FlatFsLayout layout() {
    return layout;
  }

  BlockIndex index() {
    return index;
  }

  @Override
  public boolean has(Cid cid) {
    if (isIdentity(cid)) {
      return true;
    }
    return index.contains(cid.multihash());
  }

  @Override
  public Optional<Block> get(Cid cid) {
    Objects.requireNonNull(cid, "cid");
    if (isIdentity(cid)) {
      return Optional.of(Block.verified(cid, cid.multihash().digest()));
    }
    if (!index.contains(cid.multihash())) {
      return Optional.empty();
    }
    try {
      // A collection may remove the file between the two reads: then the block is simply gone.
      return layout
          .read(cid.multihash(), MAX_BLOCK_BYTES)
          .map(bytes -> Block.verifiedOwned(cid, bytes));
    } catch (BlockTooLargeException e) {
      throw new CorruptBlockException(cid, e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public OptionalInt size(Cid cid) {
    if (isIdentity(cid)) {
      return OptionalInt.of(cid.multihash().digestLength());
    }
    BlockIndex.Entry entry = index.get(cid.multihash());
    return entry == null ? OptionalInt.empty() : OptionalInt.of(entry.size());
  }

  @Override
  public List<Cid> links(Cid cid) {
    if (isIdentity(cid)) {
      return BlockLinks.of(cid, cid.multihash().digest());
    }
    BlockIndex.Entry entry = index.get(cid.multihash());
    if (entry == null) {
      throw new MissingBlockException(cid);
    }
    if (entry.codec() == cid.codec()) {
      return entry.links();
    }
    // The same bytes stored under another codec: read them under this one.
    return BlockLinks.of(
        cid, get(cid).orElseThrow(() -> new MissingBlockException(cid)).unsafeData());
  }

  @Override
  public Session openSession() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the block store is closed");
      }
      StoreSession session = new StoreSession();
      sessions.add(session);
      return session;
    }
  }

  @Override
  public Stats stats() {
    synchronized (lock) {
      return new Stats(blockCount, usedBytes, quotaBytes);
    }
  }

  /**
   * Changes the space lent. Lowering it below what is stored refuses new writes, deletes nothing.
   */
  public void setQuota(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("quota must not be negative");
    }
    synchronized (lock) {
      quotaBytes = bytes;
    }
  }

  /**
   * Removes every block not reachable from {@code roots} (taken once, at the start) and not held by
   * an open session. Safe to run while sessions write.
   *
   * @throws org.pinring.node.dag.DagLimitException if a pinned DAG exceeds {@code limits}; nothing
   *     is removed then
   * @throws IllegalStateException if another collection is running
   */
  public GcReport collectGarbage(GcRoots roots, DagLimits limits) {
    return new GarbageCollector(this, limits).run(roots);
  }

  /**
   * Re-hashes every stored block and checks the files against the index.
   *
   * @param repair whether to remove what is corrupt or missing (and stray files) from the store
   */
  public ScrubReport scrub(boolean repair) {
    return new Scrubber(this).run(repair);
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      if (!sessions.isEmpty() || !inFlight.isEmpty()) {
        LOG.warn("closing the block store with {} session(s) open", sessions.size());
      }
      index.writeTotals(new BlockIndex.Totals(usedBytes, blockCount), true);
      index.setOpenMarker(false);
    }
  }

  /**
   * For tests: stop as a crashed process would, without the clean-shutdown steps, so the next open
   * reconciles.
   */
  void abandon() {
    synchronized (lock) {
      closed = true;
    }
  }

  private static boolean isIdentity(Cid cid) {
    return cid.multihash().code() == Multicodec.IDENTITY.code();
  }

  // ---- writes ----------------------------------------------------------------------------------

  private void put(StoreSession session, Block block) {
    Cid cid = block.cid();
    if (isIdentity(cid)) {
      return;
    }
    if (block.size() > MAX_BLOCK_BYTES) {
      throw new BlockTooLargeException("block " + cid, block.size());
    }
    Multihash multihash = cid.multihash();
    // The store records links, so it must be able to read them; invalid blocks are refused here.
    List<Cid> links =
        block.isOffHeap()
            ? BlockLinks.of(cid, block.contents())
            : BlockLinks.of(cid, block.unsafeData());
    while (true) {
      CompletableFuture<Void> other;
      CompletableFuture<Void> mine = null;
      synchronized (lock) {
        requireOpen();
        session.claimed.add(multihash);
        if (protectedDuringCollection != null) {
          protectedDuringCollection.add(multihash);
        }
        if (index.contains(multihash)) {
          return;
        }
        other = inFlight.get(multihash);
        if (other == null) {
          if (usedBytes + reservedBytes + block.size() > quotaBytes) {
            throw new QuotaExceededException(quotaBytes, usedBytes + reservedBytes, block.size());
          }
          reservedBytes += block.size();
          mine = new CompletableFuture<>();
          inFlight.put(multihash, mine);
        }
      }
      if (other != null) {
        awaitQuietly(other); // the same block is being written; wait, then look again
        continue;
      }
      write(multihash, block, links, mine);
      return;
    }
  }

  private void write(
      Multihash multihash, Block block, List<Cid> links, CompletableFuture<Void> mine) {
    boolean written = false;
    try {
      layout.writeAtomically(multihash, block.contents());
      synchronized (lock) {
        index.put(
            multihash,
            new BlockIndex.Entry(block.size(), block.cid().codec(), links),
            new BlockIndex.Totals(usedBytes + block.size(), blockCount + 1));
        usedBytes += block.size();
        blockCount++;
        written = true;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store block " + block.cid(), e);
    } finally {
      synchronized (lock) {
        reservedBytes -= block.size();
        inFlight.remove(multihash);
      }
      if (written) {
        mine.complete(null);
      } else {
        mine.completeExceptionally(new IOException("write of " + block.cid() + " failed"));
      }
    }
  }

  private static void awaitQuietly(CompletableFuture<Void> other) {
    try {
      other.join();
    } catch (CompletionException failedElsewhere) {
      // The other writer failed; this one tries itself.
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the block store is closed");
    }
  }

  private boolean claim(StoreSession session, Cid cid) {
    if (isIdentity(cid)) {
      return true;
    }
    Multihash multihash = cid.multihash();
    synchronized (lock) {
      if (!index.contains(multihash)) {
        return false;
      }
      session.claimed.add(multihash);
      if (protectedDuringCollection != null) {
        protectedDuringCollection.add(multihash);
      }
      return true;
    }
  }

  private void closeSession(StoreSession session) {
    synchronized (lock) {
      if (sessions.remove(session) && protectedDuringCollection != null) {
        // A running collection took its roots before this session's pin, if any: keep its blocks.
        protectedDuringCollection.addAll(session.claimed);
      }
    }
  }

  // ---- hooks for the collector and the scrubber -------------------------------------------------

  /** Starts a collection: from now until it ends, every write and claim is protected. */
  Set<Cid> beginCollection(GcRoots roots) {
    synchronized (lock) {
      requireOpen();
      if (protectedDuringCollection != null) {
        throw new IllegalStateException("a garbage collection is already running");
      }
      protectedDuringCollection = new HashSet<>();
      return Set.copyOf(roots.snapshot());
    }
  }

  void endCollection() {
    synchronized (lock) {
      protectedDuringCollection = null;
    }
  }

  /**
   * Removes the block unless something protects it: a session holds it, it is being written, or it
   * was written or claimed since the collection began. The check and the removal happen under the
   * lock writers take, so no writer can claim the block in between.
   *
   * @return the bytes freed, or -1 if the block was kept or already gone
   */
  long removeUnlessProtected(Multihash multihash) throws IOException {
    synchronized (lock) {
      if (protectedDuringCollection != null && protectedDuringCollection.contains(multihash)) {
        return -1;
      }
      if (inFlight.containsKey(multihash)) {
        return -1;
      }
      for (StoreSession session : sessions) {
        if (session.claimed.contains(multihash)) {
          return -1;
        }
      }
      return removeLocked(multihash);
    }
  }

  /** Removes a block regardless of protection (scrub repair of a damaged block). */
  long remove(Multihash multihash) throws IOException {
    synchronized (lock) {
      return removeLocked(multihash);
    }
  }

  private long removeLocked(Multihash multihash) throws IOException {
    BlockIndex.Entry entry = index.get(multihash);
    if (entry == null) {
      return -1;
    }
    // Index first: a crash between the two leaves a file without an entry, which the next open
    // removes; never an entry without its file.
    index.remove(multihash, new BlockIndex.Totals(usedBytes - entry.size(), blockCount - 1));
    usedBytes -= entry.size();
    blockCount--;
    layout.delete(multihash);
    return entry.size();
  }

  /** Whether a write of this block is in progress (its file may exist before its entry). */
  boolean inFlight(Multihash multihash) {
    synchronized (lock) {
      return inFlight.containsKey(multihash);
    }
  }

  /** Makes the index and totals durable now. */
  void sync() {
    synchronized (lock) {
      index.writeTotals(new BlockIndex.Totals(usedBytes, blockCount), true);
    }
  }

  /** A session: the multihashes it wrote or found present. */
  private final class StoreSession implements Session {
    final Set<Multihash> claimed = ConcurrentHashMap.newKeySet();
    private volatile boolean open = true;

    @Override
    public void put(Block block) {
      Objects.requireNonNull(block, "block");
      requireSessionOpen();
      FlatFsBlockStore.this.put(this, block);
    }

    @Override
    public boolean has(Cid cid) {
      Objects.requireNonNull(cid, "cid");
      requireSessionOpen();
      return claim(this, cid);
    }

    private void requireSessionOpen() {
      if (!open) {
        throw new IllegalStateException("the session is closed");
      }
    }

    @Override
    public void close() {
      open = false;
      closeSession(this);
    }
  }
}
