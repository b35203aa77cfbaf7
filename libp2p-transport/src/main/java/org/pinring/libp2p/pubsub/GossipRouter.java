package org.pinring.libp2p.pubsub;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.crypto.PrivateKey;
import org.pinring.runtime.Cancellable;
import org.pinring.runtime.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gossipsub v1.1 router as a plain state machine: RPCs, peer changes, publications and timer
 * ticks in; RPCs to send, deliveries and events out. It knows nothing of streams or Netty, owns no
 * thread, and reads time only from its {@link Environment}, so tests and the testbed drive it in
 * simulated time.
 *
 * <p>This class is the router's entry point and conductor: it tracks peers and subscriptions,
 * dispatches received RPCs and runs the heartbeat. The behaviours live in their own classes over a
 * shared {@link RouterState}: {@link MessagePipeline} (publish, validate, deliver, forward), {@link
 * ControlHandler} (GRAFT, PRUNE, IHAVE, IWANT), {@link MeshMaintenance}, {@link FanoutMaintenance},
 * {@link GossipEmitter} (IHAVE emission and IWANT promises) and {@link PeerExchange}.
 *
 * <p>Threading: every method must be called on the environment's scheduler (whose tasks never
 * overlap); validators may complete on any thread, their results hop back onto the scheduler.
 */
final class GossipRouter {

  private static final Logger log = LoggerFactory.getLogger(GossipRouter.class);

  private final RouterState state;
  private final GossipsubConfig config;
  private final PeerExchange exchange;
  private final GossipEmitter gossip;
  private final MeshMaintenance meshMaintenance;
  private final FanoutMaintenance fanoutMaintenance;
  private final ControlHandler control;
  private final MessagePipeline messages;
  private final Map<PeerId, Double> lastScores = new HashMap<>();
  private final List<Cancellable> timers = new ArrayList<>();
  private long heartbeats;

  GossipRouter(PrivateKey identity, GossipsubConfig config, Environment env, RouterOutput output) {
    this.state = new RouterState(PeerId.fromPublicKey(identity.publicKey()), config, env, output);
    this.config = config;
    this.exchange = new PeerExchange(state);
    this.gossip = new GossipEmitter(state);
    this.meshMaintenance = new MeshMaintenance(state, exchange);
    this.fanoutMaintenance = new FanoutMaintenance(state);
    this.control = new ControlHandler(state, gossip, exchange);
    this.messages = new MessagePipeline(state, identity, fanoutMaintenance, gossip);
  }

  /** Starts the heartbeat and score decay timers. */
  void start() {
    Environment env = state.env;
    timers.add(
        env.scheduler()
            .scheduleAtFixedRate(
                config.heartbeatInitialDelay(), config.heartbeatInterval(), this::heartbeat));
    timers.add(
        env.scheduler()
            .scheduleAtFixedRate(
                config.scoreParams().decayInterval(),
                config.scoreParams().decayInterval(),
                () -> state.score.refresh(state.now())));
    if (!config.directPeers().isEmpty()) {
      timers.add(
          env.scheduler().schedule(config.directConnectInitialDelay(), this::connectDirectPeers));
    }
  }

  void stop() {
    timers.forEach(Cancellable::cancel);
    timers.clear();
  }

  PeerId self() {
    return state.self;
  }

  // ---- peers ----

  /** A pubsub stream to {@code peer} exists; sends it our subscriptions. */
  boolean addPeer(PeerId peer, PubsubProtocol protocol, boolean outbound, List<String> ips) {
    if (state.peers.containsKey(peer)) {
      return true;
    }
    if (state.peers.size() >= config.maxPeers()) {
      log.debug("ignoring peer {}: {} peers tracked already", peer, state.peers.size());
      return false;
    }
    state.peers.put(peer, new RouterState.PeerState(protocol, outbound));
    state.score.addPeer(peer, ips);
    if (!state.subscriptions.isEmpty()) {
      List<Rpc.SubOpts> hello = new ArrayList<>();
      for (String topic : state.subscriptions.keySet()) {
        hello.add(new Rpc.SubOpts(true, topic));
      }
      state.output.send(peer, new Rpc(hello, List.of(), Rpc.Control.EMPTY));
    }
    return true;
  }

