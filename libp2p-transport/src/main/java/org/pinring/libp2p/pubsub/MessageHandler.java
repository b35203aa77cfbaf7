package org.pinring.libp2p.pubsub;

import org.pinring.libp2p.PeerId;

/**
 * Receives the accepted messages of a subscribed topic, each once, on the router's scheduler. Must
 * not block.
 */
@FunctionalInterface
public interface MessageHandler {

  void onMessage(PubsubMessage message, MessageId id, PeerId receivedFrom);
}
