package org.pinring.node.bitswap;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.pinring.libp2p.PeerId;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.MultihashAlgorithm;
import org.pinring.node.blockstore.Block;
import org.pinring.node.blockstore.BlockStore;
import org.pinring.node.dag.BlockLinks;
import org.pinring.node.dag.DagLimits;
import org.pinring.runtime.Cancellable;
import org.pinring.runtime.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bitswap for one node (ipfs/specs BITSWAP.md, 1.2.0): serves the block store to peers ({@link
 * BitswapServer}) and fetches DAGs from peers ({@link FetchSession}).
 *
 * <p>Threading: protocol state (ledgers, sessions) lives on the environment's scheduler, whose
 * tasks never overlap, so it needs no locks. Hashing, storing and loading blocks run on {@code
 * workers} (they take milliseconds per megabyte and may fsync), then report back to the scheduler.
 * Public methods may be called from any thread.
 *
 * <p>Every received block is hashed under its CID prefix, and only blocks a fetch session is
 * waiting for are stored (through that session's {@link BlockStore.Session}); others are dropped. A
 * block can therefore only be stored under the CID its bytes hash to, and only if asked for.
 */
public final class Bitswap implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Bitswap.class);

  private final BlockStore store;
  private final BitswapConfig config;
  private final DagLimits limits;
  private final Environment environment;
  private final Executor workers;
  private final BitswapNetwork network;
  private final BitswapServer server;
  private final List<ActiveFetch> fetches = new ArrayList<>();
  private final Set<PeerId> connected = new LinkedHashSet<>();
  private final AtomicLong inboundBytes = new AtomicLong();
  private final List<Runnable> drainWaiters = new ArrayList<>();
  private final Cancellable ticker;
  private final Counters counters = new Counters();

  /** Counts kept for {@link #stats()}; updated on the scheduler thread. */
  private static final class Counters {
    long blocksReceived;
    long bytesReceived;
    long unwantedBlocks;
    long havesReceived;
    long dontHavesReceived;
    long blocksSent;
    long bytesSent;
  }

  /**
   * What Bitswap did so far.
   *
   * @param havesReceived HAVE presences received (answers to want-have)
   * @param dontHavesReceived DONT_HAVE presences received
   */
  public record Stats(
      long blocksReceived,
      long bytesReceived,
      long unwantedBlocks,
      long havesReceived,
      long dontHavesReceived,
      long blocksSent,
      long bytesSent,
      int activeFetches) {}

  private record ActiveFetch(
      FetchSession session, BlockStore.Session storeSession, CompletableFuture<FetchResult> done) {}

  /**
   * @param workers runs hashing, storing and loading of blocks; owned by the caller
   */
  public Bitswap(
      BlockStore store,
      BitswapConfig config,
      DagLimits limits,
      Environment environment,
      Executor workers,
      BitswapNetwork network) {
    this.store = Objects.requireNonNull(store, "store");
    this.config = Objects.requireNonNull(config, "config");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.environment = Objects.requireNonNull(environment, "environment");
    this.workers = Objects.requireNonNull(workers, "workers");
    this.network = Objects.requireNonNull(network, "network");
    this.server = new BitswapServer(config, store::size);
    Duration tick = config.wantTimeout().dividedBy(4);
    this.ticker =
        environment
            .scheduler()
            .scheduleAtFixedRate(
                tick, tick, () -> List.copyOf(fetches).forEach(f -> f.session.tick()));
  }

  /** A message arrived from {@code peer}. May be called on any thread. */
  public void receive(PeerId peer, BitswapMessage message) {
    if (!message.wantlist().isEmpty() || message.fullWantlist()) {
      environment
          .scheduler()
          .execute(() -> send(server.onWantlist(peer, message.wantlist(), message.fullWantlist())));
    }
    if (!message.presences().isEmpty()) {
      environment.scheduler().execute(() -> presences(peer, message.presences()));
    }
    for (BlockPayload payload : message.blocks()) {
      inboundBytes.addAndGet(payload.data().length);
      workers.execute(() -> verify(peer, payload));
    }
  }

  private void presences(PeerId peer, List<BlockPresence> presences) {
    for (BlockPresence presence : presences) {
      Cid cid = presence.cid();
      if (presence.type() == PresenceType.HAVE) {
        counters.havesReceived++;
        forEachNeeding(cid, f -> f.session.have(peer, cid));
      } else {
        counters.dontHavesReceived++;
        forEachNeeding(cid, f -> f.session.dontHave(peer, cid));
      }
    }
  }

  /** Whether received blocks are being processed fast enough; if not, pause the sources. */
  public boolean acceptingBlocks() {
    return inboundBytes.get() < config.maxInboundBytesInProcess();
  }

  /** Runs {@code resume} once the backlog of received blocks has halved (at once if it has). */
  public void whenAccepting(Runnable resume) {
    synchronized (drainWaiters) {
      if (inboundBytes.get() >= config.maxInboundBytesInProcess() / 2) {
        drainWaiters.add(resume);
        return;
      }
    }
    resume.run();
  }

  public void peerConnected(PeerId peer) {
    environment.scheduler().execute(() -> connected.add(peer));
  }

  public void peerDisconnected(PeerId peer) {
    environment
        .scheduler()
        .execute(
            () -> {
              connected.remove(peer);
              server.peerGone(peer);
              List.copyOf(fetches).forEach(f -> f.session.peerGone(peer));
            });
  }

  /** A block was stored locally by someone else (an import): peers waiting for it get it. */
  public void blockAdded(Cid cid, int size) {
    environment.scheduler().execute(() -> send(server.blockAdded(cid, size)));
  }

  /**
   * Fetches the DAG under {@code root} from {@code peers} (the connected Bitswap peers if empty)
   * into the store, through {@code storeSession}, which the caller owns: it should pin the root
   * before closing the session.
   *
   * @param progress called on the scheduler thread after every stored block; must not block
   * @return completes with what was fetched, or fails with {@link FetchFailedException}
   */
  public CompletableFuture<FetchResult> fetch(
      Cid root,
      List<PeerId> peers,
      BlockStore.Session storeSession,
      Consumer<FetchProgress> progress) {
    CompletableFuture<FetchResult> done = new CompletableFuture<>();
    environment
        .scheduler()
        .execute(
            () -> {
              List<PeerId> sessionPeers = peers.isEmpty() ? List.copyOf(connected) : peers;
              ActiveFetch[] self = new ActiveFetch[1];
              FetchSession session =
                  new FetchSession(
                      root,
                      sessionPeers,
                      config,
                      limits,
                      environment.clock(),
                      new Port(storeSession, progress, done, () -> fetches.remove(self[0])));
              self[0] = new ActiveFetch(session, storeSession, done);
              fetches.add(self[0]);
              session.start();
            });
    return done;
  }

  public CompletableFuture<Stats> stats() {
    CompletableFuture<Stats> out = new CompletableFuture<>();
    environment
        .scheduler()
        .execute(
            () ->
                out.complete(
                    new Stats(
                        counters.blocksReceived,
                        counters.bytesReceived,
                        counters.unwantedBlocks,
                        counters.havesReceived,
                        counters.dontHavesReceived,
                        counters.blocksSent,
                        counters.bytesSent,
                        fetches.size())));
    return out;
  }

  @Override
  public void close() {
    ticker.cancel();
    environment
        .scheduler()
        .execute(() -> List.copyOf(fetches).forEach(f -> f.session.cancel("Bitswap is closing")));
  }

  // --- receiving blocks: hash on a worker, decide on the scheduler, store on a worker ---

  private void verify(PeerId peer, BlockPayload payload) {
    Block block;
    try {
      block = hashed(payload);
    } catch (InvalidBitswapMessageException e) {
      log.debug("dropping a block from {}: {}", peer, e.getMessage());
      released(payload.data().length);
      return;
    }
    environment.scheduler().execute(() -> arrived(peer, block));
  }

  private static Block hashed(BlockPayload payload) {
    CidPrefix prefix = payload.prefix();
    Optional<Multicodec> codec = Multicodec.forCode(prefix.codec());
    if (prefix.hashFunction() == MultihashAlgorithm.SHA2_256.code()
        && prefix.digestLength() == 32
        && codec.isPresent()
        && (prefix.version() == 1 || codec.get() == Multicodec.DAG_PB)) {
      // One hash: the block is built from its bytes, which is the verification.
      return Block.hashOwned(codec.get(), prefix.version(), payload.data());
    }
    Cid cid = prefix.cidOf(payload.data());
    return Block.verifiedOwned(cid, payload.data());
  }

  private void arrived(PeerId peer, Block block) {
    counters.blocksReceived++;
    counters.bytesReceived += block.size();
    List<ActiveFetch> needing = new ArrayList<>();
    forEachNeeding(block.cid(), needing::add);
    if (needing.isEmpty()) {
      counters.unwantedBlocks++;
      released(block.size());
      return;
    }
    needing.forEach(f -> f.session.blockArriving(block.cid()));
    workers.execute(() -> storeBlock(peer, block, needing));
  }

  private void storeBlock(PeerId peer, Block block, List<ActiveFetch> needing) {
    List<Cid> links;
    RuntimeException failure = null;
    try {
      needing.get(0).storeSession.put(block);
      for (int i = 1; i < needing.size(); i++) {
        needing.get(i).storeSession.has(block.cid());
      }
      links = BlockLinks.of(block.cid(), block.data());
    } catch (RuntimeException e) {
      failure = e;
      links = List.of();
    } finally {
      released(block.size());
    }
    RuntimeException failed = failure;
    List<Cid> children = links;
    environment
        .scheduler()
        .execute(
            () -> {
              for (ActiveFetch fetch : needing) {
                if (failed != null) {
                  fetch.session.storeFailed(block.cid(), failed);
                } else {
                  fetch.session.blockStored(peer, block.cid(), block.size(), children);
                }
              }
              if (failed == null) {
                send(server.blockAdded(block.cid(), block.size()));
              }
            });
  }

  private void released(long bytes) {
    long left = inboundBytes.addAndGet(-bytes);
    if (left < config.maxInboundBytesInProcess() / 2) {
      List<Runnable> waiters;
      synchronized (drainWaiters) {
        waiters = List.copyOf(drainWaiters);
        drainWaiters.clear();
      }
      waiters.forEach(Runnable::run);
    }
  }

  private void forEachNeeding(Cid cid, Consumer<ActiveFetch> action) {
    for (ActiveFetch fetch : List.copyOf(fetches)) {
      if (fetch.session.needs(cid)) {
        action.accept(fetch);
      }
    }
  }

  // --- serving: load on a worker, send, report back ---

  private void send(List<BitswapServer.Response> responses) {
    for (BitswapServer.Response response : responses) {
      workers.execute(() -> load(response));
    }
  }

  private void load(BitswapServer.Response response) {
    List<BlockPayload> blocks = new ArrayList<>();
    List<BlockPresence> presences = new ArrayList<>(response.presences());
    long bytes = 0;
    for (Cid cid : response.blocks()) {
      try {
        Optional<Block> block = store.get(cid);
        if (block.isPresent()) {
          blocks.add(BlockPayload.of(block.get()));
          bytes += block.get().size();
        } else {
          presences.add(new BlockPresence(cid, PresenceType.DONT_HAVE));
        }
      } catch (RuntimeException e) {
        log.warn("cannot serve {}: {}", cid, e.getMessage());
        presences.add(new BlockPresence(cid, PresenceType.DONT_HAVE));
      }
    }
    long sentBytes = bytes;
    int sentBlocks = blocks.size();
    var unused =
        network
            .send(response.peer(), BitswapMessage.response(blocks, presences))
            .whenComplete(
                (ok, failure) -> {
                  if (failure != null) {
                    log.debug("could not answer {}: {}", response.peer(), failure.toString());
                  }
                  environment
                      .scheduler()
                      .execute(
                          () -> {
                            if (failure == null) {
                              counters.blocksSent += sentBlocks;
                              counters.bytesSent += sentBytes;
                            }
                            send(server.sent(response.peer(), sentBlocks, sentBytes));
                          });
                });
  }

  /** A fetch session's view of the world. Runs on the scheduler. */
  private final class Port implements FetchSession.Port {
    private final BlockStore.Session storeSession;
    private final Consumer<FetchProgress> progress;
    private final CompletableFuture<FetchResult> done;
    private final Runnable remove;

    Port(
        BlockStore.Session storeSession,
        Consumer<FetchProgress> progress,
        CompletableFuture<FetchResult> done,
        Runnable remove) {
      this.storeSession = storeSession;
      this.progress = progress;
      this.done = done;
      this.remove = remove;
    }

    @Override
    public Optional<List<Cid>> presentLinks(Cid cid) {
      if (!storeSession.has(cid)) {
        return Optional.empty();
      }
      if (!BlockLinks.understands(cid.codec())) {
        return Optional.of(List.of());
      }
      return Optional.of(store.links(cid));
    }

    @Override
    public void send(PeerId peer, FetchSession.Wants wants) {
      List<WantlistEntry> entries =
          new ArrayList<>(wants.blocks().size() + wants.haves().size() + wants.cancels().size());
      for (Cid cid : wants.cancels()) {
        entries.add(WantlistEntry.cancel(cid));
      }
      for (Cid cid : wants.blocks()) {
        entries.add(WantlistEntry.wantBlock(cid, 1));
      }
      for (Cid cid : wants.haves()) {
        entries.add(WantlistEntry.wantHave(cid, 1));
      }
      boolean wanting = !wants.blocks().isEmpty() || !wants.haves().isEmpty();
      var unused =
          network
              .send(peer, BitswapMessage.wants(entries))
              .whenComplete(
                  (protocol, failure) -> {
                    if (failure != null && wanting) {
                      log.debug("could not send wants to {}: {}", peer, failure.toString());
                      environment
                          .scheduler()
                          .execute(
                              () -> List.copyOf(fetches).forEach(f -> f.session.peerGone(peer)));
                    } else if (failure == null
                        && !wants.haves().isEmpty()
                        && !protocol.hasPresences()) {
                      // The writer dropped the want-haves: this peer only takes want-blocks.
                      environment
                          .scheduler()
                          .execute(
                              () ->
                                  List.copyOf(fetches)
                                      .forEach(f -> f.session.presencesUnsupported(peer)));
                    }
                  });
    }

    @Override
    public void progress(FetchProgress value) {
      progress.accept(value);
    }

    @Override
    public void completed(FetchResult result) {
      remove.run();
      done.complete(result);
    }

    @Override
    public void failed(FetchFailedException failure) {
      remove.run();
      done.completeExceptionally(failure);
    }
  }
}
