package org.pinring.libp2p.pubsub;

import org.pinring.libp2p.transport.TcpTransport;
import org.pinring.libp2p.transport.Transport;
import org.pinring.multiformats.Multiaddr;

/** The gossipsub host suite over TCP on loopback (one event-loop thread per host). */
class TcpGossipsubTest extends GossipsubHostSuite {

  @Override
  Transport newTransport() {
    return TcpTransport.create(1);
  }

  @Override
  Multiaddr listenAddress() {
    return Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
  }
}
