package org.pinring.libp2p.pubsub;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletionStage;
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
 * <p>Threading: every method must be called on the environment's scheduler (whose tasks never
 * overlap); validators may complete on any thread, their results hop back onto the scheduler.
 *
 * <p>This class is long because the gossipsub behaviours share one state (mesh, fanout, backoff,
 * scores) and are easiest to check against the spec side by side; the caches, scoring and wire
 * format live in their own classes.
 */
final class GossipRouter {

  private static final Logger log = LoggerFactory.getLogger(GossipRouter.class);

  /** What the router knows about a connected peer. */
  private static final class PeerState {
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

  private record Promise(PeerId peer, long deadlineNanos) {}

  private final PeerId self;
  private final PrivateKey identity;
  private final GossipsubConfig config;
  private final Environment env;
  private final RouterOutput output;
  private final PeerScore score;
  private final MessageCache mcache;
  private final SeenCache seen;
  private final AuthorCache authors = new AuthorCache(4096);
  private final Map<PeerId, PeerState> peers = new LinkedHashMap<>();
  private final Map<String, Set<PeerId>> topicPeers = new HashMap<>();
  private final Map<String, MessageHandler> subscriptions = new LinkedHashMap<>();
  private final Map<String, Set<PeerId>> mesh = new HashMap<>();
  private final Map<String, Set<PeerId>> fanout = new HashMap<>();
  private final Map<String, Long> fanoutLastPublished = new HashMap<>();
  private final Map<String, Map<PeerId, Long>> backoff = new HashMap<>();
  private final Map<String, TopicValidator> validators = new HashMap<>();
  private final Map<String, Integer> validationsInFlight = new HashMap<>();
  private final Map<MessageId, Promise> promises = new LinkedHashMap<>();
  private final Map<PeerId, Double> lastScores = new HashMap<>();
  private final List<Cancellable> timers = new ArrayList<>();
  private long seqno;
  private long heartbeats;

  GossipRouter(PrivateKey identity, GossipsubConfig config, Environment env, RouterOutput output) {
    this.identity = identity;
    this.self = PeerId.fromPublicKey(identity.publicKey());
    this.config = config;
    this.env = env;
    this.output = output;
    this.score = new PeerScore(config.scoreParams());
    this.mcache = new MessageCache(config.mcacheLength(), config.mcacheGossip());
    this.seen = new SeenCache(config.seenTtl().toNanos(), config.maxSeenMessages());
    // A counter seeded from the wall clock in nanoseconds, as js-libp2p and go-libp2p do, so the
    // seqno keeps increasing across restarts (some routers drop non-increasing seqnos).
    this.seqno = env.clock().wallMillis() * 1_000_000L;
  }

  /** Starts the heartbeat and score decay timers. */
  void start() {
    timers.add(
        env.scheduler()
            .scheduleAtFixedRate(
                config.heartbeatInitialDelay(), config.heartbeatInterval(), this::heartbeat));
    timers.add(
        env.scheduler()
            .scheduleAtFixedRate(
                config.scoreParams().decayInterval(),
                config.scoreParams().decayInterval(),
                () -> score.refresh(now())));
  }

  void stop() {
    timers.forEach(Cancellable::cancel);
    timers.clear();
  }

  PeerId self() {
    return self;
  }

  // ---- peers ----

  /** A pubsub stream to {@code peer} exists; sends it our subscriptions. */
  boolean addPeer(PeerId peer, PubsubProtocol protocol, boolean outbound, List<String> ips) {
    if (peers.containsKey(peer)) {
      return true;
    }
    if (peers.size() >= config.maxPeers()) {
      log.debug("ignoring peer {}: {} peers tracked already", peer, peers.size());
      return false;
    }
    peers.put(peer, new PeerState(protocol, outbound));
    score.addPeer(peer, ips);
    if (!subscriptions.isEmpty()) {
      List<Rpc.SubOpts> hello = new ArrayList<>();
      for (String topic : subscriptions.keySet()) {
        hello.add(new Rpc.SubOpts(true, topic));
      }
      output.send(peer, new Rpc(hello, List.of(), Rpc.Control.EMPTY));
    }
    return true;
  }

