package org.pinring.libp2p.pubsub;

import java.util.List;

/** The pubsub protocol a peer speaks to us, in order of preference. */
enum PubsubProtocol {
  MESHSUB_V11("/meshsub/1.1.0"),
  MESHSUB_V10("/meshsub/1.0.0"),
  FLOODSUB("/floodsub/1.0.0");

  static final List<String> IDS = List.of(MESHSUB_V11.id, MESHSUB_V10.id, FLOODSUB.id);

  final String id;

  PubsubProtocol(String id) {
    this.id = id;
  }

  static PubsubProtocol of(String id) {
    for (PubsubProtocol p : values()) {
      if (p.id.equals(id)) {
        return p;
      }
    }
    throw new IllegalArgumentException("not a pubsub protocol: " + id);
  }

  boolean isGossipsub() {
    return this != FLOODSUB;
  }

  /** PRUNE backoff and peer exchange exist from v1.1 on. */
  boolean supportsBackoff() {
    return this == MESHSUB_V11;
  }
}
