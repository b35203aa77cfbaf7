package org.pinring.node.bitswap;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pinring.libp2p.PeerId;
import org.pinring.multiformats.Cid;
import org.pinring.node.dag.DagLimits;
import org.pinring.runtime.Clock;

/**
 * Fetches one DAG from a set of peers: the client half of Bitswap as a plain state machine. It
 * knows nothing of streams, threads or the block store: effects go through {@link Port}, events
 * come in as method calls, all on one thread (the Bitswap scheduler's).
 *
 * <p><b>Finding holders</b> (BITSWAP.md 1.2.0, as Helia's and go's sessions do): a block with no
 * known holder is first asked for with want-have (with send-dont-have) from every session peer not
 * asked yet, at most {@link BitswapConfig#maxWantHavesPerPeer} outstanding per peer. A HAVE makes
 * the peer a known holder of that block; a DONT_HAVE drops the peer for that block. Want-blocks go
 * only to known holders. A peer that negotiated 1.0.0 or 1.1.0 cannot answer want-have ({@link
 * #presencesUnsupported}), and a peer whose answer timed out may still hold the block: when every
 * peer that can answer has been asked without a HAVE, such peers get the want-block directly.
 *
 * <p><b>Spreading want-blocks:</b> each peer has an allowance of outstanding want-blocks (its
 * window), starting at {@link BitswapConfig#initialWantsPerPeer}. A block goes to the holder with
 * the most free room relative to its window, ties to the lower average answer time. A block
 * delivered widens the deliverer's window by one (up to {@link BitswapConfig#maxWantsPerPeer}); a
 * want unanswered for {@link BitswapConfig#wantTimeout} halves it and the block goes to another
 * peer first. Peers that answer faster therefore free their room faster and hold wider windows:
 * they get more of the wants. When every peer lacks a block, or one block has been asked for {@link
 * BitswapConfig#maxAttempts} times, the fetch fails.
 */
final class FetchSession {

  /** CIDs examined in one dispatch without sending anything before it stops looking. */
  static final int MAX_SKIPPED_PER_DISPATCH = 4096;

  /** The world as the session sees it. */
  interface Port {
    /** The links of {@code cid} if it is already stored (and now protected), else empty. */
    Optional<List<Cid>> presentLinks(Cid cid);

    /** Sends one message to {@code peer}; wants carry send-dont-have. */
    void send(PeerId peer, Wants wants);

    void progress(FetchProgress progress);

    void completed(FetchResult result);

    void failed(FetchFailedException failure);
  }

  /** What one message to a peer carries: want-blocks, want-haves and cancels. */
  record Wants(List<Cid> blocks, List<Cid> haves, List<Cid> cancels) {
    Wants {
      blocks = List.copyOf(blocks);
      haves = List.copyOf(haves);
      cancels = List.copyOf(cancels);
    }
  }

  private static final class PeerState {
    final PeerId id;
    int window;
    int outstanding;
    int havesOutstanding;
    long averageNanos;
    long delivered;
    boolean gone;
    boolean noPresences;

    PeerState(PeerId id, int window) {
      this.id = id;
      this.window = window;
    }
  }

  /** Messages being assembled during one event, sent when it is handled. */
  private static final class Outgoing {
    final List<Cid> blocks = new ArrayList<>();
    final List<Cid> haves = new ArrayList<>();
    final List<Cid> cancels = new ArrayList<>();
  }

  private record Want(PeerState peer, long sentAtNanos) {}

  private final Cid root;
  private final BitswapConfig config;
  private final DagLimits limits;
  private final Port port;
  private final Clock clock;
  private final Map<PeerId, PeerState> peers = new LinkedHashMap<>();
  private final Deque<Cid> queue = new ArrayDeque<>();
  private final Map<Cid, Want> inFlight = new HashMap<>();
  private final Set<Cid> known = new HashSet<>();
  private final Set<Cid> done = new HashSet<>();
  private final Set<Cid> storing = new HashSet<>();

  /** Blocks waiting for want-have answers, with no holder known yet. */
  private final Set<Cid> discovering = new HashSet<>();

  /** Want-have answers awaited, per block: who was asked, when. */
  private final Map<Cid, Map<PeerState, Long>> awaiting = new HashMap<>();