  void removePeer(PeerId peer) {
    PeerState state = peers.remove(peer);
    if (state == null) {
      return;
    }
    for (String topic : state.topics) {
      removeFromSet(topicPeers, topic, peer);
    }
    for (Map.Entry<String, Set<PeerId>> e : mesh.entrySet()) {
      if (e.getValue().remove(peer)) {
        output.event(new PubsubEvent.Pruned(peer, e.getKey()));
      }
    }
    fanout.values().forEach(set -> set.remove(peer));
    score.removePeer(peer, now());
    lastScores.remove(peer);
  }

  boolean hasPeer(PeerId peer) {
    return peers.containsKey(peer);
  }

  // ---- application API ----

  void subscribe(String topic, MessageHandler handler) {
    requireTopic(topic);
    if (subscriptions.put(topic, handler) != null) {
      return;
    }
    announce(topic, true);
    // Join (gossipsub v1.0 "Topic Membership"): start from fanout peers, fill up to D.
    Set<PeerId> members = new LinkedHashSet<>();
    Set<PeerId> fromFanout = fanout.remove(topic);
    fanoutLastPublished.remove(topic);
    if (fromFanout != null) {
      for (PeerId peer : fromFanout) {
        if (score(peer) >= 0 && !inBackoff(topic, peer)) {
          members.add(peer);
        }
      }
    }
    if (members.size() < config.d()) {
      members.addAll(
          pick(
              topic,
              config.d() - members.size(),
              peer -> !members.contains(peer) && !inBackoff(topic, peer) && score(peer) >= 0));
    }
    mesh.put(topic, members);
    for (PeerId peer : members) {
      graftPeer(peer, topic);
      output.send(peer, Rpc.ofControl(graftControl(topic)));
    }
  }

  void unsubscribe(String topic) {
    if (subscriptions.remove(topic) == null) {
      return;
    }
    announce(topic, false);
    Set<PeerId> members = mesh.remove(topic);
    if (members != null) {
      for (PeerId peer : members) {
        score.prune(peer, topic);
        output.event(new PubsubEvent.Pruned(peer, topic));
        addBackoff(topic, peer, config.unsubscribeBackoff().toNanos());
        output.send(
            peer,
            Rpc.ofControl(
                pruneControl(peer, topic, config.unsubscribeBackoff().toSeconds(), false)));
      }
    }
  }

  void setValidator(String topic, TopicValidator validator) {
    requireTopic(topic);
    if (validator == null) {
      validators.remove(topic);
    } else {
      validators.put(topic, validator);
    }
  }

  /**
   * Publishes {@code data} on {@code topic} (subscribed or not).
   *
   * @throws IllegalStateException if the same message id was seen recently (StrictNoSign, same
   *     data)
   */
  PublishResult publish(String topic, byte[] data) {
    requireTopic(topic);
    SignaturePolicy policy = config.signaturePolicy(topic);
    RawMessage raw =
        policy == SignaturePolicy.STRICT_SIGN
            ? MessageAuthentication.sign(identity, topic, data, ++seqno)
            : MessageAuthentication.anonymous(topic, data);
    PubsubMessage message =
        MessageAuthentication.structure(raw, policy, new StringBuilder()).orElseThrow();
    MessageId id = idFunction(policy).apply(message);
    if (!seen.add(id, now())) {
      throw new IllegalStateException("message " + id + " was published or seen recently");
    }
    mcache.put(id, raw);
    Set<PeerId> targets = new LinkedHashSet<>();
    Set<PeerId> subscribers = topicPeers.getOrDefault(topic, Set.of());
    double threshold = config.scoreThresholds().publishThreshold();
    for (PeerId peer : subscribers) {
      if (peers.get(peer).protocol == PubsubProtocol.FLOODSUB && score(peer) >= threshold) {
        targets.add(peer);
      }
    }
    if (config.floodPublish()) {
      for (PeerId peer : subscribers) {
        if (score(peer) >= threshold) {
          targets.add(peer);
        }
      }
    } else if (subscriptions.containsKey(topic)) {
      targets.addAll(mesh.getOrDefault(topic, Set.of()));
    } else {
      Set<PeerId> fanoutPeers =
          fanout.computeIfAbsent(
              topic,
              t -> new LinkedHashSet<>(pick(t, config.d(), peer -> score(peer) >= threshold)));
      fanoutLastPublished.put(topic, now());
      targets.addAll(fanoutPeers);
    }
    Rpc rpc = Rpc.ofMessages(List.of(raw));
    for (PeerId peer : targets) {
      output.send(peer, rpc);
    }
    return new PublishResult(id, targets.size());
  }

