package org.pinring.libp2p.internal.protocol;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.crypto.PrivateKey;
import org.pinring.libp2p.record.PeerRecord;
import org.pinring.libp2p.record.SignedPeerRecord;
import org.pinring.multiformats.Multiaddr;
import org.pinring.runtime.Clock;

/**
 * This node's own signed peer record (libp2p/specs RFC 0003), resealed only when the advertised
 * address set changes, so identify responses and pushes reuse one signature.
 *
 * <p>The seq of a new record is {@code max(previous seq + 1, wall-clock milliseconds)}, compared
 * unsigned. Milliseconds since the epoch (what js-libp2p uses) let a restarted node, which
 * remembers no previous seq, still supersede the records it sent before; the {@code + 1} keeps the
 * seq strictly increasing when two changes fall within one millisecond or the wall clock steps
 * back.
 *
 * <p>Thread-safe.
 */
public final class SelfPeerRecord {

  private final PrivateKey key;
  private final PeerId peerId;
  private final Clock clock;
  private Set<Multiaddr> sealedAddresses;
  private SignedPeerRecord sealed;

  public SelfPeerRecord(PrivateKey key, Clock clock) {
    this.key = Objects.requireNonNull(key, "key");
    this.peerId = PeerId.fromPublicKey(key.publicKey());
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The record of {@code addresses} (without {@code /p2p}; at most {@link PeerRecord#MAX_ADDRESSES}
   * are kept, in order). The same object is returned as long as the set of addresses is the same
   * (order and duplicates do not matter); a different set is sealed anew with a larger seq. An
   * empty set gives no record: a node that cannot be dialled has nothing to certify, and js-libp2p
   * sends none then either.
   */
  public synchronized Optional<SignedPeerRecord> current(List<Multiaddr> addresses) {
    Set<Multiaddr> set = new LinkedHashSet<>();
    for (Multiaddr address : addresses) {
      if (set.size() == PeerRecord.MAX_ADDRESSES) {
        break;
      }
      set.add(address.withoutPeerId());
    }
    if (set.isEmpty()) {
      return Optional.empty();
    }
    if (sealed == null || !set.equals(sealedAddresses)) {
      long seq = nextSeq();
      sealed = SignedPeerRecord.seal(key, new PeerRecord(peerId, seq, List.copyOf(set)));
      sealedAddresses = set;
    }
    return Optional.of(sealed);
  }

  private long nextSeq() {
    long wall = clock.wallMillis();
    if (sealed == null) {
      return wall;
    }
    long next = sealed.record().seq() + 1;
    return Long.compareUnsigned(next, wall) >= 0 ? next : wall;
  }
}
