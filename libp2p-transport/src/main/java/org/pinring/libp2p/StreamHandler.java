package org.pinring.libp2p;

/** Serves inbound streams of a protocol; called on the connection's thread, must not block. */
@FunctionalInterface
public interface StreamHandler {

  /** A peer opened {@code stream}; install a reader on it. */
  void onStream(Stream stream);
}
