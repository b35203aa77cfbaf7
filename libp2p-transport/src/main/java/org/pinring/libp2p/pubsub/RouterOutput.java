package org.pinring.libp2p.pubsub;

import java.util.Optional;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.record.SignedPeerRecord;

/** Where a {@link GossipRouter} sends its effects. Called on the router's scheduler. */
interface RouterOutput {

  /** Queue {@code rpc} to {@code peer}; may drop it if the peer's queue is full. */
  void send(PeerId peer, Rpc rpc);

  /** Report an event. */
  void event(PubsubEvent event);

  /**
   * Connect to {@code peer} (peer exchange or a direct peer) if its address is known; a record from
   * {@link #peerRecordReceived} comes first.
   */
  void connect(PeerId peer);

  /** The newest signed peer record held for {@code peer}, to offer it in peer exchange. */
  Optional<SignedPeerRecord> peerRecord(PeerId peer);

  /**
   * Peer exchange brought {@code record}, already verified and matched to its peer id: keep it if
   * newer than the one held, with its addresses, so that connecting can use them.
   */
  void peerRecordReceived(SignedPeerRecord record);
}
