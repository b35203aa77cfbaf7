package org.pinring.libp2p.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.concurrent.Executor;
import org.pinring.multiformats.Multiaddr;

/**
 * A bidirectional byte stream from a {@link Transport}, before security and multiplexing: a TCP
 * socket, or an in-memory or simulated pipe.
 *
 * <p>Threading: each connection has one executor; the handler is called only there, and {@link
 * #write}, {@link #flush}, {@link #setReadPaused} and {@link #close} must be called only there.
 * Reading starts when {@link #setHandler} is called.
 *
 * <p>Buffers: {@link #write} takes ownership; {@link RawHandler#onRead} passes ownership to the
 * handler.
 */
public interface RawConnection {

  /** The thread everything about this connection runs on. */
  Executor executor();

  /** The allocator for buffers written to this connection. */
  ByteBufAllocator alloc();

  /** Installs the handler and starts reading. Call once, on the executor. */
  void setHandler(RawHandler handler);

  /** Queues bytes (ownership passes); they are sent on {@link #flush}. */
  void write(ByteBuf bytes);

  /** Sends what was queued. */
  void flush();

  /** False while more than the high-water mark of bytes is queued and unsent. */
  boolean isWritable();

  /** Stops (true) or resumes (false) reading: backpressure towards the remote sender. */
  void setReadPaused(boolean paused);

  /** Closes after flushing; {@link RawHandler#onClosed} follows. Idempotent. */
  void close();

  /** This side's address. */
  Multiaddr localAddress();

  /** The remote side's address, as observed here. */
  Multiaddr remoteAddress();
}
