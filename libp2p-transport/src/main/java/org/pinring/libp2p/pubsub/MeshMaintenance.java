package org.pinring.libp2p.pubsub;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pinring.libp2p.PeerId;

/**
 * The mesh of each joined topic: joining and leaving (gossipsub v1.0 "Topic Membership") and the
 * heartbeat's mesh maintenance (v1.0 "Heartbeat", v1.1 D_score, D_out and opportunistic grafting).
 */
final class MeshMaintenance {

  private final RouterState state;
  private final PeerExchange exchange;
  private final GossipsubConfig config;

  MeshMaintenance(RouterState state, PeerExchange exchange) {
    this.state = state;
    this.exchange = exchange;
    this.config = state.config;
  }

  /** Joins {@code topic}: start from fanout peers, fill up to D, GRAFT them. */
  void join(String topic) {
    Set<PeerId> members = new LinkedHashSet<>();
    Set<PeerId> fromFanout = state.fanout.remove(topic);
    state.fanoutLastPublished.remove(topic);
    if (fromFanout != null) {
      for (PeerId peer : fromFanout) {
        if (state.score(peer) >= 0 && !state.inBackoff(topic, peer)) {
          members.add(peer);
        }
      }
    }
    if (members.size() < config.d()) {
      members.addAll(
          state.pick(
              topic,
              config.d() - members.size(),
              peer ->
                  !members.contains(peer)
                      && !state.inBackoff(topic, peer)
                      && state.score(peer) >= 0));
    }
    state.mesh.put(topic, members);
    for (PeerId peer : members) {
      state.graftPeer(peer, topic);
      state.output.send(peer, Rpc.ofControl(exchange.graftControl(topic)));
    }
  }

  /** Leaves {@code topic}: PRUNE the mesh with the unsubscribe backoff. */
  void leave(String topic) {
    Set<PeerId> members = state.mesh.remove(topic);
    if (members == null) {
      return;
    }
    for (PeerId peer : members) {
      state.score.prune(peer, topic);
      state.output.event(new PubsubEvent.Pruned(peer, topic));
      state.addBackoff(topic, peer, config.unsubscribeBackoff().toNanos());
      state.output.send(
          peer,
          Rpc.ofControl(
              exchange.pruneControl(peer, topic, config.unsubscribeBackoff().toSeconds(), false)));
    }
  }

  /** One heartbeat's maintenance of the mesh of {@code topic}. */
  void maintain(
      String topic,
      Set<PeerId> members,
      Map<PeerId, Double> scores,
      long heartbeats,
      Map<PeerId, List<String>> toGraft,
      Map<PeerId, List<String>> toPrune) {
    for (Iterator<PeerId> it = members.iterator(); it.hasNext(); ) {
      PeerId peer = it.next();
      if (scores.getOrDefault(peer, 0.0) < 0) {
        it.remove();
        state.prunePeer(peer, topic, toPrune);
      }
    }
    if (members.size() < config.dLo()) {
      for (PeerId peer :
          state.pick(
              topic,
              config.d() - members.size(),
              p -> !members.contains(p) && !state.inBackoff(topic, p) && scores.get(p) >= 0)) {
        graft(topic, members, peer, toGraft);
      }
    }
    if (members.size() > config.dHi()) {
      shrink(topic, members, scores, toPrune);
    }
    if (members.size() >= config.dLo()) {
      long outbound = members.stream().filter(p -> state.peers.get(p).outbound).count();
      if (outbound < config.dOut()) {
        for (PeerId peer :
            state.pick(
                topic,
                (int) (config.dOut() - outbound),
                p ->
                    !members.contains(p)
                        && state.peers.get(p).outbound
                        && !state.inBackoff(topic, p)
                        && scores.get(p) >= 0)) {
          graft(topic, members, peer, toGraft);
        }
      }
    }
    if (heartbeats % config.opportunisticGraftTicks() == 0 && members.size() > 1) {
      opportunisticGraft(topic, members, scores, toGraft);
    }
  }

  private void graft(
      String topic, Set<PeerId> members, PeerId peer, Map<PeerId, List<String>> toGraft) {
    members.add(peer);
    state.graftPeer(peer, topic);
    toGraft.computeIfAbsent(peer, p -> new ArrayList<>()).add(topic);
  }

  /** v1.0/v1.1: keep D_score best-scoring peers, fill to D at random, keep D_out outbound. */
  private void shrink(
      String topic,
      Set<PeerId> members,
      Map<PeerId, Double> scores,
      Map<PeerId, List<String>> toPrune) {
    List<PeerId> ordered = new ArrayList<>(members);
    state.env.random().shuffle(ordered);
    ordered.sort(Comparator.comparingDouble((PeerId p) -> scores.get(p)).reversed());
    List<PeerId> rest = new ArrayList<>(ordered.subList(config.dScore(), ordered.size()));
    state.env.random().shuffle(rest);
    List<PeerId> keep = new ArrayList<>(ordered.subList(0, config.dScore()));
    keep.addAll(rest.subList(0, config.d() - config.dScore()));
    long outbound = keep.stream().filter(p -> state.peers.get(p).outbound).count();
    if (outbound < config.dOut()) {
      List<PeerId> spareOutbound = new ArrayList<>();
      for (PeerId p : rest.subList(config.d() - config.dScore(), rest.size())) {
        if (state.peers.get(p).outbound) {
          spareOutbound.add(p);
        }
      }
      for (int i = keep.size() - 1; i >= config.dScore() && outbound < config.dOut(); i--) {
        if (!state.peers.get(keep.get(i)).outbound && !spareOutbound.isEmpty()) {
          keep.set(i, spareOutbound.remove(spareOutbound.size() - 1));
          outbound++;
        }
      }
    }
    Set<PeerId> kept = new HashSet<>(keep);
    for (Iterator<PeerId> it = members.iterator(); it.hasNext(); ) {
      PeerId peer = it.next();
      if (!kept.contains(peer)) {
        it.remove();
        state.prunePeer(peer, topic, toPrune);
      }
    }
  }

  /** v1.1 "Opportunistic Grafting": lift a mesh whose median score is poor. */
  private void opportunisticGraft(
      String topic,
      Set<PeerId> members,
      Map<PeerId, Double> scores,
      Map<PeerId, List<String>> toGraft) {
    List<Double> memberScores = new ArrayList<>();
    for (PeerId p : members) {
      memberScores.add(scores.get(p));
    }
    memberScores.sort(null);
    double median = memberScores.get(memberScores.size() / 2);
    if (median >= config.scoreThresholds().opportunisticGraftThreshold()) {
      return;
    }
    for (PeerId peer :
        state.pick(
            topic,
            config.opportunisticGraftPeers(),
            p -> !members.contains(p) && !state.inBackoff(topic, p) && scores.get(p) > median)) {
      graft(topic, members, peer, toGraft);
    }
  }
}
