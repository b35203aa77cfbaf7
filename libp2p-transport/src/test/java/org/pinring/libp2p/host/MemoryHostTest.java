package org.pinring.libp2p.host;

import org.junit.jupiter.api.AfterAll;
import org.pinring.libp2p.transport.MemoryTransport;
import org.pinring.libp2p.transport.Transport;
import org.pinring.multiformats.Multiaddr;
import org.pinring.runtime.ExecutorScheduler;

/** The host behaviour suite over the in-memory transport (one thread for the whole network). */
class MemoryHostTest extends HostBehaviourSuite {

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

  @Override
  Multiaddr refusingAddress() {
    return Multiaddr.parse("/memory/nobody-listens-here");
  }

  @Override
  long bulkBytes() {
    return 8L * 1024 * 1024;
  }
}
