package org.pinring.libp2p.transport;

import io.netty.buffer.ByteBuf;

/** Receives a {@link RawConnection}'s events, on its executor. */
public interface RawHandler {

  /** Bytes arrived; the handler owns {@code bytes}. */
  void onRead(ByteBuf bytes);

  /** {@link RawConnection#isWritable()} changed. */
  void onWritabilityChanged();

  /** The connection closed (either side, or an error). Called once. */
  void onClosed();
}