  // ---- queries ----

  Set<PeerId> topicPeers(String topic) {
    return Set.copyOf(topicPeers.getOrDefault(topic, Set.of()));
  }

  Set<PeerId> meshPeers(String topic) {
    return Set.copyOf(mesh.getOrDefault(topic, Set.of()));
  }

  Set<String> subscribedTopics() {
    return Set.copyOf(subscriptions.keySet());
  }

  double score(PeerId peer) {
    return score.score(peer, now());
  }

  int seenCacheSize() {
    return seen.size();
  }

  // ---- inbound RPCs ----

  void handleRpc(PeerId from, Rpc rpc) {
    PeerState state = peers.get(from);
    if (state == null) {
      log.debug("RPC from {} which has no pubsub stream; ignored", from);
      return;
    }
    // v1.1 "Graylisting": everything from a peer below the graylist threshold is ignored.
    if (score(from) < config.scoreThresholds().graylistThreshold()) {
      log.debug("RPC from graylisted peer {} ignored", from);
      return;
    }
    for (Rpc.SubOpts sub : rpc.subscriptions()) {
      handleSubscription(from, state, sub);
    }
    for (RawMessage message : rpc.messages()) {
      handleMessage(from, message);
    }
    if (!rpc.control().isEmpty() && state.protocol.isGossipsub()) {
      handleControl(from, state, rpc.control());
    }
  }

  private void handleSubscription(PeerId from, PeerState state, Rpc.SubOpts sub) {
    String topic = sub.topic();
    if (topic.isEmpty()) {
      return;
    }
    if (sub.subscribe()) {
      if (state.topics.size() >= config.rpcLimits().maxSubscriptions()
          || !state.topics.add(topic)) {
        return;
      }
      topicPeers.computeIfAbsent(topic, t -> new LinkedHashSet<>()).add(from);
    } else if (state.topics.remove(topic)) {
      removeFromSet(topicPeers, topic, from);
      Set<PeerId> members = mesh.get(topic);
      if (members != null && members.remove(from)) {
        score.prune(from, topic);
        output.event(new PubsubEvent.Pruned(from, topic));
      }
      Set<PeerId> fanoutPeers = fanout.get(topic);
      if (fanoutPeers != null) {
        fanoutPeers.remove(from);
      }
    }
  }

  private void handleMessage(PeerId from, RawMessage raw) {
    String topic = raw.topic();
    if (!subscriptions.containsKey(topic)) {
      return;
    }
    SignaturePolicy policy = config.signaturePolicy(topic);
    StringBuilder why = new StringBuilder();
    Optional<PubsubMessage> parsed = MessageAuthentication.structure(raw, policy, why, authors);
    if (parsed.isEmpty()) {
      reject(from, null, topic, why.toString());
      return;
    }
    PubsubMessage message = parsed.get();
    if (message.author().filter(self::equals).isPresent()) {
      return; // our own message, relayed back
    }
    MessageId id;
    try {
      id = idFunction(policy).apply(message);
    } catch (RuntimeException e) {
      reject(from, null, topic, "message id function failed: " + e.getMessage());
      return;
    }
    if (seen.contains(id)) {
      score.duplicateMessage(from, id, topic, now());
      promises.remove(id);
      return;
    }
    // The signature is checked after de-duplication (duplicates are the common case), and the id
    // is marked seen only once it holds, so a forgery cannot shadow the real message.
    if (policy == SignaturePolicy.STRICT_SIGN
        && !MessageAuthentication.signatureValid(raw, message)) {
      reject(from, null, topic, "invalid signature");
      return;
    }
    seen.add(id, now());
    promises.remove(id);
    score.validateMessage(id, now());
    TopicValidator validator = validators.get(topic);
    if (validator == null) {
      accept(from, id, raw, message);
      return;
    }
    int inFlight = validationsInFlight.getOrDefault(topic, 0);
    if (inFlight >= config.maxConcurrentValidations()) {
      log.debug("validation queue of {} full; message {} ignored", topic, id);
      score.ignoreMessage(id);
      return;
    }
    validationsInFlight.put(topic, inFlight + 1);
    CompletionStage<ValidationResult> verdict;
    try {
      verdict = validator.validate(from, message);
    } catch (RuntimeException e) {
      log.warn("validator of {} threw; message {} ignored", topic, id, e);
      finishValidation(from, id, raw, message, ValidationResult.IGNORE);
      return;
    }
    verdict.whenComplete(
        (result, error) ->
            env.scheduler()
                .execute(
                    () ->
                        finishValidation(
                            from,
                            id,
                            raw,
                            message,
                            error != null || result == null ? ValidationResult.IGNORE : result)));
  }

