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
 * <p>How wants are spread: every block still needed is queued; each peer has an allowance of
 * outstanding want-blocks (its window), starting at {@link BitswapConfig#initialWantsPerPeer}. A
 * queued block goes to the peer with the most free room relative to its window, ties to the peer
 * with the lower average answer time. A block delivered in time widens the deliverer's window by
 * one (up to {@link BitswapConfig#maxWantsPerPeer}); a want that times out halves it and the block
 * goes back to the queue for another peer. Peers that answer faster therefore free their room
 * faster and hold wider windows: they get more of the wants. A "don't have" moves the block to
 * another peer at once; when every peer of the session lacks a block, or one block has been asked
 * for {@link BitswapConfig#maxAttempts} times, the fetch fails.
 */
final class FetchSession {

  /** The world as the session sees it. */
  interface Port {
    /** The links of {@code cid} if it is already stored (and now protected), else empty. */
    Optional<List<Cid>> presentLinks(Cid cid);

    /** Sends want-block entries (with send-dont-have) to {@code peer}. */
    void want(PeerId peer, List<Cid> cids);

    /** Cancels earlier wants at {@code peer}. */
    void cancel(PeerId peer, List<Cid> cids);

    void progress(FetchProgress progress);

    void completed(FetchResult result);

    void failed(FetchFailedException failure);
  }

  private static final class PeerState {
    final PeerId id;
    int window;
    int outstanding;
    long averageNanos;
    long delivered;
    boolean gone;

    PeerState(PeerId id, int window) {
      this.id = id;
      this.window = window;
    }
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
  private final Map<Cid, Set<PeerId>> lacking = new HashMap<>();
  private final Map<Cid, Set<PeerId>> timedOut = new HashMap<>();
  private final Map<Cid, Integer> attempts = new HashMap<>();
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

  /** Whether this session still needs {@code cid} (queued or wanted, not yet stored). */
  boolean needs(Cid cid) {
    return !finished && known.contains(cid) && !done.contains(cid) && !storing.contains(cid);
  }

  void start() {
    discover(List.of(root));
    dispatch();
  }

  /**
   * A block this session needs arrived from {@code peer} and is about to be stored; no other copy
   * will be accepted meanwhile.
   */
  void blockArriving(Cid cid) {
    storing.add(cid);
    queue.remove(cid);
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
        port.cancel(want.peer.id, List.of(cid));
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

  void dontHave(PeerId from, Cid cid) {
    Want want = inFlight.get(cid);
    if (finished || want == null || !want.peer.id.equals(from)) {
      return;
    }
    inFlight.remove(cid);
    want.peer.outstanding--;
    lacking.computeIfAbsent(cid, c -> new HashSet<>()).add(from);
    queue.addFirst(cid);
    dispatch();
  }

  void peerGone(PeerId peer) {
    PeerState state = peers.get(peer);
    if (state == null || state.gone) {
      return;
    }
    state.gone = true;
    requeueFrom(state);
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
      port.cancel(want.peer.id, List.of(cid));
      queue.addFirst(cid);
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
    Map<PeerState, List<Cid>> batches = new LinkedHashMap<>();
    for (Iterator<Cid> it = queue.iterator(); it.hasNext(); ) {
      Cid cid = it.next();
      Set<PeerId> lack = lacking.getOrDefault(cid, Set.of());
      Set<PeerId> slow = timedOut.getOrDefault(cid, Set.of());
      PeerState best = null;
      boolean anyCandidate = false;
      boolean anyFresh = false;
      for (PeerState peer : peers.values()) {
        if (!peer.gone && !lack.contains(peer.id) && !slow.contains(peer.id)) {
          anyFresh = true;
        }
      }
      for (PeerState peer : peers.values()) {
        if (peer.gone || lack.contains(peer.id) || (anyFresh && slow.contains(peer.id))) {
          continue;
        }
        anyCandidate = true;
        if (peer.outstanding < peer.window && better(peer, best)) {
          best = peer;
        }
      }
      if (!anyCandidate) {
        fail(lack.isEmpty() ? "no peer to fetch " + cid + " from" : "no peer has " + cid);
        return;
      }
      if (best == null) {
        break; // every candidate is busy: wait for answers
      }
      int attempt = attempts.merge(cid, 1, Integer::sum);
      if (attempt > config.maxAttempts()) {
        fail("gave up on " + cid + " after " + config.maxAttempts() + " attempts");
        return;
      }
      it.remove();
      best.outstanding++;
      inFlight.put(cid, new Want(best, clock.monotonicNanos()));
      batches.computeIfAbsent(best, p -> new ArrayList<>()).add(cid);
    }
    batches.forEach((peer, cids) -> port.want(peer.id, cids));
    if (queue.isEmpty() && inFlight.isEmpty() && storing.isEmpty()) {
      finished = true;
      Map<PeerId, Long> byPeer = new LinkedHashMap<>();
      peers.values().forEach(p -> byPeer.put(p.id, p.delivered));
      port.completed(new FetchResult(root, done.size(), blocksFetched, bytesFetched, byPeer));
    }
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

  private void requeueFrom(PeerState peer) {
    List<Cid> lost = new ArrayList<>();
    inFlight.forEach(
        (cid, want) -> {
          if (want.peer == peer) {
            lost.add(cid);
          }
        });
    for (Cid cid : lost) {
      inFlight.remove(cid);
      queue.addFirst(cid);
    }
    peer.outstanding = 0;
  }

  private void fail(String reason) {
    if (finished) {
      return;
    }
    finished = true;
    Map<PeerState, List<Cid>> cancels = new LinkedHashMap<>();
    inFlight.forEach(
        (cid, want) -> cancels.computeIfAbsent(want.peer, p -> new ArrayList<>()).add(cid));
    inFlight.clear();
    queue.clear();
    cancels.forEach(
        (peer, cids) -> {
          if (!peer.gone) {
            port.cancel(peer.id, cids);
          }
        });
    port.failed(new FetchFailedException(reason));
  }
}
