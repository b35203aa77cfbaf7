package org.pinring.libp2p.internal.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.pinring.libp2p.Connection;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.Stream;
import org.pinring.libp2p.crypto.PrivateKey;
import org.pinring.libp2p.crypto.PublicKey;
import org.pinring.multiformats.Multiaddr;

/**
 * A connection to a peer with a given key, without any network: streams it opens are {@link
 * ScriptedStream}s the test reads and feeds by hand. For protocol services that only need the
 * {@link Connection} interface.
 */
final class ScriptedConnection implements Connection {

  private final PrivateKey remoteKey;
  private final Multiaddr remoteAddress;
  final List<ScriptedStream> opened = new ArrayList<>();

  ScriptedConnection(PrivateKey remoteKey, Multiaddr remoteAddress) {
    this.remoteKey = remoteKey;
    this.remoteAddress = remoteAddress;
  }

  /** An inbound stream of {@code protocol} on this connection. */
  ScriptedStream inbound(String protocol) {
    return new ScriptedStream(this, protocol, false);
  }

  @Override
  public PeerId remotePeer() {
    return PeerId.fromPublicKey(remoteKey.publicKey());
  }

  @Override
  public PublicKey remotePublicKey() {
    return remoteKey.publicKey();
  }

  @Override
  public Multiaddr remoteAddress() {
    return remoteAddress;
  }

  @Override
  public Multiaddr localAddress() {
    return Multiaddr.parse("/ip4/127.0.0.1/tcp/1");
  }

  @Override
  public boolean isOutbound() {
    return true;
  }

  @Override
  public boolean isOpen() {
    return true;
  }

  @Override
  public int streamCount() {
    return opened.size();
  }

  @Override
  public CompletableFuture<Stream> newStream(List<String> protocols) {
    ScriptedStream stream = new ScriptedStream(this, protocols.get(0), true);
    opened.add(stream);
    return CompletableFuture.completedFuture(stream);
  }

  @Override
  public CompletableFuture<Void> close() {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> closeFuture() {
    return new CompletableFuture<>();
  }
}
