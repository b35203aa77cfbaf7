package org.pinring.libp2p.pubsub;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.record.InvalidRecordException;
import org.pinring.libp2p.record.SignedPeerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PRUNE messages and the peer exchange they carry (gossipsub v1.1 "PRUNE Backoff and Peer
 * Exchange"): which peers to offer when pruning, each with the signed peer record we hold for it,
 * and which offered peers to connect to, after checking the records they came with.
 */
final class PeerExchange {

  private static final Logger log = LoggerFactory.getLogger(PeerExchange.class);

  /**
   * Signed records checked per heartbeat, across all PRUNEs: each costs a signature verification on
   * the router's thread, and a peer above the accept-PX threshold could otherwise send thousands in
   * one RPC. Four times the default prunePeers, so being pruned from a few topics at once still has
   * its records followed.
   */
  static final int MAX_RECORDS_CHECKED_PER_HEARTBEAT = 64;

  private final RouterState state;
  private int recordsCheckedThisHeartbeat;

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
        // v1.1: the signed record of each exchanged peer, if we hold one (its peer id alone
        // otherwise, which the spec allows during the transition to signed records).
        byte[] record =
            state.output.peerRecord(candidate).map(SignedPeerRecord::encode).orElse(null);
        exchange.add(new Rpc.PeerInfo(candidate.toBytes(), record));
      }
    }
    return new Rpc.Prune(
        topic, exchange, v11 ? OptionalLong.of(backoffSeconds) : OptionalLong.empty());
  }

  /** Heartbeat start: renews the budget of record checks. */
  void startHeartbeat() {
    recordsCheckedThisHeartbeat = 0;
  }

  /**
   * Connects to peers a PRUNE suggested, if we do peer exchange and the pruning peer's score is at
   * least the accept-PX threshold (v1.1 "Peer Scoring": PX from peers below it is ignored). At most
   * prunePeers peers per PRUNE. An entry with a signed peer record is followed only if the record
   * verifies and names the entry's peer; its addresses then go to the peerstore before the dial.
   */
  void follow(PeerId from, List<Rpc.PeerInfo> suggested) {
    if (suggested.isEmpty()
        || !state.config.doPx()
        || state.score(from) < state.config.scoreThresholds().acceptPxThreshold()) {
      return;
    }
    int followed = 0;
    for (Rpc.PeerInfo info : suggested) {
      if (followed >= state.config.prunePeers()) {
        return;
      }
      if (info.peerId() == null) {
        continue;
      }
      PeerId peer;
      try {
        peer = PeerId.decode(info.peerId());
      } catch (IllegalArgumentException e) {
        log.debug("peer exchange entry is not a peer id: {}", e.getMessage());
        continue;
      }
      if (peer.equals(state.self) || state.peers.containsKey(peer)) {
        continue;
      }
      if (info.signedPeerRecord() != null && !acceptRecord(from, peer, info.signedPeerRecord())) {
        continue;
      }
      state.output.connect(peer);
      followed++;
    }
  }

  private boolean acceptRecord(PeerId from, PeerId peer, byte[] bytes) {
    if (recordsCheckedThisHeartbeat >= MAX_RECORDS_CHECKED_PER_HEARTBEAT) {
      log.debug("peer exchange from {}: record budget of this heartbeat spent", from);
      return false;
    }
    recordsCheckedThisHeartbeat++;
    SignedPeerRecord record;
    try {
      record = SignedPeerRecord.open(bytes);
    } catch (InvalidRecordException e) {
      log.debug("peer exchange from {}: bad record for {}: {}", from, peer, e.getMessage());
      return false;
    }
    if (!record.peerId().equals(peer)) {
      log.debug("peer exchange from {}: record of {} offered for {}", from, record.peerId(), peer);
      return false;
    }
    state.output.peerRecordReceived(record);
    return true;
  }
}
