package org.pinring.libp2p.pubsub;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.pinring.libp2p.PeerId;
import org.pinring.multiformats.Multiaddr;

/**
 * Every gossipsub parameter in one immutable record, with the defaults of the gossipsub v1.0/v1.1
 * specs (D_lo = 5 as go-libp2p and the spec's parameter table; js-libp2p uses 4) and js-libp2p's
 * scoring defaults. Build variants with {@link #builder()}.
 *
 * @param d desired mesh degree (D) (default 6)
 * @param dLo below it the heartbeat grafts up to D (D_lo) (default 5)
 * @param dHi above it the heartbeat prunes down to D (D_hi) (default 12)
 * @param dLazy minimum peers to gossip IHAVE to per topic (D_lazy) (default 6)
 * @param dOut outbound connections kept in each mesh (D_out, < D_lo and <= D/2) (default 2)
 * @param dScore peers kept by score when pruning an oversized mesh (D_score) (default 4)
 * @param heartbeatInitialDelay delay before the first heartbeat (default Millis(100))
 * @param heartbeatInterval heartbeat period (default Seconds(1))
 * @param fanoutTtl fanout state of a topic published to without joining is dropped after this
 *     (default Seconds(60))
 * @param mcacheLength heartbeats of history in the message cache (default 5)
 * @param mcacheGossip heartbeats of history gossiped in IHAVE (default 3)
 * @param seenTtl how long message ids are remembered for de-duplication (default Minutes(2))
 * @param maxSeenMessages bound on the seen cache; the oldest ids go first beyond it (default
 *     1_000_000)
 * @param gossipFactor fraction of eligible peers gossiped to, if more than D_lazy (default 0.25)
 * @param gossipRetransmission times a message is sent to one peer in answer to IWANT (default 3)
 * @param maxIHaveLength message ids requested per peer per heartbeat, and advertised per IHAVE
 *     (default 5000)
 * @param maxIHaveMessages IHAVE messages accepted per peer per heartbeat (default 10)
 * @param iwantFollowupTime time a peer has to deliver a message it advertised and we asked for
 *     (default Seconds(3))
 * @param pruneBackoff backoff sent in PRUNE and applied after one (default Seconds(60))
 * @param unsubscribeBackoff backoff sent in the PRUNEs that leaving a topic causes (default
 *     Seconds(10))
 * @param prunePeers peers offered in peer exchange (default 16)
 * @param doPx offer peer exchange when pruning (and follow it from well-scored peers) (default
 *     false)
 * @param graftFloodThreshold a GRAFT sooner than this after a PRUNE costs an extra behaviour
 *     penalty (default Seconds(10))
 * @param opportunisticGraftTicks heartbeats between opportunistic grafting rounds (default 60)
 * @param opportunisticGraftPeers peers grafted per opportunistic round (default 2)
 * @param directPeers explicit peering agreements (v1.1 "Explicit Peering Agreements"): peers, with
 *     addresses to reach them, that are never in a mesh, always get forwarded messages, are never
 *     graylisted and are reconnected when the connection is lost (default Map.of())
 * @param directConnectInitialDelay delay before the first connection attempt to direct peers
 *     (default Seconds(1))
 * @param directConnectTicks heartbeats between reconnection attempts to direct peers that are not
 *     connected (default 300)
 * @param floodPublish own messages go to every topic peer above the publish threshold, not only the
 *     mesh (default true)
 * @param defaultSignaturePolicy policy of topics not in signaturePolicies (default STRICT_SIGN)
 * @param signaturePolicies per-topic signature policies (default Map.of())
 * @param signedMessageIdFunction message ids under STRICT_SIGN (default
 *     MessageIdFunction.strictSignDefault())
 * @param unsignedMessageIdFunction message ids under STRICT_NO_SIGN (default
 *     MessageIdFunction.contentDefault())
 * @param rpcLimits bounds on received RPCs (1 MiB each by default) (default RpcLimits.defaults())
 * @param maxConcurrentValidations validations in flight per topic; messages beyond are ignored (not
 *     penalised) (default 1024)
 * @param maxQueuedBytesPerPeer bytes queued for one peer's stream before further RPCs to it are
 *     dropped (default 16 << 20)
 * @param maxPeers peers the router tracks (default 10_000)
 * @param scoreParams peer scoring parameters (default PeerScoreParams.defaults())
 * @param scoreThresholds score thresholds (default PeerScoreThresholds.defaults())
 */
