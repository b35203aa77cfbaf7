package org.pinring.crdt;

/**
 * The gossip side of the CRDT: publishes this replica's heads and delivers the heads other peers
 * announce (on gossipsub topic {@code /pinring/<ring-id>/heads} in the node). Any peer may relay
 * heads: safety comes from verifying every operation, not from who relayed it.
 */
public interface HeadBroadcaster {

  /** Receives heads announced by other peers. Callbacks may come from any thread. */
  interface Listener {
    /**
     * @param from the peer that relayed the announcement (not necessarily its author)
     */
    void onHeads(RemotePeer from, HeadAnnouncement announcement);
  }

  /** Announces this replica's heads. Must not block. */
  void publish(HeadAnnouncement announcement);

  /** Registers the replica's listener; called once when the replica starts. */
  void subscribe(Listener listener);

  /**
   * Reports that {@code peer} relayed something invalid (a block that does not match its CID, a
   * delta with an unauthorized operation), so the node can lower its score. Must not block.
   */
  void reportMisbehaviour(RemotePeer peer, String reason);
}
