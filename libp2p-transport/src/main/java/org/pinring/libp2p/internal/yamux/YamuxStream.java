package org.pinring.libp2p.internal.yamux;

import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One yamux stream: send window and queue, receive window and buffer, half-close state. Used only
 * on its session's thread (see {@link YamuxSession}).
 *
 * <p>Backpressure: a write is queued and its future completes once all of its bytes have been
 * framed within the peer's window and handed to the connection while it was writable, so a writer
 * that waits for each future never holds more than one write in memory. Reading: data goes to the
 * handler as it arrives, unless reading is paused; then it stays here, and the window update that
 * lets the peer send more is only sent once the handler has been given the data. What a stream
 * buffers is therefore bounded by its receive window.
 */
public final class YamuxStream {

  private static final Logger log = LoggerFactory.getLogger(YamuxStream.class);

  private final YamuxSession session;
  private final int id;
  private final ArrayDeque<PendingWrite> pendingWrites = new ArrayDeque<>();
  private final ArrayDeque<ByteBuf> inbound = new ArrayDeque<>();
  private YamuxStreamHandler handler;
  private long pendingWriteBytes;
  private long sendWindow;
  private long receiveWindowSize;
  private long receiveCredit;
  private long consumedSinceUpdate;
  private long lastWindowUpdateNanos;
  private long inboundBytes;
  private boolean needsSynOrAck;
  private final boolean outbound;
  private boolean finPending;
  private boolean localClosed;
  private boolean remoteClosed;
  private boolean remoteCloseDelivered;
  private boolean reset;
  private boolean readingPaused;
  private Object attachment;

  YamuxStream(YamuxSession session, int id, boolean outbound, int initialWindow, long nowNanos) {
    this.session = session;
    this.id = id;
    this.outbound = outbound;
    this.sendWindow = YamuxConfig.SPEC_INITIAL_WINDOW;
    this.receiveWindowSize = YamuxConfig.SPEC_INITIAL_WINDOW;
    this.receiveCredit = YamuxConfig.SPEC_INITIAL_WINDOW;
    this.lastWindowUpdateNanos = nowNanos;
    this.needsSynOrAck = true;
    // A configured window larger than the spec's is announced with the SYN or ACK.
    this.initialExtraWindow = initialWindow - YamuxConfig.SPEC_INITIAL_WINDOW;
  }

  private final int initialExtraWindow;

  /** The stream id (odd for streams the client opened, even for the server's). */
  public int id() {
    return id;
  }

  /** True if this side opened the stream. */
  public boolean isOutbound() {
    return outbound;
  }

  /** Arbitrary per-stream state of the layer above. */
  public Object attachment() {
    return attachment;
  }

  public void attach(Object value) {
    this.attachment = value;
  }

  /** Sets the handler and hands it any data that arrived before. */
  public void setHandler(YamuxStreamHandler handler) {
    this.handler = handler;
    deliver();
  }

