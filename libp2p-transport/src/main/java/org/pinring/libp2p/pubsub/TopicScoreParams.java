package org.pinring.libp2p.pubsub;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-topic score parameters P1-P4 (gossipsub v1.1 spec, "Topic Parameter Calculation"). Decay
 * factors multiply counters once per {@link PeerScoreParams#decayInterval()}; weights of penalties
 * are negative. Defaults are js-libp2p's.
 */
public record TopicScoreParams(
    double topicWeight,
    double timeInMeshWeight,
    Duration timeInMeshQuantum,
    double timeInMeshCap,
    double firstMessageDeliveriesWeight,
    double firstMessageDeliveriesDecay,
    double firstMessageDeliveriesCap,
    double meshMessageDeliveriesWeight,
    double meshMessageDeliveriesDecay,
    double meshMessageDeliveriesCap,
    double meshMessageDeliveriesThreshold,
    Duration meshMessageDeliveriesWindow,
    Duration meshMessageDeliveriesActivation,
    double meshFailurePenaltyWeight,
    double meshFailurePenaltyDecay,
    double invalidMessageDeliveriesWeight,
    double invalidMessageDeliveriesDecay) {

  public TopicScoreParams {
    Objects.requireNonNull(timeInMeshQuantum, "timeInMeshQuantum");
    Objects.requireNonNull(meshMessageDeliveriesWindow, "meshMessageDeliveriesWindow");
    Objects.requireNonNull(meshMessageDeliveriesActivation, "meshMessageDeliveriesActivation");
    require(topicWeight >= 0, "topicWeight must be >= 0");
    require(timeInMeshWeight >= 0, "timeInMeshWeight must be >= 0");
    require(!timeInMeshQuantum.isZero() && !timeInMeshQuantum.isNegative(), "quantum must be > 0");
    require(firstMessageDeliveriesWeight >= 0, "firstMessageDeliveriesWeight must be >= 0");
    require(meshMessageDeliveriesWeight <= 0, "meshMessageDeliveriesWeight must be <= 0");
    require(meshFailurePenaltyWeight <= 0, "meshFailurePenaltyWeight must be <= 0");
    require(invalidMessageDeliveriesWeight <= 0, "invalidMessageDeliveriesWeight must be <= 0");
    requireDecay(firstMessageDeliveriesDecay);
    requireDecay(meshMessageDeliveriesDecay);
    requireDecay(meshFailurePenaltyDecay);
    requireDecay(invalidMessageDeliveriesDecay);
  }

  /** js-libp2p's defaults. */
  public static TopicScoreParams defaults() {
    return new TopicScoreParams(
        0.5,
        1,
        Duration.ofSeconds(1),
        3600,
        1,
        0.5,
        2000,
        -1,
        0.5,
        100,
        20,
        Duration.ofMillis(10),
        Duration.ofSeconds(5),
        -1,
        0.5,
        -1,
        0.3);
  }

  /** These parameters with another P4 (invalid messages) weight and decay. */
  public TopicScoreParams withInvalidMessageDeliveries(double weight, double decay) {
    return new TopicScoreParams(
        topicWeight,
        timeInMeshWeight,
        timeInMeshQuantum,
        timeInMeshCap,
        firstMessageDeliveriesWeight,
        firstMessageDeliveriesDecay,
        firstMessageDeliveriesCap,
        meshMessageDeliveriesWeight,
        meshMessageDeliveriesDecay,
        meshMessageDeliveriesCap,
        meshMessageDeliveriesThreshold,
        meshMessageDeliveriesWindow,
        meshMessageDeliveriesActivation,
        meshFailurePenaltyWeight,
        meshFailurePenaltyDecay,
        weight,
        decay);
  }

  /** These parameters with P3 (mesh message delivery deficit) switched off. */
  public TopicScoreParams withoutMeshDeliveryPenalty() {
    return new TopicScoreParams(
        topicWeight,
        timeInMeshWeight,
        timeInMeshQuantum,
        timeInMeshCap,
        firstMessageDeliveriesWeight,
        firstMessageDeliveriesDecay,
        firstMessageDeliveriesCap,
        0,
        meshMessageDeliveriesDecay,
        meshMessageDeliveriesCap,
        meshMessageDeliveriesThreshold,
        meshMessageDeliveriesWindow,
        meshMessageDeliveriesActivation,
        0,
        meshFailurePenaltyDecay,
        invalidMessageDeliveriesWeight,
        invalidMessageDeliveriesDecay);
  }

  static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  static void requireDecay(double decay) {
    require(decay > 0 && decay < 1, "decay factors must be in (0, 1): " + decay);
  }
}
