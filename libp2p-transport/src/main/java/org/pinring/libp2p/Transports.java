package org.pinring.libp2p;

import java.util.List;
import org.pinring.libp2p.transport.Transport;
import org.pinring.multiformats.Multiaddr;

/** A host's transports, and which one handles an address. Immutable. */
final class Transports {

  private final List<Transport> transports;

  Transports(List<Transport> transports) {
    if (transports.isEmpty()) {
      throw new IllegalArgumentException("a host needs at least one transport");
    }
    this.transports = List.copyOf(transports);
  }

  /**
   * The first transport that handles {@code address}.
   *
   * @throws StreamException if none does
   */
  Transport forAddress(Multiaddr address) {
    for (Transport transport : transports) {
      if (transport.handles(address)) {
        return transport;
      }
    }
    throw new StreamException("no transport for " + address);
  }

  void closeAll() {
    transports.forEach(Transport::close);
  }
}