  private void finishValidation(
      PeerId from, MessageId id, RawMessage raw, PubsubMessage message, ValidationResult result) {
    validationsInFlight.merge(raw.topic(), -1, Integer::sum);
    switch (result) {
      case ACCEPT -> accept(from, id, raw, message);
      case REJECT -> reject(from, id, raw.topic(), "rejected by validator");
      default -> score.ignoreMessage(id);
    }
  }

  private void accept(PeerId from, MessageId id, RawMessage raw, PubsubMessage message) {
    String topic = raw.topic();
    mcache.put(id, raw);
    score.deliverMessage(from, id, topic, now());
    forward(from, raw, message);
    MessageHandler handler = subscriptions.get(topic);
    if (handler != null) {
      try {
        handler.onMessage(message, id, from);
      } catch (RuntimeException e) {
        log.warn("message handler of {} threw", topic, e);
      }
    }
  }

  private void reject(PeerId from, MessageId id, String topic, String reason) {
    log.debug("message from {} on {} rejected: {}", from, topic, reason);
    score.rejectMessage(from, id, topic);
    output.event(new PubsubEvent.MessageRejected(from, topic, reason));
  }

  /** Sends an accepted message on to the mesh (and floodsub peers), never back to its source. */
  private void forward(PeerId from, RawMessage raw, PubsubMessage message) {
    String topic = raw.topic();
    PeerId author = message.author().orElse(null);
    Rpc rpc = Rpc.ofMessages(List.of(raw));
    Set<PeerId> targets = new LinkedHashSet<>(mesh.getOrDefault(topic, Set.of()));
    for (PeerId peer : topicPeers.getOrDefault(topic, Set.of())) {
      if (peers.get(peer).protocol == PubsubProtocol.FLOODSUB
          && score(peer) >= config.scoreThresholds().publishThreshold()) {
        targets.add(peer);
      }
    }
    for (PeerId peer : targets) {
      if (!peer.equals(from) && !peer.equals(author)) {
        output.send(peer, rpc);
      }
    }
  }

  // ---- control messages ----

  private void handleControl(PeerId from, PeerState state, Rpc.Control control) {
    List<MessageId> iwant = handleIHave(from, state, control.ihave());
    List<RawMessage> answers = handleIWant(from, control.iwant());
    List<Rpc.Prune> prunes = handleGraft(from, state, control.graft());
    handlePrune(from, control.prune());
    Rpc.Control reply =
        new Rpc.Control(
            List.of(),
            iwant.isEmpty() ? List.of() : List.of(new Rpc.IWant(iwant)),
            List.of(),
            prunes);
    if (!reply.isEmpty() || !answers.isEmpty()) {
      output.send(from, new Rpc(List.of(), answers, reply));
    }
  }

  private List<MessageId> handleIHave(PeerId from, PeerState state, List<Rpc.IHave> ihaves) {
    if (ihaves.isEmpty() || score(from) < config.scoreThresholds().gossipThreshold()) {
      return List.of();
    }
    // v1.1 "Spam Protection Measures": bounded IHAVEs and requested ids per heartbeat.
    state.ihavesThisHeartbeat++;
    if (state.ihavesThisHeartbeat > config.maxIHaveMessages()
        || state.idsAskedThisHeartbeat >= config.maxIHaveLength()) {
      return List.of();
    }
    List<MessageId> wanted = new ArrayList<>();
    Set<MessageId> unique = new HashSet<>();
    for (Rpc.IHave ihave : ihaves) {
      if (!mesh.containsKey(ihave.topic())) {
        continue;
      }
      for (MessageId id : ihave.messageIds()) {
        if (!seen.contains(id) && unique.add(id)) {
          wanted.add(id);
        }
      }
    }
    if (wanted.isEmpty()) {
      return List.of();
    }
    int budget = config.maxIHaveLength() - state.idsAskedThisHeartbeat;
    env.random().shuffle(wanted);
    if (wanted.size() > budget) {
      wanted = new ArrayList<>(wanted.subList(0, budget));
    }
    state.idsAskedThisHeartbeat += wanted.size();
    // Track one promise per IWANT, as go-libp2p and js-libp2p do: if that message does not come in
    // time the peer is penalised (P7).
    MessageId tracked = wanted.get(env.random().nextInt(wanted.size()));
    promises.putIfAbsent(tracked, new Promise(from, now() + config.iwantFollowupTime().toNanos()));
    return wanted;
  }

