package org.pinring.libp2p.pubsub;

import org.pinring.libp2p.PeerId;

/** Router events for metrics and tests, delivered on the router's scheduler. */
public sealed interface PubsubEvent
    permits PubsubEvent.Grafted,
        PubsubEvent.Pruned,
        PubsubEvent.PeerScoreChanged,
        PubsubEvent.MessageRejected {

  /** {@code peer} joined our mesh of {@code topic} (we grafted it, or accepted its GRAFT). */
  record Grafted(PeerId peer, String topic) implements PubsubEvent {}

  /** {@code peer} left our mesh of {@code topic}. */
  record Pruned(PeerId peer, String topic) implements PubsubEvent {}

  /** A peer's score changed at a heartbeat. */
  record PeerScoreChanged(PeerId peer, double previous, double current) implements PubsubEvent {}

  /** A message from {@code peer} was rejected (bad signature or a validator's REJECT). */
  record MessageRejected(PeerId peer, String topic, String reason) implements PubsubEvent {}
}
