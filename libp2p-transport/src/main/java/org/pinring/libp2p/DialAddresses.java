package org.pinring.libp2p;

import java.util.List;
import org.pinring.multiformats.Multiaddr;

/** The addresses to dial a peer at, in the order to try them. */
final class DialAddresses {

  private DialAddresses() {}

  /** The unexpired addresses the peerstore holds for {@code peer}, in the peerstore's order. */
  static List<Multiaddr> of(Peerstore peerstore, PeerId peer) {
    return peerstore.addresses(peer);
  }
}
