package org.pinring.node.bitswap;

import java.util.concurrent.CompletableFuture;
import org.pinring.libp2p.PeerId;

/**
 * How {@link Bitswap} reaches peers: the seam between the protocol and the transport ({@link
 * HostBitswapNetwork} on a libp2p host; tests use an in-memory network).
 */
public interface BitswapNetwork {

  /**
   * Sends {@code message} to {@code peer}, encoded for the protocol version negotiated with it.
   * Must not block.
   *
   * @return completes with the version the message was written in (what the peer negotiated: a
   *     1.0.0 or 1.1.0 peer never sees want-haves or presences) once it is written, or fails if the
   *     peer cannot be reached
   */
  CompletableFuture<BitswapProtocol> send(PeerId peer, BitswapMessage message);
}
