package org.pinring.libp2p.pubsub;

import org.junit.jupiter.api.AfterAll;
import org.pinring.libp2p.transport.MemoryTransport;
import org.pinring.libp2p.transport.Transport;
import org.pinring.multiformats.Multiaddr;
import org.pinring.runtime.ExecutorScheduler;

/** The gossipsub host suite over the in-memory transport. */
class MemoryGossipsubTest extends GossipsubHostSuite {

  private static final ExecutorScheduler NETWORK_THREAD =
      ExecutorScheduler.singleThreaded("memory-net");
  private static final MemoryTransport.Network NETWORK =
      new MemoryTransport.Network(NETWORK_THREAD);

  @AfterAll
  static void stopNetwork() {
    NETWORK_THREAD.close();
  }

  @Override
  Transport newTransport() {
    return new MemoryTransport(NETWORK);
  }

  @Override
  Multiaddr listenAddress() {
    return Multiaddr.parse("/memory/0");
  }
}