  private List<RawMessage> handleIWant(PeerId from, List<Rpc.IWant> iwants) {
    if (iwants.isEmpty() || score(from) < config.scoreThresholds().gossipThreshold()) {
      return List.of();
    }
    List<RawMessage> answers = new ArrayList<>();
    for (Rpc.IWant iwant : iwants) {
      for (MessageId id : iwant.messageIds()) {
        RawMessage message = mcache.getForPeer(id, from, config.gossipRetransmission());
        if (message != null) {
          answers.add(message);
        }
      }
    }
    return answers;
  }

  private List<Rpc.Prune> handleGraft(PeerId from, PeerState state, List<Rpc.Graft> grafts) {
    List<Rpc.Prune> prunes = new ArrayList<>();
    for (Rpc.Graft graft : grafts) {
      String topic = graft.topic();
      Set<PeerId> members = mesh.get(topic);
      if (members == null || members.contains(from)) {
        // Not subscribed (ignored, to not reveal interest) or already in the mesh.
        continue;
      }
      long backoffUntil = backoff.getOrDefault(topic, Map.of()).getOrDefault(from, Long.MIN_VALUE);
      if (backoffUntil != Long.MIN_VALUE && backoffUntil - now() > 0) {
        // v1.1 "Prune Backoff": a GRAFT during backoff is penalised, doubly if very early.
        score.addPenalty(from, 1);
        long prunedAt = backoffUntil - config.pruneBackoff().toNanos();
        if (now() - prunedAt < config.graftFloodThreshold().toNanos()) {
          score.addPenalty(from, 1);
        }
        prunes.add(
            pruneControl(from, topic, config.pruneBackoff().toSeconds(), false).prune().get(0));
        addBackoff(topic, from, config.pruneBackoff().toNanos());
        continue;
      }
      if (score(from) < 0 || (members.size() >= config.dHi() && !state.outbound)) {
        prunes.add(
            pruneControl(from, topic, config.pruneBackoff().toSeconds(), true).prune().get(0));
        addBackoff(topic, from, config.pruneBackoff().toNanos());
        continue;
      }
      members.add(from);
      graftPeer(from, topic);
    }
    return prunes;
  }

  private void handlePrune(PeerId from, List<Rpc.Prune> prunes) {
    for (Rpc.Prune prune : prunes) {
      String topic = prune.topic();
      Set<PeerId> members = mesh.get(topic);
      if (members != null && members.remove(from)) {
        score.prune(from, topic);
        output.event(new PubsubEvent.Pruned(from, topic));
      }
      long seconds =
          prune.backoffSeconds().isPresent()
              ? Math.min(prune.backoffSeconds().getAsLong(), 3600 * 24)
              : config.pruneBackoff().toSeconds();
      addBackoff(topic, from, seconds * 1_000_000_000L);
      if (!prune.peers().isEmpty()
          && config.doPx()
          && score(from) >= config.scoreThresholds().acceptPxThreshold()) {
        followPeerExchange(prune.peers());
      }
    }
  }

  private void followPeerExchange(List<Rpc.PeerInfo> suggested) {
    int followed = 0;
    for (Rpc.PeerInfo info : suggested) {
      if (followed >= config.prunePeers() || info.peerId() == null) {
        return;
      }
      try {
        PeerId peer = PeerId.decode(info.peerId());
        if (!peer.equals(self) && !peers.containsKey(peer)) {
          output.connect(peer);
          followed++;
        }
      } catch (IllegalArgumentException e) {
        log.debug("peer exchange entry is not a peer id: {}", e.getMessage());
      }
    }
  }

  // ---- heartbeat ----

