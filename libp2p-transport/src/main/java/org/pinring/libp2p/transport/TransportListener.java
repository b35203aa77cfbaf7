package org.pinring.libp2p.transport;

import org.pinring.multiformats.Multiaddr;

/** A listening endpoint of a {@link Transport}. */
public interface TransportListener {

  /** The address it listens on (with the actual port). */
  Multiaddr address();

  /** Stops accepting connections; existing ones stay open. */
  void close();
}
