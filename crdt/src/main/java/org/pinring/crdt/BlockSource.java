package org.pinring.crdt;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.pinring.multiformats.Cid;

/**
 * Where the CRDT gets blocks it does not have (deltas, snapshot blocks). Implemented by the node
 * layer (Bitswap for single and batch fetches, a PinRing protocol for sub-DAG requests) and by
 * in-memory fakes in tests.
 *
 * <p>Contract: methods may be called from the replica's scheduler thread and must not block; the
 * returned stages may complete on any thread. A source may return fewer blocks than asked (those it
 * could get) and blocks in any order; it should not return blocks nobody asked for. Returned blocks
 * are not trusted: the CRDT verifies each against its CID and drops the others. A stage that
 * completes exceptionally counts as "nothing delivered, try again later".
 */
public interface BlockSource {

  /**
   * Fetches the blocks with these CIDs (one, or a batch).
   *
   * @param hint a peer that announced them, if any: where they are likely to be
   */
  CompletionStage<List<Block>> fetch(Optional<RemotePeer> hint, List<Cid> cids);

  /**
   * Fetches a whole sub-DAG in one round trip, as described by {@link SubDagRequest}.
   *
   * @param hint a peer that announced the roots, if any
   */
  CompletionStage<List<Block>> fetchSubDag(Optional<RemotePeer> hint, SubDagRequest request);
}