  /**
   * One heartbeat (gossipsub v1.0 "Heartbeat", v1.1 additions); run by the timer of {@link #start}.
   */
  void heartbeat() {
    heartbeats++;
    long now = now();
    Map<PeerId, List<String>> toGraft = new LinkedHashMap<>();
    Map<PeerId, List<String>> toPrune = new LinkedHashMap<>();
    Map<PeerId, List<Rpc.IHave>> gossip = new LinkedHashMap<>();
    applyBrokenPromises(now);
    for (PeerState state : peers.values()) {
      state.ihavesThisHeartbeat = 0;
      state.idsAskedThisHeartbeat = 0;
    }
    Map<PeerId, Double> scores = new HashMap<>();
    for (PeerId peer : peers.keySet()) {
      scores.put(peer, score.score(peer, now));
    }
    for (Map.Entry<String, Set<PeerId>> entry : mesh.entrySet()) {
      maintainMesh(entry.getKey(), entry.getValue(), scores, toGraft, toPrune);
      emitGossip(entry.getKey(), entry.getValue(), scores, gossip);
    }
    maintainFanout(now, scores, gossip);
    sendHeartbeatControl(toGraft, toPrune, gossip);
    mcache.shift();
    seen.expire(now);
    expireBackoff(now);
    reportScores(scores);
  }

  private void maintainMesh(
      String topic,
      Set<PeerId> members,
      Map<PeerId, Double> scores,
      Map<PeerId, List<String>> toGraft,
      Map<PeerId, List<String>> toPrune) {
    for (Iterator<PeerId> it = members.iterator(); it.hasNext(); ) {
      PeerId peer = it.next();
      if (scores.getOrDefault(peer, 0.0) < 0) {
        it.remove();
        prunePeer(peer, topic, toPrune);
      }
    }
    if (members.size() < config.dLo()) {
      for (PeerId peer :
          pick(
              topic,
              config.d() - members.size(),
              p -> !members.contains(p) && !inBackoff(topic, p) && scores.get(p) >= 0)) {
        members.add(peer);
        graftPeer(peer, topic);
        toGraft.computeIfAbsent(peer, p -> new ArrayList<>()).add(topic);
      }
    }
    if (members.size() > config.dHi()) {
      shrinkMesh(topic, members, scores, toPrune);
    }
    if (members.size() >= config.dLo()) {
      long outbound = members.stream().filter(p -> peers.get(p).outbound).count();
      if (outbound < config.dOut()) {
        for (PeerId peer :
            pick(
                topic,
                (int) (config.dOut() - outbound),
                p ->
                    !members.contains(p)
                        && peers.get(p).outbound
                        && !inBackoff(topic, p)
                        && scores.get(p) >= 0)) {
          members.add(peer);
          graftPeer(peer, topic);
          toGraft.computeIfAbsent(peer, p -> new ArrayList<>()).add(topic);
        }
      }
    }
    if (heartbeats % config.opportunisticGraftTicks() == 0 && members.size() > 1) {
      opportunisticGraft(topic, members, scores, toGraft);
    }
  }

