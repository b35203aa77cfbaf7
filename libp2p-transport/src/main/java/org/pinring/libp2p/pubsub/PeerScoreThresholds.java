package org.pinring.libp2p.pubsub;

/**
 * Score thresholds (gossipsub v1.1 spec, "Score Thresholds"). Defaults are js-libp2p's.
 *
 * @param gossipThreshold below it, no gossip is emitted to or accepted from the peer (<= 0)
 * @param publishThreshold below it, own messages are not flood-published to the peer (<= gossip)
 * @param graylistThreshold below it, all RPCs from the peer are ignored (< publish)
 * @param acceptPxThreshold peer exchange is followed only from peers scoring at least this (>= 0)
 * @param opportunisticGraftThreshold median mesh score below which opportunistic grafting runs
 */
public record PeerScoreThresholds(
    double gossipThreshold,
    double publishThreshold,
    double graylistThreshold,
    double acceptPxThreshold,
    double opportunisticGraftThreshold) {

  public PeerScoreThresholds {
    TopicScoreParams.require(gossipThreshold <= 0, "gossipThreshold must be <= 0");
    TopicScoreParams.require(
        publishThreshold <= gossipThreshold, "publishThreshold must be <= gossipThreshold");
    TopicScoreParams.require(
        graylistThreshold < publishThreshold, "graylistThreshold must be < publishThreshold");
    TopicScoreParams.require(acceptPxThreshold >= 0, "acceptPxThreshold must be >= 0");
    TopicScoreParams.require(
        opportunisticGraftThreshold >= 0, "opportunisticGraftThreshold must be >= 0");
  }

  public static PeerScoreThresholds defaults() {
    return new PeerScoreThresholds(-10, -50, -80, 10, 20);
  }
}