  private final Map<Cid, Set<PeerId>> asked = new HashMap<>();
  private final Map<Cid, Set<PeerId>> holders = new HashMap<>();
  private final Map<Cid, Set<PeerId>> lacking = new HashMap<>();
  private final Map<Cid, Set<PeerId>> timedOut = new HashMap<>();
  private final Map<Cid, Integer> attempts = new HashMap<>();
  private final Map<PeerState, Outgoing> outbox = new LinkedHashMap<>();
  private long bytesFetched;
  private long blocksFetched;
  private boolean finished;

  FetchSession(
      Cid root,
      List<PeerId> sessionPeers,
      BitswapConfig config,
      DagLimits limits,
      Clock clock,
      Port port) {
    this.root = root;
    this.clock = clock;
    this.config = config;
    this.limits = limits;
    this.port = port;
    for (PeerId peer : sessionPeers) {
      peers.put(peer, new PeerState(peer, config.initialWantsPerPeer()));
    }
  }

  Cid root() {
    return root;
  }

  boolean isFinished() {
    return finished;
  }

  /** Whether this session still needs {@code cid} (not yet stored or being stored). */
  boolean needs(Cid cid) {
    return !finished && known.contains(cid) && !done.contains(cid) && !storing.contains(cid);
  }

  void start() {
    discover(List.of(root));
    dispatch();
  }

  /**
   * A block this session needs arrived and is about to be stored; no other copy will be accepted
   * meanwhile.
   */
  void blockArriving(Cid cid) {
    storing.add(cid);
    queue.remove(cid);
    discovering.remove(cid);
  }

  /** The block was stored (verified); {@code links} are its children. */
  void blockStored(PeerId from, Cid cid, int size, List<Cid> links) {
    if (finished) {
      return;
    }
    storing.remove(cid);
    if (!done.add(cid)) {
      return;
    }
    bytesFetched += size;
    blocksFetched++;
    Want want = inFlight.remove(cid);
    PeerState deliverer = peers.get(from);
    if (want != null) {
      want.peer.outstanding--;
      if (want.peer != deliverer) {
        outgoing(want.peer).cancels.add(cid);
      }
    }
    if (deliverer != null) {
      deliverer.delivered++;
      deliverer.window = Math.min(config.maxWantsPerPeer(), deliverer.window + 1);
      if (want != null && want.peer == deliverer) {
        long took = clock.monotonicNanos() - want.sentAtNanos;
        deliverer.averageNanos =
            deliverer.averageNanos == 0 ? took : (deliverer.averageNanos * 7 + took) / 8;
      }
    }
    forget(cid);
    if (!discover(links)) {
      return;
    }
    port.progress(progress());
    dispatch();
  }

  /** Storing a block failed (quota, disk): the fetch fails. */
  void storeFailed(Cid cid, RuntimeException failure) {
    fail("could not store " + cid + ": " + failure.getMessage());
  }

  /** {@code from} says it has {@code cid}: it becomes a holder, and gets the want-block if free. */
  void have(PeerId from, Cid cid) {
    PeerState peer = answering(from, cid);
    if (peer == null) {
      return;
    }
    holders.computeIfAbsent(cid, c -> new HashSet<>()).add(from);
    if (discovering.remove(cid)) {
      queue.addFirst(cid);
    }
    dispatch();
  }

  /** {@code from} lacks {@code cid}: it is not asked for that block again. */
  void dontHave(PeerId from, Cid cid) {
    PeerState peer = answering(from, cid);
    if (peer == null) {
      return;
    }
    lacking.computeIfAbsent(cid, c -> new HashSet<>()).add(from);
    Want want = inFlight.get(cid);
    if (want != null && want.peer == peer) {
      inFlight.remove(cid);
      peer.outstanding--;
      wantAgain(cid);
    }
    // Its ledger keeps a want it answered DONT_HAVE to (to tell us if the block arrives): drop it.
    outgoing(peer).cancels.add(cid);
    if (!awaiting.containsKey(cid) && discovering.remove(cid)) {
      queue.addFirst(cid);
    }
    dispatch();
  }

  /**
   * {@code peer} negotiated a Bitswap version without presences (1.0.0, 1.1.0): the want-haves sent
   * to it were dropped, and it will only get want-blocks.
   */
  void presencesUnsupported(PeerId peer) {
    PeerState state = peers.get(peer);
    if (finished || state == null || state.noPresences) {
      return;
    }
    state.noPresences = true;
    stopAwaiting(state, false);
    dispatch();
  }

