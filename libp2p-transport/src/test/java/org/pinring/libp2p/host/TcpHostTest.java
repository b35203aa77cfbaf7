package org.pinring.libp2p.host;

import org.pinring.libp2p.transport.TcpTransport;
import org.pinring.libp2p.transport.Transport;
import org.pinring.multiformats.Multiaddr;

/** The host behaviour suite over real TCP on loopback. */
class TcpHostTest extends HostBehaviourSuite {

  @Override
  Transport newTransport() {
    return TcpTransport.create(2);
  }

  @Override
  Multiaddr listenAddress() {
    return Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
  }

  @Override
  long bulkBytes() {
    return 64L * 1024 * 1024;
  }
}
