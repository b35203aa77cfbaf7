package org.pinring.libp2p.pubsub;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pinring.libp2p.PeerId;

/**
 * Peer scoring of gossipsub v1.1 ("Peer Scoring"): counters per peer and topic for P1 (time in
 * mesh), P2 (first deliveries), P3 (mesh delivery deficit), P3b (mesh failure penalty), P4 (invalid
 * messages), plus P5 (application), P6 (IP colocation) and P7 (behaviour penalty), decayed every
 * decay interval. Pure state driven by the router with explicit times; not thread-safe.
 */
final class PeerScore {

  /** Delivery records are kept this long, as js-libp2p and go-libp2p do (2 minutes). */
  private static final long DELIVERY_RECORD_TTL_NANOS = 120_000_000_000L;

  private enum DeliveryStatus {
    UNKNOWN,
    VALID,
    INVALID,
    IGNORED
  }

  private static final class DeliveryRecord {
    final long expiresNanos;
    DeliveryStatus status = DeliveryStatus.UNKNOWN;
    long validatedNanos;
    final Set<PeerId> peers = new HashSet<>();

    DeliveryRecord(long expiresNanos) {
      this.expiresNanos = expiresNanos;
    }
  }

  private static final class TopicStats {
    boolean inMesh;
    long graftNanos;
    long meshNanos;
    boolean meshMessageDeliveriesActive;
    double firstMessageDeliveries;
    double meshMessageDeliveries;
    double meshFailurePenalty;
    double invalidMessageDeliveries;
  }

  private static final class PeerStats {
    boolean connected = true;
    long expireNanos;
    final Map<String, TopicStats> topics = new HashMap<>();
    List<String> ips = List.of();
    double behaviourPenalty;
  }

  private final PeerScoreParams params;
  private final Map<PeerId, PeerStats> peers = new HashMap<>();
  private final Map<String, Set<PeerId>> peersByIp = new HashMap<>();
  private final LinkedHashMap<MessageId, DeliveryRecord> deliveries = new LinkedHashMap<>();

  PeerScore(PeerScoreParams params) {
    this.params = params;
  }

  void addPeer(PeerId peer, List<String> ips) {
    PeerStats stats = peers.computeIfAbsent(peer, p -> new PeerStats());
    stats.connected = true;
    setIps(peer, stats, ips);
  }

  void removePeer(PeerId peer, long nowNanos) {
    PeerStats stats = peers.get(peer);
    if (stats == null) {
      return;
    }
    // Positive scores are not retained: there is nothing to protect against (v1.1 "retainScore").
    if (score(peer, nowNanos) > 0) {
      setIps(peer, stats, List.of());
      peers.remove(peer);
      return;
    }
    for (Map.Entry<String, TopicStats> e : stats.topics.entrySet()) {
      applyMeshFailure(e.getKey(), e.getValue());
      e.getValue().inMesh = false;
      e.getValue().meshMessageDeliveriesActive = false;
    }
    stats.connected = false;
    stats.expireNanos = nowNanos + params.retainScore().toNanos();
  }

  void graft(PeerId peer, String topic, long nowNanos) {
    TopicStats ts = topicStats(peer, topic);
    if (ts == null) {
      return;
    }
    ts.inMesh = true;
    ts.graftNanos = nowNanos;
    ts.meshNanos = 0;
    ts.meshMessageDeliveriesActive = false;
  }

  void prune(PeerId peer, String topic) {
    TopicStats ts = topicStats(peer, topic);
    if (ts == null) {
      return;
    }
    applyMeshFailure(topic, ts);
    // Out of the mesh, the deficit no longer counts as P3; P3b carries it (v1.1 "P3b").
    ts.inMesh = false;
    ts.meshMessageDeliveriesActive = false;
  }

  /** A message was seen for the first time and goes to validation. */
  void validateMessage(MessageId id, long nowNanos) {
    deliveries.putIfAbsent(id, new DeliveryRecord(nowNanos + DELIVERY_RECORD_TTL_NANOS));
  }

  /** The message first received from {@code from} was accepted. */
  void deliverMessage(PeerId from, MessageId id, String topic, long nowNanos) {
    markFirstDelivery(from, topic);
    DeliveryRecord record = deliveries.get(id);
    if (record == null || record.status != DeliveryStatus.UNKNOWN) {
      return;
    }
    record.status = DeliveryStatus.VALID;
    record.validatedNanos = nowNanos;
    for (PeerId peer : record.peers) {
      if (!peer.equals(from)) {
        markDuplicateDelivery(peer, topic, record.validatedNanos, nowNanos);
      }
    }
  }

