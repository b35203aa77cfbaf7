package org.pinring.libp2p;

import java.nio.ByteBuffer;

/** Receives a stream's data and end, on the connection's thread. Must not block. */
public interface StreamReader {

  /**
   * Data arrived. {@code data} is read-only and valid only during this call: copy what must be
   * kept.
   */
  void onData(Stream stream, ByteBuffer data);

  /** The remote closed its side: no more data will arrive. */
  default void onEnd(Stream stream) {}

  /** The stream was reset by either side, or its connection closed. */
  default void onReset(Stream stream) {}
}
