package org.pinring.libp2p.pubsub;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pinring.libp2p.PeerId;

/**
 * Lazy gossip (gossipsub v1.0 "Control Messages", v1.1 "Spam Protection Measures"): IHAVE emission
 * at each heartbeat, answering IHAVE with IWANT within per-heartbeat limits, answering IWANT from
 * the message cache, and the promises that penalise a peer which advertised a message and did not
 * deliver it.
 */
final class GossipEmitter {

  private record Promise(PeerId peer, long deadlineNanos) {}

  private final RouterState state;
  private final GossipsubConfig config;
  private final Map<MessageId, Promise> promises = new LinkedHashMap<>();

  GossipEmitter(RouterState state) {
    this.state = state;
    this.config = state.config;
  }

  /** Heartbeat start: penalises broken promises and resets the per-heartbeat IHAVE counters. */
  void startHeartbeat(long now) {
    applyBrokenPromises(now);
    for (RouterState.PeerState peer : state.peers.values()) {
      peer.ihavesThisHeartbeat = 0;
      peer.idsAskedThisHeartbeat = 0;
    }
  }

  /** A message arrived (new or duplicate): whoever promised it is off the hook. */
  void messageArrived(MessageId id) {
    promises.remove(id);
  }

  /**
   * Adds IHAVEs of {@code topic}'s recent messages for D_lazy (or gossipFactor of the eligible)
   * random topic peers outside {@code exclude} and above the gossip threshold.
   */
  void emit(
      String topic,
      Set<PeerId> exclude,
      Map<PeerId, Double> scores,
      Map<PeerId, List<Rpc.IHave>> gossip) {
    List<MessageId> ids = state.mcache.gossipIds(topic);
    if (ids.isEmpty()) {
      return;
    }
    if (ids.size() > config.maxIHaveLength()) {
      state.env.random().shuffle(ids);
      ids = ids.subList(0, config.maxIHaveLength());
    }
    List<PeerId> eligible = new ArrayList<>();
    for (PeerId p : state.subscribers(topic)) {
      // Direct peers get every message already: no gossip to them (as go and js).
      if (!exclude.contains(p)
          && !state.isDirect(p)
          && state.peers.get(p).protocol.isGossipsub()
          && scores.get(p) >= config.scoreThresholds().gossipThreshold()) {
        eligible.add(p);
      }
    }
    int target = Math.max(config.dLazy(), (int) (config.gossipFactor() * eligible.size()));
    state.env.random().shuffle(eligible);
    Rpc.IHave ihave = new Rpc.IHave(topic, ids);
    for (PeerId p : eligible.subList(0, Math.min(target, eligible.size()))) {
      gossip.computeIfAbsent(p, k -> new ArrayList<>()).add(ihave);
    }
  }

  /** The ids to ask {@code from} for in answer to its IHAVEs. */
  List<MessageId> handleIHave(PeerId from, RouterState.PeerState peer, List<Rpc.IHave> ihaves) {
    if (ihaves.isEmpty() || state.score(from) < config.scoreThresholds().gossipThreshold()) {
      return List.of();
    }
    // v1.1 "Spam Protection Measures": bounded IHAVEs and requested ids per heartbeat.
    peer.ihavesThisHeartbeat++;
    if (peer.ihavesThisHeartbeat > config.maxIHaveMessages()
        || peer.idsAskedThisHeartbeat >= config.maxIHaveLength()) {
      return List.of();
    }
    List<MessageId> wanted = new ArrayList<>();
    Set<MessageId> unique = new HashSet<>();
    for (Rpc.IHave ihave : ihaves) {
      if (!state.mesh.containsKey(ihave.topic())) {
        continue;
      }
      for (MessageId id : ihave.messageIds()) {
        if (!state.seen.contains(id) && unique.add(id)) {
          wanted.add(id);
        }
      }
    }
    if (wanted.isEmpty()) {
      return List.of();
    }
    int budget = config.maxIHaveLength() - peer.idsAskedThisHeartbeat;
    state.env.random().shuffle(wanted);
    if (wanted.size() > budget) {
      wanted = new ArrayList<>(wanted.subList(0, budget));
    }
    peer.idsAskedThisHeartbeat += wanted.size();
    // Track one promise per IWANT, as go-libp2p and js-libp2p do: if that message does not come in
    // time the peer is penalised (P7).
    MessageId tracked = wanted.get(state.env.random().nextInt(wanted.size()));
    promises.putIfAbsent(
        tracked, new Promise(from, state.now() + config.iwantFollowupTime().toNanos()));
    return wanted;
  }

  /** The cached messages {@code from} asked for, each sent to it at most gossipRetransmission. */
  List<RawMessage> handleIWant(PeerId from, List<Rpc.IWant> iwants) {
    if (iwants.isEmpty() || state.score(from) < config.scoreThresholds().gossipThreshold()) {
      return List.of();
    }
    List<RawMessage> answers = new ArrayList<>();
    for (Rpc.IWant iwant : iwants) {
      for (MessageId id : iwant.messageIds()) {
        RawMessage message = state.mcache.getForPeer(id, from, config.gossipRetransmission());
        if (message != null) {
          answers.add(message);
        }
      }
    }
    return answers;
  }

  private void applyBrokenPromises(long now) {
    for (Iterator<Map.Entry<MessageId, Promise>> it = promises.entrySet().iterator();
        it.hasNext(); ) {
      Promise promise = it.next().getValue();
      if (promise.deadlineNanos() - now > 0) {
        continue;
      }
      it.remove();
      if (state.peers.containsKey(promise.peer())) {
        state.score.addPenalty(promise.peer(), 1);
      }
    }
  }
}