  void peerGone(PeerId peer) {
    PeerState state = peers.get(peer);
    if (state == null || state.gone) {
      return;
    }
    state.gone = true;
    List<Cid> lost = new ArrayList<>();
    inFlight.forEach(
        (cid, want) -> {
          if (want.peer == state) {
            lost.add(cid);
          }
        });
    for (Cid cid : lost) {
      inFlight.remove(cid);
      wantAgain(cid);
    }
    state.outstanding = 0;
    stopAwaiting(state, false);
    outbox.remove(state);
    dispatch();
  }

  /** Gives timed-out wants to other peers. */
  void tick() {
    if (finished) {
      return;
    }
    long nowNanos = clock.monotonicNanos();
    long timeout = config.wantTimeout().toNanos();
    List<Cid> expired = new ArrayList<>();
    for (Map.Entry<Cid, Want> entry : inFlight.entrySet()) {
      if (nowNanos - entry.getValue().sentAtNanos >= timeout) {
        expired.add(entry.getKey());
      }
    }
    for (Cid cid : expired) {
      Want want = inFlight.remove(cid);
      want.peer.outstanding--;
      want.peer.window = Math.max(1, want.peer.window / 2);
      // Count the timeout as a slow answer, so that ties go to others, and ask another peer first.
      want.peer.averageNanos = Math.max(want.peer.averageNanos, timeout);
      timedOut.computeIfAbsent(cid, c -> new HashSet<>()).add(want.peer.id);
      outgoing(want.peer).cancels.add(cid);
      wantAgain(cid);
    }
    List<Cid> rounds = new ArrayList<>(awaiting.keySet());
    for (Cid cid : rounds) {
      Map<PeerState, Long> asking = awaiting.get(cid);
      for (Iterator<Map.Entry<PeerState, Long>> it = asking.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<PeerState, Long> entry = it.next();
        if (nowNanos - entry.getValue() >= timeout) {
          it.remove();
          entry.getKey().havesOutstanding--;
          timedOut.computeIfAbsent(cid, c -> new HashSet<>()).add(entry.getKey().id);
          outgoing(entry.getKey()).cancels.add(cid);
        }
      }
      roundMaybeOver(cid);
    }
    dispatch();
  }

  /** Stops the fetch: cancels everything still wanted. */
  void cancel(String reason) {
    fail(reason);
  }

  FetchProgress progress() {
    return new FetchProgress(done.size(), bytesFetched, known.size());
  }

  /** The peer answering a presence for {@code cid}, its want-have settled; null to ignore it. */
  private PeerState answering(PeerId from, Cid cid) {
    PeerState peer = peers.get(from);
    if (finished || peer == null || peer.gone || !known.contains(cid) || done.contains(cid)) {
      return null;
    }
    Map<PeerState, Long> asking = awaiting.get(cid);
    if (asking != null && asking.remove(peer) != null) {
      peer.havesOutstanding--;
      if (asking.isEmpty()) {
        awaiting.remove(cid);
      }
    }
    return peer;
  }

  /** Stops waiting for {@code peer}'s want-have answers (optionally cancelling them). */
  private void stopAwaiting(PeerState peer, boolean cancel) {
    for (Cid cid : new ArrayList<>(awaiting.keySet())) {
      if (awaiting.get(cid).remove(peer) != null && cancel) {
        outgoing(peer).cancels.add(cid);
      }
      roundMaybeOver(cid);
    }
    peer.havesOutstanding = 0;
  }

  /**
   * Queues a block whose want-block was given up (its peer went, timed out or lacks it), unless the
   * block has meanwhile arrived from elsewhere: one being stored needs no other want, and queued it
   * would be wanted again once stored, the answer dropped as unneeded, and the want never settled.
   */
  private void wantAgain(Cid cid) {
    if (!storing.contains(cid) && !done.contains(cid)) {
      queue.addFirst(cid);
    }
  }

  /** When nobody is left to answer for {@code cid}, a block waiting for answers is queued again. */
  private void roundMaybeOver(Cid cid) {
    Map<PeerState, Long> asking = awaiting.get(cid);
    if (asking != null && asking.isEmpty()) {
      awaiting.remove(cid);
    }
    if (asking == null || asking.isEmpty()) {
      if (discovering.remove(cid)) {
        queue.addFirst(cid);
      }
    }
  }

