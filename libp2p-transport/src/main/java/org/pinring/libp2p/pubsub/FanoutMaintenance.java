package org.pinring.libp2p.pubsub;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.pinring.libp2p.PeerId;

/**
 * Fanout (gossipsub v1.0 "Fanout"): the peers we publish to on topics we have not joined, kept for
 * {@code fanoutTtl} after the last publication and refilled to D at each heartbeat.
 */
final class FanoutMaintenance {

  private final RouterState state;
  private final GossipsubConfig config;

  FanoutMaintenance(RouterState state) {
    this.state = state;
    this.config = state.config;
  }

  /** The fanout peers of {@code topic}, chosen now if there are none; marks a publication. */
  Set<PeerId> publishTargets(String topic) {
    double threshold = config.scoreThresholds().publishThreshold();
    Set<PeerId> fanoutPeers =
        state.fanout.computeIfAbsent(
            topic,
            t ->
                new LinkedHashSet<>(
                    state.pick(t, config.d(), peer -> state.score(peer) >= threshold)));
    state.fanoutLastPublished.put(topic, state.now());
    return fanoutPeers;
  }

  /**
   * One heartbeat: forgets topics not published to within the TTL, drops peers that left the topic
   * or fell below the publish threshold, refills to D, then hands each fanout to {@code gossip}.
   */
  void maintain(long now, Map<PeerId, Double> scores, BiConsumer<String, Set<PeerId>> gossip) {
    for (Iterator<Map.Entry<String, Long>> it = state.fanoutLastPublished.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<String, Long> e = it.next();
      if (now - e.getValue() > config.fanoutTtl().toNanos()) {
        state.fanout.remove(e.getKey());
        it.remove();
      }
    }
    double threshold = config.scoreThresholds().publishThreshold();
    for (Map.Entry<String, Set<PeerId>> e : state.fanout.entrySet()) {
      String topic = e.getKey();
      Set<PeerId> members = e.getValue();
      Set<PeerId> subscribers = state.subscribers(topic);
      members.removeIf(p -> !subscribers.contains(p) || scores.get(p) < threshold);
      if (members.size() < config.d()) {
        members.addAll(
            state.pick(
                topic,
                config.d() - members.size(),
                p -> !members.contains(p) && scores.get(p) >= threshold));
      }
      gossip.accept(topic, members);
    }
  }
}