  /**
   * A message from {@code from} was rejected. With {@code id} null (it failed before an id could be
   * computed, e.g. a bad signature) only the sender is penalised; otherwise every peer that sent it
   * during validation is, and the record remembers the verdict for later copies.
   */
  void rejectMessage(PeerId from, MessageId id, String topic) {
    markInvalid(from, topic);
    if (id == null) {
      return;
    }
    DeliveryRecord record = deliveries.get(id);
    if (record == null || record.status != DeliveryStatus.UNKNOWN) {
      return;
    }
    record.status = DeliveryStatus.INVALID;
    for (PeerId peer : record.peers) {
      markInvalid(peer, topic);
    }
  }

  /** Validation returned IGNORE: nobody is rewarded or penalised. */
  void ignoreMessage(MessageId id) {
    DeliveryRecord record = deliveries.get(id);
    if (record != null && record.status == DeliveryStatus.UNKNOWN) {
      record.status = DeliveryStatus.IGNORED;
    }
  }

  /** {@code from} sent a message already seen. */
  void duplicateMessage(PeerId from, MessageId id, String topic, long nowNanos) {
    DeliveryRecord record = deliveries.get(id);
    if (record == null || !record.peers.add(from)) {
      return;
    }
    switch (record.status) {
      case VALID -> markDuplicateDelivery(from, topic, record.validatedNanos, nowNanos);
      case INVALID -> markInvalid(from, topic);
      default -> {}
    }
  }

  /** Adds to P7 (broken promises, GRAFT during backoff, ...). */
  void addPenalty(PeerId peer, double count) {
    PeerStats stats = peers.get(peer);
    if (stats != null) {
      stats.behaviourPenalty += count;
    }
  }

  double score(PeerId peer, long nowNanos) {
    PeerStats stats = peers.get(peer);
    if (stats == null) {
      return 0;
    }
    double score = 0;
    for (Map.Entry<String, TopicStats> e : stats.topics.entrySet()) {
      TopicScoreParams tp = params.topics().get(e.getKey());
      score += topicScore(tp, e.getValue(), nowNanos) * tp.topicWeight();
    }
    if (params.topicScoreCap() > 0 && score > params.topicScoreCap()) {
      score = params.topicScoreCap();
    }
    score += params.appSpecificScore().applyAsDouble(peer) * params.appSpecificWeight();
    for (String ip : stats.ips) {
      if (params.ipColocationFactorWhitelist().contains(ip)) {
        continue;
      }
      int sharing = peersByIp.getOrDefault(ip, Set.of()).size();
      if (sharing > params.ipColocationFactorThreshold()) {
        double surplus = sharing - params.ipColocationFactorThreshold();
        score += surplus * surplus * params.ipColocationFactorWeight();
      }
    }
    if (stats.behaviourPenalty > params.behaviourPenaltyThreshold()) {
      double excess = stats.behaviourPenalty - params.behaviourPenaltyThreshold();
      score += excess * excess * params.behaviourPenaltyWeight();
    }
    return score;
  }

  /**
   * Decays counters and updates times in mesh; call every {@link PeerScoreParams#decayInterval}.
   */
  void refresh(long nowNanos) {
    for (Iterator<Map.Entry<PeerId, PeerStats>> it = peers.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<PeerId, PeerStats> entry = it.next();
      PeerStats stats = entry.getValue();
      if (!stats.connected) {
        if (nowNanos - stats.expireNanos >= 0) {
          setIps(entry.getKey(), stats, List.of());
          it.remove();
        }
        // Retained scores do not decay: the peer is gone, its penalties wait for it.
        continue;
      }
      for (Map.Entry<String, TopicStats> e : stats.topics.entrySet()) {
        decayTopic(params.topics().get(e.getKey()), e.getValue(), nowNanos);
      }
      stats.behaviourPenalty = decay(stats.behaviourPenalty, params.behaviourPenaltyDecay());
    }
    for (Iterator<DeliveryRecord> it = deliveries.values().iterator(); it.hasNext(); ) {
      if (it.next().expiresNanos - nowNanos > 0) {
        break;
      }
      it.remove();
    }
  }