  /** Drops what the session knew about a block now stored; unanswered want-haves are cancelled. */
  private void forget(Cid cid) {
    Map<PeerState, Long> asking = awaiting.remove(cid);
    if (asking != null) {
      for (PeerState peer : asking.keySet()) {
        peer.havesOutstanding--;
        outgoing(peer).cancels.add(cid);
      }
    }
    discovering.remove(cid);
    asked.remove(cid);
    holders.remove(cid);
    lacking.remove(cid);
    timedOut.remove(cid);
    attempts.remove(cid);
  }

  /** Queues the blocks not yet known; follows present blocks' links at once. False if failed. */
  private boolean discover(List<Cid> cids) {
    Deque<Cid> pending = new ArrayDeque<>(cids);
    while (!pending.isEmpty()) {
      Cid cid = pending.poll();
      if (!known.add(cid)) {
        continue;
      }
      if (known.size() > limits.maxBlocks()) {
        fail("the DAG of " + root + " has more than " + limits.maxBlocks() + " blocks");
        return false;
      }
      Optional<List<Cid>> present = port.presentLinks(cid);
      if (present.isPresent()) {
        done.add(cid);
        pending.addAll(present.get());
      } else {
        queue.addLast(cid);
      }
    }
    return true;
  }

  private void dispatch() {
    if (finished) {
      return;
    }
    if (!queue.isEmpty() && peers.values().stream().allMatch(p -> p.gone)) {
      fail("no peer to fetch " + queue.peekFirst() + " from: every session peer is gone");
      return;
    }
    int skipped = 0;
    for (Iterator<Cid> it = queue.iterator(); it.hasNext() && anyRoom(); ) {
      Cid cid = it.next();
      List<PeerState> candidates = candidates(cid);
      if (candidates.isEmpty()) {
        Set<PeerId> lack = lacking.getOrDefault(cid, Set.of());
        fail(lack.isEmpty() ? "no peer to fetch " + cid + " from" : "no peer has " + cid);
        return;
      }
      Outcome outcome = place(cid, candidates);
      if (outcome == Outcome.FAILED) {
        return;
      }
      if (outcome == Outcome.WAIT) {
        if (++skipped > MAX_SKIPPED_PER_DISPATCH) {
          break;
        }
        continue;
      }
      it.remove();
      if (outcome == Outcome.ASKED) {
        discovering.add(cid);
      }
    }
    flush();
    if (queue.isEmpty() && inFlight.isEmpty() && storing.isEmpty() && discovering.isEmpty()) {
      finished = true;
      Map<PeerId, Long> byPeer = new LinkedHashMap<>();
      peers.values().forEach(p -> byPeer.put(p.id, p.delivered));
      port.completed(new FetchResult(root, done.size(), blocksFetched, bytesFetched, byPeer));
    }
  }

  private enum Outcome {
    /** A want-block went out. */
    WANTED,
    /** Want-haves went out, or are out: the block waits for their answers. */
    ASKED,
    /** Every suitable peer is busy: the block stays queued. */
    WAIT,
    /** The fetch failed. */
    FAILED
  }

  /** Decides what to send for a queued block (see the class comment). */
  private Outcome place(Cid cid, List<PeerState> candidates) {
    Set<PeerId> known = holders.getOrDefault(cid, Set.of());
    List<PeerState> holding = new ArrayList<>();
    for (PeerState peer : candidates) {
      if (known.contains(peer.id)) {
        holding.add(peer);
      }
    }
    if (!holding.isEmpty()) {
      return wantBlock(cid, holding);
    }
    Set<PeerId> askedBefore = asked.getOrDefault(cid, Set.of());
    List<PeerState> toAsk = new ArrayList<>();
    boolean anyToAsk = false;
    for (PeerState peer : candidates) {
      if (!peer.noPresences && !askedBefore.contains(peer.id)) {
        anyToAsk = true;
        if (peer.havesOutstanding < config.maxWantHavesPerPeer()) {
          toAsk.add(peer);
        }
      }
    }
    if (anyToAsk) {
      if (toAsk.isEmpty()) {
        return Outcome.WAIT;
      }
      long now = clock.monotonicNanos();
      Map<PeerState, Long> asking = awaiting.computeIfAbsent(cid, c -> new LinkedHashMap<>());
      Set<PeerId> askedNow = asked.computeIfAbsent(cid, c -> new HashSet<>());
      for (PeerState peer : toAsk) {
        outgoing(peer).haves.add(cid);
        peer.havesOutstanding++;
        asking.put(peer, now);
        askedNow.add(peer.id);
      }
      return Outcome.ASKED;
    }
    // Everyone who can answer was asked, and none has said HAVE: the rest (old protocol versions,
    // peers that did not answer in time) may still hold it.
    Map<PeerState, Long> asking = awaiting.getOrDefault(cid, Map.of());
    List<PeerState> blind = new ArrayList<>();
    for (PeerState peer : candidates) {
      if (!asking.containsKey(peer)) {
        blind.add(peer);
      }
    }
    if (blind.isEmpty()) {
      return Outcome.ASKED; // answers are still due
    }
    return wantBlock(cid, blind);
  }

