package org.pinring.libp2p.pubsub;

import java.util.concurrent.CompletionStage;
import org.pinring.libp2p.PeerId;

/**
 * Decides whether a message of a topic is delivered and forwarded. Runs after the signature check
 * and de-duplication, on the router's scheduler: a validator that needs time (I/O, a costly check)
 * returns an incomplete stage and completes it from elsewhere. At most {@link
 * GossipsubConfig#maxConcurrentValidations()} validations per topic are in flight; messages beyond
 * are ignored. A stage that fails counts as {@link ValidationResult#IGNORE}.
 */
@FunctionalInterface
public interface TopicValidator {

  CompletionStage<ValidationResult> validate(PeerId receivedFrom, PubsubMessage message);
}
