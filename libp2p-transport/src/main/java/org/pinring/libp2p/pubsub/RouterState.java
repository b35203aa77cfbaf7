package org.pinring.libp2p.pubsub;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.pinring.libp2p.PeerId;
import org.pinring.runtime.Environment;

/**
 * The state the parts of a {@link GossipRouter} share: connected peers and their topics, our
 * subscriptions, mesh, fanout and backoff, with the small helpers every part uses. No behaviour of
 * its own beyond keeping these consistent; see {@link MeshMaintenance}, {@link FanoutMaintenance},
 * {@link GossipEmitter}, {@link ControlHandler} and {@link MessagePipeline}.
 *
 * <p>Threading: used only on the router's scheduler.
 */
final class RouterState {

  /** What the router knows about a connected peer. */
  static final class PeerState {
    final PubsubProtocol protocol;
    final boolean outbound;
    final Set<String> topics = new HashSet<>();
    int ihavesThisHeartbeat;
    int idsAskedThisHeartbeat;

    PeerState(PubsubProtocol protocol, boolean outbound) {
      this.protocol = protocol;
      this.outbound = outbound;
    }
  }

  final PeerId self;
  final GossipsubConfig config;
  final Environment env;
  final RouterOutput output;
  final PeerScore score;
  final MessageCache mcache;
  final SeenCache seen;
  final Map<PeerId, PeerState> peers = new LinkedHashMap<>();
  final Map<String, Set<PeerId>> topicPeers = new HashMap<>();
  final Map<String, MessageHandler> subscriptions = new LinkedHashMap<>();
  final Map<String, Set<PeerId>> mesh = new HashMap<>();
  final Map<String, Set<PeerId>> fanout = new HashMap<>();
  final Map<String, Long> fanoutLastPublished = new HashMap<>();
  private final Map<String, Map<PeerId, Long>> backoff = new HashMap<>();

  RouterState(PeerId self, GossipsubConfig config, Environment env, RouterOutput output) {
    this.self = self;
    this.config = config;
    this.env = env;
    this.output = output;
    this.score = new PeerScore(config.scoreParams());
    this.mcache = new MessageCache(config.mcacheLength(), config.mcacheGossip());
    this.seen = new SeenCache(config.seenTtl().toNanos(), config.maxSeenMessages());
  }

  long now() {
    return env.clock().monotonicNanos();
  }

  double score(PeerId peer) {
    return score.score(peer, now());
  }

  Set<PeerId> subscribers(String topic) {
    return topicPeers.getOrDefault(topic, Set.of());
  }

  /** True if {@code peer} is a direct peer (v1.1 "Explicit Peering Agreements"). */
  boolean isDirect(PeerId peer) {
    return config.isDirect(peer);
  }

  /** Direct peers subscribed to {@code topic}. */
  List<PeerId> directSubscribers(String topic) {
    List<PeerId> direct = new ArrayList<>();
    if (!config.directPeers().isEmpty()) {
      for (PeerId peer : subscribers(topic)) {
        if (isDirect(peer)) {
          direct.add(peer);
        }
      }
    }
    return direct;
  }

  /**
   * Up to {@code count} random gossipsub peers of {@code topic} that {@code filter} accepts, never
   * a direct peer: direct peers live outside meshes and fanout, and an explicit peering agreement
   * is not offered to others in peer exchange.
   */
  List<PeerId> pick(String topic, int count, Predicate<PeerId> filter) {
    if (count <= 0) {
      return List.of();
    }
    List<PeerId> candidates = new ArrayList<>();
    for (PeerId peer : subscribers(topic)) {
      if (peers.get(peer).protocol.isGossipsub() && !isDirect(peer) && filter.test(peer)) {
        candidates.add(peer);
      }
    }
    env.random().shuffle(candidates);
    return candidates.size() <= count ? candidates : new ArrayList<>(candidates.subList(0, count));
  }

  // ---- mesh membership events ----

  void graftPeer(PeerId peer, String topic) {
    score.graft(peer, topic, now());
    output.event(new PubsubEvent.Grafted(peer, topic));
  }

  /** Removes {@code peer} from the mesh of {@code topic} with backoff; queues a PRUNE for it. */
  void prunePeer(PeerId peer, String topic, Map<PeerId, List<String>> toPrune) {
    score.prune(peer, topic);
    addBackoff(topic, peer, config.pruneBackoff().toNanos());
    output.event(new PubsubEvent.Pruned(peer, topic));
    toPrune.computeIfAbsent(peer, p -> new ArrayList<>()).add(topic);
  }

  /** {@code peer} left the mesh of {@code topic} on its own (PRUNE, unsubscribe, disconnect). */
  void leftMesh(PeerId peer, String topic) {
    Set<PeerId> members = mesh.get(topic);
    if (members != null && members.remove(peer)) {
      score.prune(peer, topic);
      output.event(new PubsubEvent.Pruned(peer, topic));
    }
  }

  // ---- backoff (gossipsub v1.1 "PRUNE Backoff and Peer Exchange") ----

  boolean inBackoff(String topic, PeerId peer) {
    Long until = backoff.getOrDefault(topic, Map.of()).get(peer);
    return until != null && until - now() > 0;
  }

  /** When the backoff of {@code peer} on {@code topic} ends, or {@link Long#MIN_VALUE} if none. */
  long backoffUntil(String topic, PeerId peer) {
    return backoff.getOrDefault(topic, Map.of()).getOrDefault(peer, Long.MIN_VALUE);
  }

  void addBackoff(String topic, PeerId peer, long nanos) {
    long until = now() + nanos;
    backoff.computeIfAbsent(topic, t -> new HashMap<>()).merge(peer, until, Math::max);
  }

  void expireBackoff(long now) {
    for (Iterator<Map<PeerId, Long>> it = backoff.values().iterator(); it.hasNext(); ) {
      Map<PeerId, Long> entries = it.next();
      // One heartbeat of slack, as go-libp2p and js-libp2p: a GRAFT racing the expiry is not
      // penalised.
      entries.values().removeIf(until -> until + config.heartbeatInterval().toNanos() - now < 0);
      if (entries.isEmpty()) {
        it.remove();
      }
    }
  }

  static void removeFromSet(Map<String, Set<PeerId>> map, String topic, PeerId peer) {
    Set<PeerId> set = map.get(topic);
    if (set != null) {
      set.remove(peer);
      if (set.isEmpty()) {
        map.remove(topic);
      }
    }
  }
}
