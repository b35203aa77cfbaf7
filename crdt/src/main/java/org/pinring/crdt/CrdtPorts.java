package org.pinring.crdt;

import java.util.Objects;

/** Everything a replica talks to besides its store and environment. */
public record CrdtPorts(
    BlockSource source,
    BlockSink sink,
    HeadBroadcaster broadcaster,
    Authorizer authorizer,
    CrdtMetrics metrics) {

  public CrdtPorts {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(broadcaster, "broadcaster");
    Objects.requireNonNull(authorizer, "authorizer");
    Objects.requireNonNull(metrics, "metrics");
  }
}
