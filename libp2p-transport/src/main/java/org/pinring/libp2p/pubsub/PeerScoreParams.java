package org.pinring.libp2p.pubsub;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.pinring.libp2p.PeerId;

/**
 * Global peer-score parameters (gossipsub v1.1 spec, "The Score Function"): per-topic P1-P4 via
 * {@link #topics()}, application score P5, IP colocation P6, behaviour penalty P7, and decay.
 * Defaults are js-libp2p's. Topics without parameters do not contribute to the score.
 *
 * @param appSpecificScore P5; must be thread-safe and fast, it runs on the router's scheduler
 * @param ipColocationFactorWhitelist IP address texts exempt from P6
 * @param retainScore how long a disconnected peer's score is remembered (so reconnecting does not
 *     wash away penalties)
 */
public record PeerScoreParams(
    Map<String, TopicScoreParams> topics,
    double topicScoreCap,
    ToDoubleFunction<PeerId> appSpecificScore,
    double appSpecificWeight,
    double ipColocationFactorWeight,
    double ipColocationFactorThreshold,
    Set<String> ipColocationFactorWhitelist,
    double behaviourPenaltyWeight,
    double behaviourPenaltyThreshold,
    double behaviourPenaltyDecay,
    Duration decayInterval,
    double decayToZero,
    Duration retainScore) {

  public PeerScoreParams {
    topics = Map.copyOf(topics);
    Objects.requireNonNull(appSpecificScore, "appSpecificScore");
    ipColocationFactorWhitelist = Set.copyOf(ipColocationFactorWhitelist);
    Objects.requireNonNull(decayInterval, "decayInterval");
    Objects.requireNonNull(retainScore, "retainScore");
    TopicScoreParams.require(topicScoreCap >= 0, "topicScoreCap must be >= 0");
    TopicScoreParams.require(
        ipColocationFactorWeight <= 0, "ipColocationFactorWeight must be <= 0");
    TopicScoreParams.require(ipColocationFactorThreshold >= 1, "ipColocationFactorThreshold >= 1");
    TopicScoreParams.require(behaviourPenaltyWeight <= 0, "behaviourPenaltyWeight must be <= 0");
    TopicScoreParams.requireDecay(behaviourPenaltyDecay);
    TopicScoreParams.require(
        decayInterval.compareTo(Duration.ofMillis(1)) >= 0, "decayInterval must be >= 1 ms");
    TopicScoreParams.require(decayToZero > 0 && decayToZero < 1, "decayToZero must be in (0, 1)");
  }

  /** js-libp2p's defaults, with no topic parameters. */
  public static PeerScoreParams defaults() {
    return new PeerScoreParams(
        Map.of(),
        10,
        peer -> 0,
        10,
        -5,
        10,
        Set.of(),
        -10,
        0,
        0.2,
        Duration.ofSeconds(1),
        0.1,
        Duration.ofHours(1));
  }

  /** These parameters with {@code params} for {@code topic}. */
  public PeerScoreParams withTopic(String topic, TopicScoreParams params) {
    Map<String, TopicScoreParams> all = new HashMap<>(topics);
    all.put(topic, params);
    return new PeerScoreParams(
        all,
        topicScoreCap,
        appSpecificScore,
        appSpecificWeight,
        ipColocationFactorWeight,
        ipColocationFactorThreshold,
        ipColocationFactorWhitelist,
        behaviourPenaltyWeight,
        behaviourPenaltyThreshold,
        behaviourPenaltyDecay,
        decayInterval,
        decayToZero,
        retainScore);
  }

  /** These parameters with another P5 (application-specific score) function. */
  public PeerScoreParams withAppSpecificScore(ToDoubleFunction<PeerId> score) {
    return new PeerScoreParams(
        topics,
        topicScoreCap,
        score,
        appSpecificWeight,
        ipColocationFactorWeight,
        ipColocationFactorThreshold,
        ipColocationFactorWhitelist,
        behaviourPenaltyWeight,
        behaviourPenaltyThreshold,
        behaviourPenaltyDecay,
        decayInterval,
        decayToZero,
        retainScore);
  }

  /** These parameters with another P6 weight (0 turns IP colocation off, e.g. on loopback). */
  public PeerScoreParams withIpColocationFactorWeight(double weight) {
    return new PeerScoreParams(
        topics,
        topicScoreCap,
        appSpecificScore,
        appSpecificWeight,
        weight,
        ipColocationFactorThreshold,
        ipColocationFactorWhitelist,
        behaviourPenaltyWeight,
        behaviourPenaltyThreshold,
        behaviourPenaltyDecay,
        decayInterval,
        decayToZero,
        retainScore);
  }
}
