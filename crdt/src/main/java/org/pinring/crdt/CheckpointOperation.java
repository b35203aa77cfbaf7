package org.pinring.crdt;

import java.util.Objects;

/**
 * A checkpoint signed by the curators: the state at a DAG frontier. Replicated like any ring
 * operation; a new replica may bootstrap from the snapshot it names, and replicas may compact what
 * lies below its frontier.
 */
public record CheckpointOperation(RingId ring, Nonce nonce, Checkpoint checkpoint)
    implements Operation {

  public CheckpointOperation {
    Objects.requireNonNull(ring, "ring");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(checkpoint, "checkpoint");
  }

  @Override
  public String kind() {
    return "checkpoint";
  }
}