  /**
   * Queues {@code data} (ownership passes to the stream).
   *
   * @return completes when the data is on its way; fails if the stream is closed, reset, or its
   *     queue would exceed the configured bound
   */
  public CompletableFuture<Void> write(ByteBuf data) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (reset || localClosed || finPending) {
      data.release();
      done.completeExceptionally(new YamuxException(reset ? "stream reset" : "stream closed"));
      return done;
    }
    if (pendingWriteBytes + data.readableBytes() > session.config().maxPendingWriteBytes()) {
      data.release();
      done.completeExceptionally(
          new YamuxException(
              "write queue of stream "
                  + id
                  + " full ("
                  + session.config().maxPendingWriteBytes()
                  + " bytes): wait for earlier writes to complete"));
      return done;
    }
    pendingWriteBytes += data.readableBytes();
    pendingWrites.add(new PendingWrite(data, done));
    session.flushStream(this);
    return done;
  }

  /** Half-closes: sends FIN after the queued data. Idempotent. */
  public void closeWrite() {
    if (reset || localClosed || finPending) {
      return;
    }
    finPending = true;
    session.flushStream(this);
  }

  /** Resets the stream (RST) and drops queued data in both directions. Idempotent. */
  public void reset() {
    if (reset) {
      return;
    }
    session.sendReset(this);
    onReset();
  }

  /** Stops handing data to the handler; the peer's window stops growing until resumed. */
  public void pauseReading() {
    readingPaused = true;
  }

  /** Resumes handing data to the handler, first what was buffered. */
  public void resumeReading() {
    readingPaused = false;
    deliver();
  }

  /** True once closed in both directions or reset. */
  public boolean isClosed() {
    return reset || (localClosed && remoteClosed);
  }

  public boolean isReset() {
    return reset;
  }

  // ---- called by the session ----

  boolean hasPendingOutput() {
    return !reset && (!pendingWrites.isEmpty() || finPending || needsSynOrAck);
  }

  /**
   * Frames as much queued data as the window and the connection allow.
   *
   * @return true if everything queued was written
   */
  boolean flush(YamuxSession.FrameSink sink) {
    if (reset) {
      return true;
    }
    int flags = 0;
    if (needsSynOrAck) {
      // Open (SYN) or accept (ACK) with a window update that also announces any receive window
      // configured beyond the spec's initial 256 KiB.
      needsSynOrAck = false;
      sink.windowUpdate(
          id, outbound ? YamuxFrame.FLAG_SYN : YamuxFrame.FLAG_ACK, initialExtraWindow);
      receiveCredit += initialExtraWindow;
      receiveWindowSize += initialExtraWindow;
    }
    while (!pendingWrites.isEmpty() && sendWindow > 0 && sink.isWritable()) {
      PendingWrite head = pendingWrites.peek();
      int chunk =
          (int)
              Math.min(
                  Math.min(sendWindow, head.data.readableBytes()),
                  session.config().maxFramePayloadBytes());
      boolean last = chunk == head.data.readableBytes();
      boolean fin = last && finPending && pendingWrites.size() == 1;
      sink.data(id, flags | (fin ? YamuxFrame.FLAG_FIN : 0), head.data.readRetainedSlice(chunk));
      flags = 0;
      sendWindow -= chunk;
      pendingWriteBytes -= chunk;
      if (last) {
        pendingWrites.poll();
        head.data.release();
        head.done.complete(null);
        if (fin) {
          finPending = false;
          localClosed = true;
          session.maybeRemove(this);
        }
      }
    }
    if (pendingWrites.isEmpty() && finPending) {
      sink.windowUpdate(id, flags | YamuxFrame.FLAG_FIN, 0);
      finPending = false;
      localClosed = true;
      session.maybeRemove(this);
    }
    return pendingWrites.isEmpty();
  }

  void addSendWindow(long delta) {
    sendWindow += delta;
  }

  /**
   * Accepts a data frame's payload (ownership passes here).
   *
   * @return false if it exceeds the receive window (a protocol error)
   */
  boolean onData(ByteBuf data) {
    int length = data.readableBytes();
    if (length > receiveCredit) {
      data.release();
      return false;
    }
    receiveCredit -= length;
    if (reset || remoteClosed) {
      // Data after RST or FIN is dropped; still count it against the window.
      if (!reset) {
        // The peer broke the spec (no data after FIN); say so, since its data is lost.
        log.warn("stream {} received {} bytes after the peer's FIN; dropped", id, length);
      }
      data.release();
      return true;
    }
    if (length > 0) {
      inbound.add(data);
      inboundBytes += length;
      session.inboundBuffered(length);
    } else {
      data.release();
    }
    deliver();
    return true;
  }

  void onRemoteFin() {
    remoteClosed = true;
    deliver();
    session.maybeRemove(this);
  }

  void onReset() {
    if (reset) {
      return;
    }
    reset = true;
    for (PendingWrite write : pendingWrites) {
      write.data.release();
      write.done.completeExceptionally(new YamuxException("stream reset"));
    }
    pendingWrites.clear();
    pendingWriteBytes = 0;
    releaseInbound();
    if (handler != null) {
      handler.onReset(this);
    }
    session.maybeRemove(this);
  }

  private void releaseInbound() {
    for (ByteBuf buf : inbound) {
      buf.release();
    }
    inbound.clear();
    session.inboundConsumed(inboundBytes);
    inboundBytes = 0;
  }

  private void deliver() {
    if (handler == null) {
      return;
    }
    while (!readingPaused && !reset && !inbound.isEmpty()) {
      ByteBuf data = inbound.poll();
      int length = data.readableBytes();
      inboundBytes -= length;
      session.inboundConsumed(length);
      consumedSinceUpdate += length;
      handler.onData(this, data);
    }
    if (!reset && inbound.isEmpty() && !readingPaused) {
      maybeSendWindowUpdate();
    }
    if (remoteClosed && inbound.isEmpty() && !remoteCloseDelivered && !reset) {
      remoteCloseDelivered = true;
      handler.onRemoteClose(this);
    }
  }

  private void maybeSendWindowUpdate() {
    if (remoteClosed || consumedSinceUpdate < receiveWindowSize / 2) {
      return;
    }
    long delta = consumedSinceUpdate;
    long now = session.nowNanos();
    long rtt = session.rttNanos();
    // Window growth (as go-yamux's auto-tuning): if the reader consumed half a window in less
    // than two round trips, the window, not the reader, is the bottleneck; double it.
    if (rtt > 0
        && now - lastWindowUpdateNanos < 2 * rtt
        && receiveWindowSize < session.config().maxWindowBytes()) {
      long grown = Math.min(receiveWindowSize * 2, session.config().maxWindowBytes());
      delta += grown - receiveWindowSize;
      receiveWindowSize = grown;
    }
    lastWindowUpdateNanos = now;
    consumedSinceUpdate = 0;
    receiveCredit += delta;
    session.sendWindowUpdate(this, delta);
  }

  void notifyClosed() {
    if (handler != null) {
      handler.onClosed(this);
    }
  }

  long receiveWindowSize() {
    return receiveWindowSize;
  }

  boolean localClosed() {
    return localClosed;
  }

  boolean remoteClosed() {
    return remoteClosed;
  }

  private record PendingWrite(ByteBuf data, CompletableFuture<Void> done) {}

  @Override
  public String toString() {
    return "YamuxStream(" + id + ")";
  }
}
