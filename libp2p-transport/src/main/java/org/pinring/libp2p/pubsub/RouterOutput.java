package org.pinring.libp2p.pubsub;

import org.pinring.libp2p.PeerId;

/** Where a {@link GossipRouter} sends its effects. Called on the router's scheduler. */
interface RouterOutput {

  /** Queue {@code rpc} to {@code peer}; may drop it if the peer's queue is full. */
  void send(PeerId peer, Rpc rpc);

  /** Report an event. */
  void event(PubsubEvent event);

  /** Peer exchange suggested {@code peer}: connect to it if its address is known. */
  void connect(PeerId peer);
}