  private void decayTopic(TopicScoreParams tp, TopicStats ts, long nowNanos) {
    ts.firstMessageDeliveries = decay(ts.firstMessageDeliveries, tp.firstMessageDeliveriesDecay());
    ts.meshMessageDeliveries = decay(ts.meshMessageDeliveries, tp.meshMessageDeliveriesDecay());
    ts.meshFailurePenalty = decay(ts.meshFailurePenalty, tp.meshFailurePenaltyDecay());
    ts.invalidMessageDeliveries =
        decay(ts.invalidMessageDeliveries, tp.invalidMessageDeliveriesDecay());
    if (ts.inMesh) {
      ts.meshNanos = nowNanos - ts.graftNanos;
      if (ts.meshNanos > tp.meshMessageDeliveriesActivation().toNanos()) {
        ts.meshMessageDeliveriesActive = true;
      }
    }
  }

  private double decay(double value, double factor) {
    double decayed = value * factor;
    return decayed < params.decayToZero() ? 0 : decayed;
  }

  private static double topicScore(TopicScoreParams tp, TopicStats ts, long nowNanos) {
    double score = 0;
    if (ts.inMesh) {
      double quanta = (double) (nowNanos - ts.graftNanos) / tp.timeInMeshQuantum().toNanos();
      score += Math.min(quanta, tp.timeInMeshCap()) * tp.timeInMeshWeight();
    }
    score += ts.firstMessageDeliveries * tp.firstMessageDeliveriesWeight();
    if (ts.meshMessageDeliveriesActive
        && ts.meshMessageDeliveries < tp.meshMessageDeliveriesThreshold()) {
      double deficit = tp.meshMessageDeliveriesThreshold() - ts.meshMessageDeliveries;
      score += deficit * deficit * tp.meshMessageDeliveriesWeight();
    }
    score += ts.meshFailurePenalty * tp.meshFailurePenaltyWeight();
    score +=
        ts.invalidMessageDeliveries
            * ts.invalidMessageDeliveries
            * tp.invalidMessageDeliveriesWeight();
    return score;
  }

  private void applyMeshFailure(String topic, TopicStats ts) {
    TopicScoreParams tp = params.topics().get(topic);
    if (ts.inMesh
        && ts.meshMessageDeliveriesActive
        && ts.meshMessageDeliveries < tp.meshMessageDeliveriesThreshold()) {
      double deficit = tp.meshMessageDeliveriesThreshold() - ts.meshMessageDeliveries;
      ts.meshFailurePenalty += deficit * deficit;
    }
  }

  private void markFirstDelivery(PeerId peer, String topic) {
    TopicStats ts = topicStats(peer, topic);
    if (ts == null) {
      return;
    }
    TopicScoreParams tp = params.topics().get(topic);
    ts.firstMessageDeliveries =
        Math.min(ts.firstMessageDeliveries + 1, tp.firstMessageDeliveriesCap());
    if (ts.inMesh) {
      ts.meshMessageDeliveries =
          Math.min(ts.meshMessageDeliveries + 1, tp.meshMessageDeliveriesCap());
    }
  }

  private void markDuplicateDelivery(
      PeerId peer, String topic, long validatedNanos, long nowNanos) {
    TopicStats ts = topicStats(peer, topic);
    if (ts == null || !ts.inMesh) {
      return;
    }
    TopicScoreParams tp = params.topics().get(topic);
    // Only near-first copies count (within the delivery window after validation).
    if (validatedNanos != 0
        && nowNanos - validatedNanos > tp.meshMessageDeliveriesWindow().toNanos()) {
      return;
    }
    ts.meshMessageDeliveries =
        Math.min(ts.meshMessageDeliveries + 1, tp.meshMessageDeliveriesCap());
  }

  private void markInvalid(PeerId peer, String topic) {
    TopicStats ts = topicStats(peer, topic);
    if (ts != null) {
      ts.invalidMessageDeliveries += 1;
    }
  }

  /** The peer's counters for {@code topic}, or null if the topic is not scored. */
  private TopicStats topicStats(PeerId peer, String topic) {
    PeerStats stats = peers.get(peer);
    if (stats == null || !params.topics().containsKey(topic)) {
      return null;
    }
    return stats.topics.computeIfAbsent(topic, t -> new TopicStats());
  }

  private void setIps(PeerId peer, PeerStats stats, List<String> ips) {
    for (String ip : stats.ips) {
      Set<PeerId> sharing = peersByIp.get(ip);
      if (sharing != null) {
        sharing.remove(peer);
        if (sharing.isEmpty()) {
          peersByIp.remove(ip);
        }
      }
    }
    stats.ips = List.copyOf(ips);
    for (String ip : stats.ips) {
      peersByIp.computeIfAbsent(ip, k -> new HashSet<>()).add(peer);
    }
  }
}
