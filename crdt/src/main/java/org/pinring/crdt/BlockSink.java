package org.pinring.crdt;

import org.pinring.multiformats.Cid;

/**
 * Where the CRDT puts the blocks it has applied or created (deltas, snapshot blocks), so that the
 * node can serve them to other peers. Implemented by the node's block store.
 *
 * <p>Contract: {@link #put} is durable when it returns (the CRDT announces a delta only after
 * putting it); both methods are called from the replica's scheduler thread and are idempotent.
 */
public interface BlockSink {

  /** Stores a block the CRDT has verified. */
  void put(Cid cid, byte[] bytes);

  /**
   * Says the CRDT no longer needs a block (a delta compacted below a trusted checkpoint). The store
   * may delete it unless something else holds it.
   */
  void release(Cid cid);
}
