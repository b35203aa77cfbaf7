package org.pinring.libp2p;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * A multiplexed, flow-controlled byte stream to a peer, speaking one protocol.
 *
 * <p>Threading: methods may be called from any thread. Reader callbacks run on the connection's
 * thread and must not block.
 *
 * <p>Backpressure: {@link #write} completes once the data is on its way within the peer's window;
 * writers should wait for it before writing more (a stream queues at most a bounded amount and
 * fails writes beyond it). Readers that cannot keep up call {@link #pauseReading()}: the peer then
 * stops sending once its window is used up.
 */
public interface Stream {

  /** The negotiated protocol id. */
  String protocol();

  /** The connection this stream belongs to. */
  Connection connection();

  /** True if this side opened the stream. */
  boolean isOutbound();

  /**
   * Sends the remaining bytes of {@code data}, which is copied before this method returns.
   *
   * @return completes when the bytes are on their way; fails with {@link StreamException} if the
   *     stream was reset or closed for writing
   */
  CompletableFuture<Void> write(ByteBuffer data);

  /** Sends {@code data} (copied). */
  default CompletableFuture<Void> write(byte[] data) {
    return write(ByteBuffer.wrap(data));
  }

  /** Closes this side for writing (half-close) after queued data; reading continues. */
  void closeWrite();

  /** Aborts the stream in both directions. */
  void reset();

  /**
   * Installs the reader; data that arrived before is delivered to it first. Replaces any previous
   * reader.
   */
  void setReader(StreamReader reader);

  /** Stops delivering data to the reader until {@link #resumeReading()}. */
  void pauseReading();

  /** Resumes delivery. */
  void resumeReading();

  /** Completes when the stream is closed in both directions or reset. */
  CompletableFuture<Void> closeFuture();
}
