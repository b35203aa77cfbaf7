package org.pinring.libp2p;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.pinring.multiformats.Multiaddr;

/**
 * The addresses to dial a peer at, in the order to try them: certified addresses (from the peer's
 * own signed peer record, RFC 0003) first, then the others, each group in the peerstore's order.
 *
 * <p>Why: a certified address is where the peer itself said, under its signature, that it listens
 * now; an uncertified one came from elsewhere (an earlier dial, identify without a record, peer
 * exchange without a record) and may be stale, or planted by a third party to point our dials at
 * somebody else. Uncertified addresses are still tried when no certified one connects. js-libp2p
 * sorts the same way ({@code certifiedAddressesFirst}), but below its public-before-private and
 * loopback-last keys; PinRing has no such keys yet, so certification comes first.
 */
final class DialAddresses {

  private DialAddresses() {}

  /** The unexpired addresses the peerstore holds for {@code peer}, certified ones first. */
  static List<Multiaddr> of(Peerstore peerstore, PeerId peer) {
    return certifiedFirst(peerstore.addresses(peer), peerstore.certifiedAddresses(peer));
  }

  /**
   * {@code all} reordered so that the members of {@code certified} come first; the relative order
   * within each group is kept. Members of {@code certified} missing from {@code all} are ignored.
   */
  static List<Multiaddr> certifiedFirst(List<Multiaddr> all, Collection<Multiaddr> certified) {
    Set<Multiaddr> signed = new HashSet<>(certified);
    List<Multiaddr> ordered = new ArrayList<>(all.size());
    for (Multiaddr address : all) {
      if (signed.contains(address)) {
        ordered.add(address);
      }
    }
    for (Multiaddr address : all) {
      if (!signed.contains(address)) {
        ordered.add(address);
      }
    }
    return ordered;
  }
}
