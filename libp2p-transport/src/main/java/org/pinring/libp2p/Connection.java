package org.pinring.libp2p;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.pinring.libp2p.crypto.PublicKey;
import org.pinring.multiformats.Multiaddr;

/** A secured (Noise), multiplexed (yamux) connection to an authenticated peer. Thread-safe. */
public interface Connection {

  /** The authenticated remote peer. */
  PeerId remotePeer();

  /** The remote peer's identity key. */
  PublicKey remotePublicKey();

  /** The remote address as seen from here. */
  Multiaddr remoteAddress();

  /** This side's address. */
  Multiaddr localAddress();

  /** True if this side dialled. */
  boolean isOutbound();

  /** False once closed. */
  boolean isOpen();

  /** Number of open streams. */
  int streamCount();

  /**
   * Opens a stream, proposing {@code protocols} in order (multistream-select).
   *
   * @return the stream once a protocol is agreed; fails with {@link ProtocolNotSupportedException}
   *     if the peer supports none, or {@link StreamException} on other failures
   */
  CompletableFuture<Stream> newStream(List<String> protocols);

  /** Closes the connection: GoAway, then the socket. */
  CompletableFuture<Void> close();

  /** Completes when the connection has closed. */
  CompletableFuture<Void> closeFuture();
}