  private Outcome wantBlock(Cid cid, List<PeerState> choices) {
    PeerState best = null;
    for (PeerState peer : choices) {
      if (peer.outstanding < peer.window && better(peer, best)) {
        best = peer;
      }
    }
    if (best == null) {
      return Outcome.WAIT;
    }
    int attempt = attempts.merge(cid, 1, Integer::sum);
    if (attempt > config.maxAttempts()) {
      fail("gave up on " + cid + " after " + config.maxAttempts() + " attempts");
      return Outcome.FAILED;
    }
    best.outstanding++;
    inFlight.put(cid, new Want(best, clock.monotonicNanos()));
    outgoing(best).blocks.add(cid);
    return Outcome.WANTED;
  }

  /**
   * Peers that may be asked for {@code cid}: not gone, not lacking it; peers that let it time out
   * only when no other peer is left.
   */
  private List<PeerState> candidates(Cid cid) {
    Set<PeerId> lack = lacking.getOrDefault(cid, Set.of());
    Set<PeerId> slow = timedOut.getOrDefault(cid, Set.of());
    List<PeerState> fresh = new ArrayList<>();
    List<PeerState> all = new ArrayList<>();
    for (PeerState peer : peers.values()) {
      if (peer.gone || lack.contains(peer.id)) {
        continue;
      }
      all.add(peer);
      if (!slow.contains(peer.id)) {
        fresh.add(peer);
      }
    }
    return fresh.isEmpty() ? all : fresh;
  }

  /** Whether some peer could take a want-block or a want-have now. */
  private boolean anyRoom() {
    for (PeerState peer : peers.values()) {
      if (!peer.gone
          && (peer.outstanding < peer.window
              || (!peer.noPresences && peer.havesOutstanding < config.maxWantHavesPerPeer()))) {
        return true;
      }
    }
    return false;
  }

  private static boolean better(PeerState candidate, PeerState best) {
    if (best == null) {
      return true;
    }
    // More free room relative to the window first (cross-multiplied to stay in integers).
    long candidateFree = (long) (candidate.window - candidate.outstanding) * best.window;
    long bestFree = (long) (best.window - best.outstanding) * candidate.window;
    if (candidateFree != bestFree) {
      return candidateFree > bestFree;
    }
    return candidate.averageNanos < best.averageNanos;
  }

  private Outgoing outgoing(PeerState peer) {
    return outbox.computeIfAbsent(peer, p -> new Outgoing());
  }

  private void flush() {
    if (outbox.isEmpty()) {
      return;
    }
    List<Map.Entry<PeerState, Outgoing>> messages = new ArrayList<>(outbox.entrySet());
    outbox.clear();
    for (Map.Entry<PeerState, Outgoing> message : messages) {
      Outgoing out = message.getValue();
      if (!message.getKey().gone) {
        port.send(message.getKey().id, new Wants(out.blocks, out.haves, out.cancels));
      }
    }
  }

  private void fail(String reason) {
    if (finished) {
      return;
    }
    finished = true;
    inFlight.forEach((cid, want) -> outgoing(want.peer).cancels.add(cid));
    awaiting.forEach((cid, asking) -> asking.keySet().forEach(p -> outgoing(p).cancels.add(cid)));
    inFlight.clear();
    awaiting.clear();
    queue.clear();
    discovering.clear();
    for (Outgoing out : outbox.values()) {
      // Nothing new goes out once failed; only the cancels.
      out.blocks.clear();
      out.haves.clear();
    }
    flush();
    port.failed(new FetchFailedException(reason));
  }
}