public record GossipsubConfig(
    int d,
    int dLo,
    int dHi,
    int dLazy,
    int dOut,
    int dScore,
    Duration heartbeatInitialDelay,
    Duration heartbeatInterval,
    Duration fanoutTtl,
    int mcacheLength,
    int mcacheGossip,
    Duration seenTtl,
    int maxSeenMessages,
    double gossipFactor,
    int gossipRetransmission,
    int maxIHaveLength,
    int maxIHaveMessages,
    Duration iwantFollowupTime,
    Duration pruneBackoff,
    Duration unsubscribeBackoff,
    int prunePeers,
    boolean doPx,
    Duration graftFloodThreshold,
    int opportunisticGraftTicks,
    int opportunisticGraftPeers,
    Map<PeerId, List<Multiaddr>> directPeers,
    Duration directConnectInitialDelay,
    int directConnectTicks,
    boolean floodPublish,
    SignaturePolicy defaultSignaturePolicy,
    Map<String, SignaturePolicy> signaturePolicies,
    MessageIdFunction signedMessageIdFunction,
    MessageIdFunction unsignedMessageIdFunction,
    RpcLimits rpcLimits,
    int maxConcurrentValidations,
    int maxQueuedBytesPerPeer,
    int maxPeers,
    PeerScoreParams scoreParams,
    PeerScoreThresholds scoreThresholds) {

  public GossipsubConfig {
    Objects.requireNonNull(heartbeatInitialDelay, "heartbeatInitialDelay");
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    Objects.requireNonNull(fanoutTtl, "fanoutTtl");
    Objects.requireNonNull(seenTtl, "seenTtl");
    Objects.requireNonNull(iwantFollowupTime, "iwantFollowupTime");
    Objects.requireNonNull(pruneBackoff, "pruneBackoff");
    Objects.requireNonNull(unsubscribeBackoff, "unsubscribeBackoff");
    Objects.requireNonNull(graftFloodThreshold, "graftFloodThreshold");
    Objects.requireNonNull(defaultSignaturePolicy, "defaultSignaturePolicy");
    Objects.requireNonNull(signaturePolicies, "signaturePolicies");
    Objects.requireNonNull(signedMessageIdFunction, "signedMessageIdFunction");
    Objects.requireNonNull(unsignedMessageIdFunction, "unsignedMessageIdFunction");
    Objects.requireNonNull(rpcLimits, "rpcLimits");
    Objects.requireNonNull(scoreParams, "scoreParams");
    Objects.requireNonNull(scoreThresholds, "scoreThresholds");
    Objects.requireNonNull(directPeers, "directPeers");
    Objects.requireNonNull(directConnectInitialDelay, "directConnectInitialDelay");
    Map<PeerId, List<Multiaddr>> direct = new LinkedHashMap<>();
    directPeers.forEach((peer, addresses) -> direct.put(peer, List.copyOf(addresses)));
    directPeers = Collections.unmodifiableMap(direct);
    TopicScoreParams.require(directConnectTicks > 0, "directConnectTicks > 0");
    TopicScoreParams.require(
        !directConnectInitialDelay.isNegative(), "negative directConnectInitialDelay");
    signaturePolicies = Map.copyOf(signaturePolicies);
    TopicScoreParams.require(dLo <= d && d <= dHi, "need D_lo <= D <= D_hi");
    TopicScoreParams.require(dLo > 0, "D_lo must be positive");
    TopicScoreParams.require(dOut < dLo && dOut <= d / 2, "need D_out < D_lo and D_out <= D/2");
    TopicScoreParams.require(dScore >= 0 && dScore <= d, "need 0 <= D_score <= D");
    TopicScoreParams.require(dLazy >= 0, "D_lazy must be >= 0");
    TopicScoreParams.require(
        mcacheGossip > 0 && mcacheGossip <= mcacheLength, "need 0 < mcacheGossip <= mcacheLength");
    TopicScoreParams.require(gossipFactor >= 0 && gossipFactor <= 1, "gossipFactor in [0, 1]");
    TopicScoreParams.require(positive(heartbeatInterval), "heartbeatInterval must be positive");
    TopicScoreParams.require(!heartbeatInitialDelay.isNegative(), "negative heartbeatInitialDelay");
    TopicScoreParams.require(positive(seenTtl), "seenTtl must be positive");
    TopicScoreParams.require(maxSeenMessages > 0, "maxSeenMessages must be positive");
    TopicScoreParams.require(maxConcurrentValidations > 0, "maxConcurrentValidations > 0");
    TopicScoreParams.require(maxQueuedBytesPerPeer > 0, "maxQueuedBytesPerPeer > 0");
    TopicScoreParams.require(maxPeers > 0, "maxPeers > 0");
    TopicScoreParams.require(opportunisticGraftTicks > 0, "opportunisticGraftTicks > 0");
    TopicScoreParams.require(opportunisticGraftPeers >= 0, "opportunisticGraftPeers >= 0");
    TopicScoreParams.require(gossipRetransmission > 0, "gossipRetransmission > 0");
    TopicScoreParams.require(maxIHaveLength > 0, "maxIHaveLength > 0");
    TopicScoreParams.require(maxIHaveMessages > 0, "maxIHaveMessages > 0");
    TopicScoreParams.require(prunePeers >= 0, "prunePeers >= 0");
    TopicScoreParams.require(positive(fanoutTtl), "fanoutTtl must be positive");
    TopicScoreParams.require(!pruneBackoff.isNegative(), "negative pruneBackoff");
    TopicScoreParams.require(!unsubscribeBackoff.isNegative(), "negative unsubscribeBackoff");
  }

  public static GossipsubConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.d = d;
    b.dLo = dLo;
    b.dHi = dHi;
    b.dLazy = dLazy;
    b.dOut = dOut;
    b.dScore = dScore;
    b.heartbeatInitialDelay = heartbeatInitialDelay;
    b.heartbeatInterval = heartbeatInterval;
    b.fanoutTtl = fanoutTtl;
    b.mcacheLength = mcacheLength;
    b.mcacheGossip = mcacheGossip;
    b.seenTtl = seenTtl;
    b.maxSeenMessages = maxSeenMessages;
    b.gossipFactor = gossipFactor;
    b.gossipRetransmission = gossipRetransmission;
    b.maxIHaveLength = maxIHaveLength;
    b.maxIHaveMessages = maxIHaveMessages;
    b.iwantFollowupTime = iwantFollowupTime;
    b.pruneBackoff = pruneBackoff;
    b.unsubscribeBackoff = unsubscribeBackoff;
    b.prunePeers = prunePeers;
    b.doPx = doPx;
    b.graftFloodThreshold = graftFloodThreshold;
    b.opportunisticGraftTicks = opportunisticGraftTicks;
    b.opportunisticGraftPeers = opportunisticGraftPeers;
    b.directPeers = directPeers;
    b.directConnectInitialDelay = directConnectInitialDelay;
    b.directConnectTicks = directConnectTicks;
    b.floodPublish = floodPublish;
    b.defaultSignaturePolicy = defaultSignaturePolicy;
    b.signaturePolicies = signaturePolicies;
    b.signedMessageIdFunction = signedMessageIdFunction;
    b.unsignedMessageIdFunction = unsignedMessageIdFunction;
    b.rpcLimits = rpcLimits;
    b.maxConcurrentValidations = maxConcurrentValidations;
    b.maxQueuedBytesPerPeer = maxQueuedBytesPerPeer;
    b.maxPeers = maxPeers;
    b.scoreParams = scoreParams;
    b.scoreThresholds = scoreThresholds;
    return b;
  }

  /** True if {@code peer} is one of the {@link #directPeers}. */
  public boolean isDirect(PeerId peer) {
    return directPeers.containsKey(peer);
  }

  /** The signature policy of {@code topic}. */
  public SignaturePolicy signaturePolicy(String topic) {
    return signaturePolicies.getOrDefault(topic, defaultSignaturePolicy);
  }

  private static boolean positive(Duration duration) {
    return !duration.isNegative() && !duration.isZero();
  }

  /** Builds a {@link GossipsubConfig}; every field starts at its default. Not thread-safe. */
  public static final class Builder {
    private int d = 6;
    private int dLo = 5;
    private int dHi = 12;
    private int dLazy = 6;
    private int dOut = 2;
    private int dScore = 4;
    private Duration heartbeatInitialDelay = Duration.ofMillis(100);
    private Duration heartbeatInterval = Duration.ofSeconds(1);
    private Duration fanoutTtl = Duration.ofSeconds(60);
    private int mcacheLength = 5;
    private int mcacheGossip = 3;
    private Duration seenTtl = Duration.ofMinutes(2);
    private int maxSeenMessages = 1_000_000;
    private double gossipFactor = 0.25;
    private int gossipRetransmission = 3;
    private int maxIHaveLength = 5000;
    private int maxIHaveMessages = 10;
    private Duration iwantFollowupTime = Duration.ofSeconds(3);
    private Duration pruneBackoff = Duration.ofSeconds(60);
    private Duration unsubscribeBackoff = Duration.ofSeconds(10);
    private int prunePeers = 16;
    private boolean doPx = false;
    private Duration graftFloodThreshold = Duration.ofSeconds(10);
    private int opportunisticGraftTicks = 60;
    private int opportunisticGraftPeers = 2;
    private Map<PeerId, List<Multiaddr>> directPeers = Map.of();
    private Duration directConnectInitialDelay = Duration.ofSeconds(1);
    private int directConnectTicks = 300;
    private boolean floodPublish = true;
    private SignaturePolicy defaultSignaturePolicy = SignaturePolicy.STRICT_SIGN;
    private Map<String, SignaturePolicy> signaturePolicies = Map.of();
    private MessageIdFunction signedMessageIdFunction = MessageIdFunction.strictSignDefault();
    private MessageIdFunction unsignedMessageIdFunction = MessageIdFunction.contentDefault();
    private RpcLimits rpcLimits = RpcLimits.defaults();
    private int maxConcurrentValidations = 1024;
    private int maxQueuedBytesPerPeer = 16 << 20;
    private int maxPeers = 10_000;
    private PeerScoreParams scoreParams = PeerScoreParams.defaults();
    private PeerScoreThresholds scoreThresholds = PeerScoreThresholds.defaults();

    private Builder() {}

    /** Sets d: desired mesh degree (D). */
    public Builder d(int value) {
      this.d = value;
      return this;
    }

    /** Sets dLo: below it the heartbeat grafts up to D (D_lo). */
    public Builder dLo(int value) {
      this.dLo = value;
      return this;
    }

    /** Sets dHi: above it the heartbeat prunes down to D (D_hi). */
    public Builder dHi(int value) {
      this.dHi = value;
      return this;
    }

    /** Sets dLazy: minimum peers to gossip IHAVE to per topic (D_lazy). */
    public Builder dLazy(int value) {
      this.dLazy = value;
      return this;
    }

    /** Sets dOut: outbound connections kept in each mesh (D_out, < D_lo and <= D/2). */
    public Builder dOut(int value) {
      this.dOut = value;
      return this;
    }

    /** Sets dScore: peers kept by score when pruning an oversized mesh (D_score). */
    public Builder dScore(int value) {
      this.dScore = value;
      return this;
    }

    /** Sets heartbeatInitialDelay: delay before the first heartbeat. */
    public Builder heartbeatInitialDelay(Duration value) {
      this.heartbeatInitialDelay = value;
      return this;
    }

    /** Sets heartbeatInterval: heartbeat period. */
    public Builder heartbeatInterval(Duration value) {
      this.heartbeatInterval = value;
      return this;
    }

    /**
     * Sets fanoutTtl: fanout state of a topic published to without joining is dropped after this.
     */
    public Builder fanoutTtl(Duration value) {
      this.fanoutTtl = value;
      return this;
    }

    /** Sets mcacheLength: heartbeats of history in the message cache. */
    public Builder mcacheLength(int value) {
      this.mcacheLength = value;
      return this;
    }

    /** Sets mcacheGossip: heartbeats of history gossiped in IHAVE. */
    public Builder mcacheGossip(int value) {
      this.mcacheGossip = value;
      return this;
    }

    /** Sets seenTtl: how long message ids are remembered for de-duplication. */
    public Builder seenTtl(Duration value) {
      this.seenTtl = value;
      return this;
    }

    /** Sets maxSeenMessages: bound on the seen cache; the oldest ids go first beyond it. */
    public Builder maxSeenMessages(int value) {
      this.maxSeenMessages = value;
      return this;
    }

    /** Sets gossipFactor: fraction of eligible peers gossiped to, if more than D_lazy. */
    public Builder gossipFactor(double value) {
      this.gossipFactor = value;
      return this;
    }

    /** Sets gossipRetransmission: times a message is sent to one peer in answer to IWANT. */
    public Builder gossipRetransmission(int value) {
      this.gossipRetransmission = value;
      return this;
    }

    /**
     * Sets maxIHaveLength: message ids requested per peer per heartbeat, and advertised per IHAVE.
     */
    public Builder maxIHaveLength(int value) {
      this.maxIHaveLength = value;
      return this;
    }

    /** Sets maxIHaveMessages: IHAVE messages accepted per peer per heartbeat. */
    public Builder maxIHaveMessages(int value) {
      this.maxIHaveMessages = value;
      return this;
    }

    /**
     * Sets iwantFollowupTime: time a peer has to deliver a message it advertised and we asked for.
     */
    public Builder iwantFollowupTime(Duration value) {
      this.iwantFollowupTime = value;
      return this;
    }

    /** Sets pruneBackoff: backoff sent in PRUNE and applied after one. */
    public Builder pruneBackoff(Duration value) {
      this.pruneBackoff = value;
      return this;
    }

    /** Sets unsubscribeBackoff: backoff sent in the PRUNEs that leaving a topic causes. */
    public Builder unsubscribeBackoff(Duration value) {
      this.unsubscribeBackoff = value;
      return this;
    }

    /** Sets prunePeers: peers offered in peer exchange. */
    public Builder prunePeers(int value) {
      this.prunePeers = value;
      return this;
    }

    /** Sets doPx: offer peer exchange when pruning (and follow it from well-scored peers). */
    public Builder doPx(boolean value) {
      this.doPx = value;
      return this;
    }

    /**
     * Sets graftFloodThreshold: a GRAFT sooner than this after a PRUNE costs an extra behaviour
     * penalty.
     */
    public Builder graftFloodThreshold(Duration value) {
      this.graftFloodThreshold = value;
      return this;
    }

    /** Sets opportunisticGraftTicks: heartbeats between opportunistic grafting rounds. */
    public Builder opportunisticGraftTicks(int value) {
      this.opportunisticGraftTicks = value;
      return this;
    }

    /** Sets opportunisticGraftPeers: peers grafted per opportunistic round. */
    public Builder opportunisticGraftPeers(int value) {
      this.opportunisticGraftPeers = value;
      return this;
    }

    /** Sets directPeers: explicit peering agreements, each peer with its addresses. */
    public Builder directPeers(Map<PeerId, List<Multiaddr>> value) {
      this.directPeers = value;
      return this;
    }

    /** Sets directConnectInitialDelay: delay before the first connection to direct peers. */
    public Builder directConnectInitialDelay(Duration value) {
      this.directConnectInitialDelay = value;
      return this;
    }

    /** Sets directConnectTicks: heartbeats between reconnections to direct peers. */
    public Builder directConnectTicks(int value) {
      this.directConnectTicks = value;
      return this;
    }

    /**
     * Sets floodPublish: own messages go to every topic peer above the publish threshold, not only
     * the mesh.
     */
    public Builder floodPublish(boolean value) {
      this.floodPublish = value;
      return this;
    }

    /** Sets defaultSignaturePolicy: policy of topics not in signaturePolicies. */
    public Builder defaultSignaturePolicy(SignaturePolicy value) {
      this.defaultSignaturePolicy = value;
      return this;
    }

    /** Sets signaturePolicies: per-topic signature policies. */
    public Builder signaturePolicies(Map<String, SignaturePolicy> value) {
      this.signaturePolicies = value;
      return this;
    }

    /** Sets signedMessageIdFunction: message ids under STRICT_SIGN. */
    public Builder signedMessageIdFunction(MessageIdFunction value) {
      this.signedMessageIdFunction = value;
      return this;
    }

    /** Sets unsignedMessageIdFunction: message ids under STRICT_NO_SIGN. */
    public Builder unsignedMessageIdFunction(MessageIdFunction value) {
      this.unsignedMessageIdFunction = value;
      return this;
    }

    /** Sets rpcLimits: bounds on received RPCs (1 MiB each by default). */
    public Builder rpcLimits(RpcLimits value) {
      this.rpcLimits = value;
      return this;
    }

    /**
     * Sets maxConcurrentValidations: validations in flight per topic; messages beyond are ignored
     * (not penalised).
     */
    public Builder maxConcurrentValidations(int value) {
      this.maxConcurrentValidations = value;
      return this;
    }

    /**
     * Sets maxQueuedBytesPerPeer: bytes queued for one peer's stream before further RPCs to it are
     * dropped.
     */
    public Builder maxQueuedBytesPerPeer(int value) {
      this.maxQueuedBytesPerPeer = value;
      return this;
    }

    /** Sets maxPeers: peers the router tracks. */
    public Builder maxPeers(int value) {
      this.maxPeers = value;
      return this;
    }

    /** Sets scoreParams: peer scoring parameters. */
    public Builder scoreParams(PeerScoreParams value) {
      this.scoreParams = value;
      return this;
    }

    /** Sets scoreThresholds: score thresholds. */
    public Builder scoreThresholds(PeerScoreThresholds value) {
      this.scoreThresholds = value;
      return this;
    }

    /** The configuration; fails with {@link IllegalArgumentException} if values contradict. */
    public GossipsubConfig build() {
      return new GossipsubConfig(
          d,
          dLo,
          dHi,
          dLazy,
          dOut,
          dScore,
          heartbeatInitialDelay,
          heartbeatInterval,
          fanoutTtl,
          mcacheLength,
          mcacheGossip,
          seenTtl,
          maxSeenMessages,
          gossipFactor,
          gossipRetransmission,
          maxIHaveLength,
          maxIHaveMessages,
          iwantFollowupTime,
          pruneBackoff,
          unsubscribeBackoff,
          prunePeers,
          doPx,
          graftFloodThreshold,
          opportunisticGraftTicks,
          opportunisticGraftPeers,
          directPeers,
          directConnectInitialDelay,
          directConnectTicks,
          floodPublish,
          defaultSignaturePolicy,
          signaturePolicies,
          signedMessageIdFunction,
          unsignedMessageIdFunction,
          rpcLimits,
          maxConcurrentValidations,
          maxQueuedBytesPerPeer,
          maxPeers,
          scoreParams,
          scoreThresholds);
    }
  }
}
