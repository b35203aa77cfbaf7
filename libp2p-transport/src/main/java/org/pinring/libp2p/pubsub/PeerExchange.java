package org.pinring.libp2p.pubsub;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.pinring.libp2p.PeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PRUNE messages and the peer exchange they carry (gossipsub v1.1 "PRUNE Backoff and Peer
 * Exchange"): which peers to offer when pruning, and which offered peers to connect to.
 */
final class PeerExchange {

  private static final Logger log = LoggerFactory.getLogger(PeerExchange.class);

  private final RouterState state;

  PeerExchange(RouterState state) {
    this.state = state;
  }

  Rpc.Control graftControl(String topic) {
    return new Rpc.Control(List.of(), List.of(), List.of(new Rpc.Graft(topic)), List.of());
  }

  /**
   * A PRUNE for {@code peer}: v1.0 peers get neither backoff nor peer exchange; v1.1 peers get the
   * backoff, and peer exchange if enabled, asked for, and the peer's score is not negative.
   */
  Rpc.Control pruneControl(PeerId peer, String topic, long backoffSeconds, boolean px) {
    return new Rpc.Control(
        List.of(), List.of(), List.of(), List.of(prune(peer, topic, backoffSeconds, px)));
  }

  /** The PRUNE entry of {@link #pruneControl}. */
  Rpc.Prune prune(PeerId peer, String topic, long backoffSeconds, boolean px) {
    RouterState.PeerState peerState = state.peers.get(peer);
    boolean v11 = peerState != null && peerState.protocol.supportsBackoff();
    List<Rpc.PeerInfo> exchange = new ArrayList<>();
    if (v11 && px && state.config.doPx() && state.score(peer) >= 0) {
      List<PeerId> candidates =
          state.pick(topic, state.config.prunePeers(), p -> !p.equals(peer) && state.score(p) >= 0);
      for (PeerId candidate : candidates) {
        exchange.add(new Rpc.PeerInfo(candidate.toBytes(), null));
      }
    }
    return new Rpc.Prune(
        topic, exchange, v11 ? OptionalLong.of(backoffSeconds) : OptionalLong.empty());
  }

  /** Connects to peers a PRUNE suggested, if we do peer exchange and trust the pruning peer. */
  void follow(PeerId from, List<Rpc.PeerInfo> suggested) {
    if (suggested.isEmpty()
        || !state.config.doPx()
        || state.score(from) < state.config.scoreThresholds().acceptPxThreshold()) {
      return;
    }
    int followed = 0;
    for (Rpc.PeerInfo info : suggested) {
      if (followed >= state.config.prunePeers() || info.peerId() == null) {
        return;
      }
      try {
        PeerId peer = PeerId.decode(info.peerId());
        if (!peer.equals(state.self) && !state.peers.containsKey(peer)) {
          state.output.connect(peer);
          followed++;
        }
      } catch (IllegalArgumentException e) {
        log.debug("peer exchange entry is not a peer id: {}", e.getMessage());
      }
    }
  }
}