  /** v1.0/v1.1: keep D_score best-scoring peers, fill to D at random, keep D_out outbound. */
  private void shrinkMesh(
      String topic,
      Set<PeerId> members,
      Map<PeerId, Double> scores,
      Map<PeerId, List<String>> toPrune) {
    List<PeerId> ordered = new ArrayList<>(members);
    env.random().shuffle(ordered);
    ordered.sort(Comparator.comparingDouble((PeerId p) -> scores.get(p)).reversed());
    List<PeerId> rest = new ArrayList<>(ordered.subList(config.dScore(), ordered.size()));
    env.random().shuffle(rest);
    List<PeerId> keep = new ArrayList<>(ordered.subList(0, config.dScore()));
    keep.addAll(rest.subList(0, config.d() - config.dScore()));
    long outbound = keep.stream().filter(p -> peers.get(p).outbound).count();
    if (outbound < config.dOut()) {
      List<PeerId> spareOutbound = new ArrayList<>();
      for (PeerId p : rest.subList(config.d() - config.dScore(), rest.size())) {
        if (peers.get(p).outbound) {
          spareOutbound.add(p);
        }
      }
      for (int i = keep.size() - 1; i >= config.dScore() && outbound < config.dOut(); i--) {
        if (!peers.get(keep.get(i)).outbound && !spareOutbound.isEmpty()) {
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
        prunePeer(peer, topic, toPrune);
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
        pick(
            topic,
            config.opportunisticGraftPeers(),
            p -> !members.contains(p) && !inBackoff(topic, p) && scores.get(p) > median)) {
      members.add(peer);
      graftPeer(peer, topic);
      toGraft.computeIfAbsent(peer, p -> new ArrayList<>()).add(topic);
    }
  }

  private void maintainFanout(
      long now, Map<PeerId, Double> scores, Map<PeerId, List<Rpc.IHave>> gossip) {
    for (Iterator<Map.Entry<String, Long>> it = fanoutLastPublished.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<String, Long> e = it.next();
      if (now - e.getValue() > config.fanoutTtl().toNanos()) {
        fanout.remove(e.getKey());
        it.remove();
      }
    }
    double threshold = config.scoreThresholds().publishThreshold();
    for (Map.Entry<String, Set<PeerId>> e : fanout.entrySet()) {
      String topic = e.getKey();
      Set<PeerId> members = e.getValue();
      Set<PeerId> subscribers = topicPeers.getOrDefault(topic, Set.of());
      members.removeIf(p -> !subscribers.contains(p) || scores.get(p) < threshold);
      if (members.size() < config.d()) {
        members.addAll(
            pick(
                topic,
                config.d() - members.size(),
                p -> !members.contains(p) && scores.get(p) >= threshold));
      }
      emitGossip(topic, members, scores, gossip);
    }
  }

  private void emitGossip(
      String topic,
      Set<PeerId> exclude,
      Map<PeerId, Double> scores,
      Map<PeerId, List<Rpc.IHave>> gossip) {
    List<MessageId> ids = mcache.gossipIds(topic);
    if (ids.isEmpty()) {
      return;
    }
    if (ids.size() > config.maxIHaveLength()) {
      env.random().shuffle(ids);
      ids = ids.subList(0, config.maxIHaveLength());
    }
    List<PeerId> eligible = new ArrayList<>();
    for (PeerId p : topicPeers.getOrDefault(topic, Set.of())) {
      if (!exclude.contains(p)
          && peers.get(p).protocol.isGossipsub()
          && scores.get(p) >= config.scoreThresholds().gossipThreshold()) {
        eligible.add(p);
      }
    }
    int target = Math.max(config.dLazy(), (int) (config.gossipFactor() * eligible.size()));
    env.random().shuffle(eligible);
    Rpc.IHave ihave = new Rpc.IHave(topic, ids);
    for (PeerId p : eligible.subList(0, Math.min(target, eligible.size()))) {
      gossip.computeIfAbsent(p, k -> new ArrayList<>()).add(ihave);
    }
  }

  private void sendHeartbeatControl(
      Map<PeerId, List<String>> toGraft,
      Map<PeerId, List<String>> toPrune,
      Map<PeerId, List<Rpc.IHave>> gossip) {
    Set<PeerId> recipients = new LinkedHashSet<>(toGraft.keySet());
    recipients.addAll(toPrune.keySet());
    recipients.addAll(gossip.keySet());
    for (PeerId peer : recipients) {
      List<Rpc.Graft> grafts = new ArrayList<>();
      for (String topic : toGraft.getOrDefault(peer, List.of())) {
        grafts.add(new Rpc.Graft(topic));
      }
      List<Rpc.Prune> prunes = new ArrayList<>();
      for (String topic : toPrune.getOrDefault(peer, List.of())) {
        prunes.addAll(pruneControl(peer, topic, config.pruneBackoff().toSeconds(), true).prune());
      }
      output.send(
          peer,
          Rpc.ofControl(
              new Rpc.Control(gossip.getOrDefault(peer, List.of()), List.of(), grafts, prunes)));
    }
  }

  private void applyBrokenPromises(long now) {
    for (Iterator<Map.Entry<MessageId, Promise>> it = promises.entrySet().iterator();
        it.hasNext(); ) {
      Promise promise = it.next().getValue();
      if (promise.deadlineNanos() - now > 0) {
        continue;
      }
      it.remove();
      if (peers.containsKey(promise.peer())) {
        score.addPenalty(promise.peer(), 1);
      }
    }
  }

  private void reportScores(Map<PeerId, Double> scores) {
    for (Map.Entry<PeerId, Double> e : scores.entrySet()) {
      Double previous = lastScores.put(e.getKey(), e.getValue());
      double before = previous == null ? 0 : previous;
      if (before != e.getValue()) {
        output.event(new PubsubEvent.PeerScoreChanged(e.getKey(), before, e.getValue()));
      }
    }
  }

  // ---- helpers ----

  private void graftPeer(PeerId peer, String topic) {
    score.graft(peer, topic, now());
    output.event(new PubsubEvent.Grafted(peer, topic));
  }

  private void prunePeer(PeerId peer, String topic, Map<PeerId, List<String>> toPrune) {
    score.prune(peer, topic);
    addBackoff(topic, peer, config.pruneBackoff().toNanos());
    output.event(new PubsubEvent.Pruned(peer, topic));
    toPrune.computeIfAbsent(peer, p -> new ArrayList<>()).add(topic);
  }

  private Rpc.Control graftControl(String topic) {
    return new Rpc.Control(List.of(), List.of(), List.of(new Rpc.Graft(topic)), List.of());
  }

  /**
   * A PRUNE for {@code peer}: v1.0 peers get neither backoff nor peer exchange; v1.1 peers get the
   * backoff, and peer exchange if enabled, asked for, and the peer's score is not negative.
   */
  private Rpc.Control pruneControl(PeerId peer, String topic, long backoffSeconds, boolean px) {
    PeerState state = peers.get(peer);
    boolean v11 = state != null && state.protocol.supportsBackoff();
    List<Rpc.PeerInfo> exchange = new ArrayList<>();
    if (v11 && px && config.doPx() && score(peer) >= 0) {
      List<PeerId> candidates =
          pick(topic, config.prunePeers(), p -> !p.equals(peer) && score(p) >= 0);
      for (PeerId candidate : candidates) {
        exchange.add(new Rpc.PeerInfo(candidate.toBytes(), null));
      }
    }
    Rpc.Prune prune =
        new Rpc.Prune(
            topic, exchange, v11 ? OptionalLong.of(backoffSeconds) : OptionalLong.empty());
    return new Rpc.Control(List.of(), List.of(), List.of(), List.of(prune));
  }

  /** Up to {@code count} random gossipsub peers of {@code topic} that {@code filter} accepts. */
  private List<PeerId> pick(String topic, int count, java.util.function.Predicate<PeerId> filter) {
    if (count <= 0) {
      return List.of();
    }
    List<PeerId> candidates = new ArrayList<>();
    for (PeerId peer : topicPeers.getOrDefault(topic, Set.of())) {
      if (peers.get(peer).protocol.isGossipsub() && filter.test(peer)) {
        candidates.add(peer);
      }
    }
    env.random().shuffle(candidates);
    return candidates.size() <= count ? candidates : new ArrayList<>(candidates.subList(0, count));
  }

  private void announce(String topic, boolean subscribe) {
    Rpc rpc = new Rpc(List.of(new Rpc.SubOpts(subscribe, topic)), List.of(), Rpc.Control.EMPTY);
    for (PeerId peer : peers.keySet()) {
      output.send(peer, rpc);
    }
  }

  private boolean inBackoff(String topic, PeerId peer) {
    Long until = backoff.getOrDefault(topic, Map.of()).get(peer);
    return until != null && until - now() > 0;
  }

  private void addBackoff(String topic, PeerId peer, long nanos) {
    long until = now() + nanos;
    backoff.computeIfAbsent(topic, t -> new HashMap<>()).merge(peer, until, Math::max);
  }

  private void expireBackoff(long now) {
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

  private MessageIdFunction idFunction(SignaturePolicy policy) {
    return policy == SignaturePolicy.STRICT_SIGN
        ? config.signedMessageIdFunction()
        : config.unsignedMessageIdFunction();
  }

  private static void removeFromSet(Map<String, Set<PeerId>> map, String topic, PeerId peer) {
    Set<PeerId> set = map.get(topic);
    if (set != null) {
      set.remove(peer);
      if (set.isEmpty()) {
        map.remove(topic);
      }
    }
  }

  private static void requireTopic(String topic) {
    if (topic == null || topic.isEmpty()) {
      throw new IllegalArgumentException("topic must not be empty");
    }
  }

  private long now() {
    return env.clock().monotonicNanos();
  }

  static Collection<String> protocols() {
    return PubsubProtocol.IDS;
  }
}
