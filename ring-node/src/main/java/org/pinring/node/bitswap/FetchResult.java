package org.pinring.node.bitswap;

import java.util.Map;
import org.pinring.libp2p.PeerId;
import org.pinring.multiformats.Cid;

/**
 * A completed fetch.
 *
 * @param root the DAG's root
 * @param blocks blocks of the DAG (fetched or already present)
 * @param blocksFetched blocks received from peers
 * @param bytesFetched their bytes
 * @param blocksByPeer how many blocks each peer delivered
 */
public record FetchResult(
    Cid root, long blocks, long blocksFetched, long bytesFetched, Map<PeerId, Long> blocksByPeer) {

  public FetchResult {
    blocksByPeer = Map.copyOf(blocksByPeer);
  }
}
