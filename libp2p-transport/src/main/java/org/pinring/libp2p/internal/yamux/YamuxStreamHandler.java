package org.pinring.libp2p.internal.yamux;

import io.netty.buffer.ByteBuf;

/** Receives one yamux stream's events, on the session's thread. */
public interface YamuxStreamHandler {

  /** Data arrived; the handler owns {@code data} and must release it. */
  void onData(YamuxStream stream, ByteBuf data);

  /** The remote closed its side (FIN): no more data will arrive. */
  void onRemoteClose(YamuxStream stream);

  /** The stream was reset (by either side, or because the session ended). */
  void onReset(YamuxStream stream);

  /** The stream is closed in both directions (or reset) and forgotten by the session. */
  default void onClosed(YamuxStream stream) {}
}
