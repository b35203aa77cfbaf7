package org.pinring.libp2p.pubsub;

/**
 * What {@code publish} did.
 *
 * @param id the message's id
 * @param recipients peers the message was sent to (0 if none was subscribed)
 */
public record PublishResult(MessageId id, int recipients) {}