  void removePeer(PeerId peer) {
    RouterState.PeerState peerState = state.peers.remove(peer);
    if (peerState == null) {
      return;
    }
    for (String topic : peerState.topics) {
      RouterState.removeFromSet(state.topicPeers, topic, peer);
    }
    for (Map.Entry<String, Set<PeerId>> e : state.mesh.entrySet()) {
      if (e.getValue().remove(peer)) {
        state.output.event(new PubsubEvent.Pruned(peer, e.getKey()));
      }
    }
    state.fanout.values().forEach(set -> set.remove(peer));
    state.score.removePeer(peer, state.now());
    lastScores.remove(peer);
  }

  boolean hasPeer(PeerId peer) {
    return state.peers.containsKey(peer);
  }

  // ---- application API ----

  void subscribe(String topic, MessageHandler handler) {
    requireTopic(topic);
    if (state.subscriptions.put(topic, handler) != null) {
      return;
    }
    announce(topic, true);
    meshMaintenance.join(topic);
  }

  void unsubscribe(String topic) {
    if (state.subscriptions.remove(topic) == null) {
      return;
    }
    announce(topic, false);
    meshMaintenance.leave(topic);
  }

  void setValidator(String topic, TopicValidator validator) {
    requireTopic(topic);
    messages.setValidator(topic, validator);
  }

  /**
   * Publishes {@code data} on {@code topic} (subscribed or not).
   *
   * @throws IllegalStateException if the same message id was seen recently (StrictNoSign, same
   *     data)
   */
  PublishResult publish(String topic, byte[] data) {
    requireTopic(topic);
    return messages.publish(topic, data);
  }

  // ---- queries ----

  Set<PeerId> topicPeers(String topic) {
    return Set.copyOf(state.subscribers(topic));
  }

  Set<PeerId> meshPeers(String topic) {
    return Set.copyOf(state.mesh.getOrDefault(topic, Set.of()));
  }

  Set<String> subscribedTopics() {
    return Set.copyOf(state.subscriptions.keySet());
  }

  double score(PeerId peer) {
    return state.score(peer);
  }

  int seenCacheSize() {
    return state.seen.size();
  }

  // ---- inbound RPCs ----

  void handleRpc(PeerId from, Rpc rpc) {
    RouterState.PeerState peer = state.peers.get(from);
    if (peer == null) {
      log.debug("RPC from {} which has no pubsub stream; ignored", from);
      return;
    }
    // v1.1 "Graylisting": everything from a peer below the graylist threshold is ignored, except
    // from direct peers, whose RPCs are always accepted ("Explicit Peering Agreements").
    if (!state.isDirect(from) && state.score(from) < config.scoreThresholds().graylistThreshold()) {
      log.debug("RPC from graylisted peer {} ignored", from);
      return;
    }
    for (Rpc.SubOpts sub : rpc.subscriptions()) {
      handleSubscription(from, peer, sub);
    }
    for (RawMessage message : rpc.messages()) {
      messages.handleMessage(from, message);
    }
    if (!rpc.control().isEmpty() && peer.protocol.isGossipsub()) {
      control.handle(from, peer, rpc.control());
    }
  }

  private void handleSubscription(PeerId from, RouterState.PeerState peer, Rpc.SubOpts sub) {
    String topic = sub.topic();
    if (topic.isEmpty()) {
      return;
    }
    if (sub.subscribe()) {
      if (peer.topics.size() >= config.rpcLimits().maxSubscriptions() || !peer.topics.add(topic)) {
        return;
      }
      state.topicPeers.computeIfAbsent(topic, t -> new LinkedHashSet<>()).add(from);
    } else if (peer.topics.remove(topic)) {
      RouterState.removeFromSet(state.topicPeers, topic, from);
      state.leftMesh(from, topic);
      Set<PeerId> fanoutPeers = state.fanout.get(topic);
      if (fanoutPeers != null) {
        fanoutPeers.remove(from);
      }
    }
  }

