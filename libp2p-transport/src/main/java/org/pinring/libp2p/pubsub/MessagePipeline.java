package org.pinring.libp2p.pubsub;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.crypto.PrivateKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages in and out (pubsub spec "The Message", gossipsub v1.0 "Message Processing", v1.1 "Flood
 * Publishing" and "Extended Validators"): publishing our own, checking received ones (signature
 * policy, de-duplication, asynchronous validators with bounded concurrency), delivering accepted
 * ones and forwarding them.
 */
final class MessagePipeline {

  private static final Logger log = LoggerFactory.getLogger(MessagePipeline.class);

  private final RouterState state;
  private final PrivateKey identity;
  private final GossipsubConfig config;
  private final FanoutMaintenance fanout;
  private final GossipEmitter gossip;
  private final AuthorCache authors = new AuthorCache(4096);
  private final Map<String, TopicValidator> validators = new HashMap<>();
  private final Map<String, Integer> validationsInFlight = new HashMap<>();
  private long seqno;

  MessagePipeline(
      RouterState state, PrivateKey identity, FanoutMaintenance fanout, GossipEmitter gossip) {
    this.state = state;
    this.identity = identity;
    this.config = state.config;
    this.fanout = fanout;
    this.gossip = gossip;
    // A counter seeded from the wall clock in nanoseconds, as js-libp2p and go-libp2p do, so the
    // seqno keeps increasing across restarts (some routers drop non-increasing seqnos).
    this.seqno = state.env.clock().wallMillis() * 1_000_000L;
  }

  void setValidator(String topic, TopicValidator validator) {
    if (validator == null) {
      validators.remove(topic);
    } else {
      validators.put(topic, validator);
    }
  }

  /** See {@link GossipRouter#publish}. */
  PublishResult publish(String topic, byte[] data) {
    SignaturePolicy policy = config.signaturePolicy(topic);
    RawMessage raw =
        policy == SignaturePolicy.STRICT_SIGN
            ? MessageAuthentication.sign(identity, topic, data, ++seqno)
            : MessageAuthentication.anonymous(topic, data);
    PubsubMessage message =
        MessageAuthentication.structure(raw, policy, new StringBuilder(), authors).orElseThrow();
    MessageId id = idFunction(policy).apply(message);
    if (!state.seen.add(id, state.now())) {
      throw new IllegalStateException("message " + id + " was published or seen recently");
    }
    state.mcache.put(id, raw);
    // Direct peers get every message of their topics, whatever their score (v1.1 "Explicit
    // Peering Agreements").
    Set<PeerId> targets = new LinkedHashSet<>(state.directSubscribers(topic));
    Set<PeerId> subscribers = state.subscribers(topic);
    double threshold = config.scoreThresholds().publishThreshold();
    for (PeerId peer : subscribers) {
      if (state.peers.get(peer).protocol == PubsubProtocol.FLOODSUB
          && state.score(peer) >= threshold) {
        targets.add(peer);
      }
    }
    if (config.floodPublish()) {
      for (PeerId peer : subscribers) {
        if (state.score(peer) >= threshold) {
          targets.add(peer);
        }
      }
    } else if (state.subscriptions.containsKey(topic)) {
      targets.addAll(state.mesh.getOrDefault(topic, Set.of()));
    } else {
      targets.addAll(fanout.publishTargets(topic));
    }
    Rpc rpc = Rpc.ofMessages(List.of(raw));
    for (PeerId peer : targets) {
      state.output.send(peer, rpc);
    }
    return new PublishResult(id, targets.size());
  }

  /** A message received from {@code from}, in a topic we may or may not have joined. */
  void handleMessage(PeerId from, RawMessage raw) {
    String topic = raw.topic();
    if (!state.subscriptions.containsKey(topic)) {
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
    if (message.author().filter(state.self::equals).isPresent()) {
      return; // our own message, relayed back
    }
    MessageId id;
    try {
      id = idFunction(policy).apply(message);
    } catch (RuntimeException e) {
      reject(from, null, topic, "message id function failed: " + e.getMessage());
      return;
    }
    if (state.seen.contains(id)) {
      state.score.duplicateMessage(from, id, topic, state.now());
      gossip.messageArrived(id);
      return;
    }
    // The signature is checked after de-duplication (duplicates are the common case), and the id
    // is marked seen only once it holds, so a forgery cannot shadow the real message.
    if (policy == SignaturePolicy.STRICT_SIGN
        && !MessageAuthentication.signatureValid(raw, message)) {
      reject(from, null, topic, "invalid signature");
      return;
    }
    state.seen.add(id, state.now());
    gossip.messageArrived(id);
    state.score.validateMessage(id, state.now());
    validate(from, id, raw, message);
  }

  private void validate(PeerId from, MessageId id, RawMessage raw, PubsubMessage message) {
    String topic = raw.topic();
    TopicValidator validator = validators.get(topic);
    if (validator == null) {
      accept(from, id, raw, message);
      return;
    }
    int inFlight = validationsInFlight.getOrDefault(topic, 0);
    if (inFlight >= config.maxConcurrentValidations()) {
      log.debug("validation queue of {} full; message {} ignored", topic, id);
      state.score.ignoreMessage(id);
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
            state
                .env
                .scheduler()
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
      default -> state.score.ignoreMessage(id);
    }
  }

  private void accept(PeerId from, MessageId id, RawMessage raw, PubsubMessage message) {
    String topic = raw.topic();
    state.mcache.put(id, raw);
    state.score.deliverMessage(from, id, topic, state.now());
    forward(from, raw, message);
    MessageHandler handler = state.subscriptions.get(topic);
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
    state.score.rejectMessage(from, id, topic);
    state.output.event(new PubsubEvent.MessageRejected(from, topic, reason));
  }

  /**
   * Sends an accepted message on to the mesh, direct peers and floodsub peers of its topic, never
   * back to its source or author.
   */
  private void forward(PeerId from, RawMessage raw, PubsubMessage message) {
    String topic = raw.topic();
    PeerId author = message.author().orElse(null);
    Rpc rpc = Rpc.ofMessages(List.of(raw));
    Set<PeerId> targets = new LinkedHashSet<>(state.mesh.getOrDefault(topic, Set.of()));
    targets.addAll(state.directSubscribers(topic));
    for (PeerId peer : state.subscribers(topic)) {
      if (state.peers.get(peer).protocol == PubsubProtocol.FLOODSUB
          && state.score(peer) >= config.scoreThresholds().publishThreshold()) {
        targets.add(peer);
      }
    }
    for (PeerId peer : targets) {
      if (!peer.equals(from) && !peer.equals(author)) {
        state.output.send(peer, rpc);
      }
    }
  }

  private MessageIdFunction idFunction(SignaturePolicy policy) {
    return policy == SignaturePolicy.STRICT_SIGN
        ? config.signedMessageIdFunction()
        : config.unsignedMessageIdFunction();
  }
}