  // ---- heartbeat ----

  /**
   * One heartbeat (gossipsub v1.0 "Heartbeat", v1.1 additions); run by the timer of {@link #start}.
   */
  void heartbeat() {
    heartbeats++;
    long now = state.now();
    Map<PeerId, List<String>> toGraft = new LinkedHashMap<>();
    Map<PeerId, List<String>> toPrune = new LinkedHashMap<>();
    Map<PeerId, List<Rpc.IHave>> ihaves = new LinkedHashMap<>();
    gossip.startHeartbeat(now);
    exchange.startHeartbeat();
    Map<PeerId, Double> scores = new HashMap<>();
    for (PeerId peer : state.peers.keySet()) {
      scores.put(peer, state.score.score(peer, now));
    }
    for (Map.Entry<String, Set<PeerId>> entry : state.mesh.entrySet()) {
      meshMaintenance.maintain(
          entry.getKey(), entry.getValue(), scores, heartbeats, toGraft, toPrune);
      gossip.emit(entry.getKey(), entry.getValue(), scores, ihaves);
    }
    fanoutMaintenance.maintain(
        now, scores, (topic, members) -> gossip.emit(topic, members, scores, ihaves));
    sendHeartbeatControl(toGraft, toPrune, ihaves);
    state.mcache.shift();
    state.seen.expire(now);
    state.expireBackoff(now);
    reportScores(scores);
    if (heartbeats % config.directConnectTicks() == 0) {
      connectDirectPeers();
    }
  }

  /** v1.1 "Explicit Peering Agreements": (re)connect the direct peers we have no stream with. */
  private void connectDirectPeers() {
    for (PeerId peer : config.directPeers().keySet()) {
      if (!state.peers.containsKey(peer)) {
        state.output.connect(peer);
      }
    }
  }

  private void sendHeartbeatControl(
      Map<PeerId, List<String>> toGraft,
      Map<PeerId, List<String>> toPrune,
      Map<PeerId, List<Rpc.IHave>> ihaves) {
    Set<PeerId> recipients = new LinkedHashSet<>(toGraft.keySet());
    recipients.addAll(toPrune.keySet());
    recipients.addAll(ihaves.keySet());
    for (PeerId peer : recipients) {
      List<Rpc.Graft> grafts = new ArrayList<>();
      for (String topic : toGraft.getOrDefault(peer, List.of())) {
        grafts.add(new Rpc.Graft(topic));
      }
      List<Rpc.Prune> prunes = new ArrayList<>();
      for (String topic : toPrune.getOrDefault(peer, List.of())) {
        prunes.add(exchange.prune(peer, topic, config.pruneBackoff().toSeconds(), true));
      }
      state.output.send(
          peer,
          Rpc.ofControl(
              new Rpc.Control(ihaves.getOrDefault(peer, List.of()), List.of(), grafts, prunes)));
    }
  }

  private void reportScores(Map<PeerId, Double> scores) {
    for (Map.Entry<PeerId, Double> e : scores.entrySet()) {
      Double previous = lastScores.put(e.getKey(), e.getValue());
      double before = previous == null ? 0 : previous;
      if (before != e.getValue()) {
        state.output.event(new PubsubEvent.PeerScoreChanged(e.getKey(), before, e.getValue()));
      }
    }
  }

  // ---- helpers ----

  private void announce(String topic, boolean subscribe) {
    Rpc rpc = new Rpc(List.of(new Rpc.SubOpts(subscribe, topic)), List.of(), Rpc.Control.EMPTY);
    for (PeerId peer : state.peers.keySet()) {
      state.output.send(peer, rpc);
    }
  }

  private static void requireTopic(String topic) {
    if (topic == null || topic.isEmpty()) {
      throw new IllegalArgumentException("topic must not be empty");
    }
  }

  static Collection<String> protocols() {
    return PubsubProtocol.IDS;
  }
}
