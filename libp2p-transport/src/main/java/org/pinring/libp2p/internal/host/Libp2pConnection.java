package org.pinring.libp2p.internal.host;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.pinring.libp2p.Connection;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.Stream;
import org.pinring.libp2p.StreamException;
import org.pinring.libp2p.crypto.PublicKey;
import org.pinring.libp2p.internal.noise.NoiseException;
import org.pinring.libp2p.internal.noise.NoiseFrameCodec;
import org.pinring.libp2p.internal.noise.SecureSession;
import org.pinring.libp2p.internal.yamux.YamuxException;
import org.pinring.libp2p.internal.yamux.YamuxSession;
import org.pinring.libp2p.internal.yamux.YamuxStream;
import org.pinring.libp2p.transport.RawConnection;
import org.pinring.multiformats.Multiaddr;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An established connection: Noise transport encryption below, a yamux session above. Public
 * methods are thread-safe (they hop to the connection's executor); the rest runs on it.
 *
 * <p>Outbound plaintext (yamux frames) is gathered until the session flushes, then encrypted into
 * as few Noise frames as possible and written to the raw connection in one go.
 */
public final class Libp2pConnection
    implements Connection, YamuxSession.Output, YamuxSession.Listener {

  private static final Logger log = LoggerFactory.getLogger(Libp2pConnection.class);

  private final RawConnection raw;
  private final UpgradeContext context;
  private final SecureSession security;
  private final NoiseFrameCodec codec;
  private final boolean outbound;
  private final Multiaddr remoteAddress;
  private final Multiaddr localAddress;
  private final YamuxSession yamux;
  private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
  private CompositeByteBuf pending;
  private volatile boolean open = true;
  private final java.util.concurrent.atomic.AtomicInteger streams =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile long lastActivityNanos;
  private Consumer<Libp2pConnection> onClose = c -> {};
  private String closeReason = "closed";
  private boolean flushScheduled;
  private volatile Libp2pConnection replacement;
  private volatile boolean closeRequested;
  private org.pinring.runtime.Cancellable keepAlive;

  Libp2pConnection(
      RawConnection raw,
      UpgradeContext context,
      SecureSession security,
      NoiseFrameCodec codec,
      boolean outbound) {
    this.raw = raw;
    this.context = context;
    this.security = security;
    this.codec = codec;
    this.outbound = outbound;
    this.remoteAddress = raw.remoteAddress();
    this.localAddress = raw.localAddress();
    this.pending = raw.alloc().compositeDirectBuffer(Integer.MAX_VALUE);
    this.yamux =
        new YamuxSession(
            outbound, context.yamux(), this, this, context.environment().clock(), raw.alloc());
    this.lastActivityNanos = context.environment().clock().monotonicNanos();
  }

  void start() {
    yamux.start();
    Duration interval = context.keepAliveInterval();
    if (!interval.isNegative() && !interval.isZero()) {
      keepAlive =
          context
              .environment()
              .scheduler()
              .scheduleAtFixedRate(
                  interval, interval, () -> raw.executor().execute(this::keepAliveTick));
    }
  }

  /**
   * Yamux keepalive: pings a connection that received nothing for an interval, and closes it when a
   * ping stays unanswered for the timeout (go yamux closes on keepalive timeout too; js yamux only
   * logs, and relies on its connection monitor).
   */
  private void keepAliveTick() {
    if (!open) {
      return;
    }
    long timeoutNanos = context.keepAliveTimeout().toNanos();
    if (expireKeepAlive(timeoutNanos)) {
      return;
    }
    if (yamux.keepAlive(context.keepAliveInterval().toNanos())) {
      var unused =
          context
              .environment()
              .scheduler()
              .schedule(
                  context.keepAliveTimeout(),
                  () -> raw.executor().execute(() -> expireKeepAlive(timeoutNanos)));
    }
  }

  private boolean expireKeepAlive(long timeoutNanos) {
    if (open && yamux.expireKeepAlive(timeoutNanos)) {
      closeReason = "keepalive ping unanswered for " + context.keepAliveTimeout();
      return true;
    }
    return false;
  }

  /**
   * Marks this connection as the losing duplicate of a cross-dial: new streams go to {@code keeper}
   * from now on. Thread-safe.
   */
  void supersede(Libp2pConnection keeper) {
    this.replacement = keeper;
  }

  /** Whether a cross-dial de-duplication chose another connection over this one. */
  public boolean isSuperseded() {
    return replacement != null;
  }

  /** Called (on the executor) when this connection closes. Set before any other thread sees it. */
  public void onClose(Consumer<Libp2pConnection> callback) {
    this.onClose = callback;
  }

  UpgradeContext context() {
    return context;
  }

  RawConnection raw() {
    return raw;
  }

  // ---- Connection ----

  @Override
  public PeerId remotePeer() {
    return security.remotePeer();
  }

  @Override
  public PublicKey remotePublicKey() {
    return security.remoteKey();
  }

  @Override
  public Multiaddr remoteAddress() {
    return remoteAddress;
  }

  @Override
  public Multiaddr localAddress() {
    return localAddress;
  }

  @Override
  public boolean isOutbound() {
    return outbound;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public int streamCount() {
    return streams.get();
  }

  /** Monotonic time of the last stream opening or closing. */
  public long lastActivityNanos() {
    return lastActivityNanos;
  }

  @Override
  public CompletableFuture<Stream> newStream(List<String> protocols) {
    Libp2pConnection keeper = replacement;
    if (keeper != null && keeper.isOpen()) {
      // This connection lost a cross-dial and is draining; the peer refuses new streams on it.
      return keeper.newStream(protocols);
    }
    List<String> proposals = List.copyOf(protocols);
    CompletableFuture<Stream> result = new CompletableFuture<>();
    raw.executor()
        .execute(
            () -> {
              if (!open) {
                openElsewhereOrFail(
                    proposals,
                    result,
                    new StreamException("connection to " + remotePeer() + " is closed"));
                return;
              }
              YamuxStream stream;
              try {
                stream = yamux.openStream();
              } catch (YamuxException e) {
                openElsewhereOrFail(
                    proposals,
                    result,
                    new StreamException("cannot open a stream: " + e.getMessage(), e));
                return;
              }
              Libp2pStream.outbound(this, stream, proposals, result);
            });
    return result;
  }

  /**
   * A stream on another open connection to the same peer, if there is one, else the failure. When
   * the peer won a cross-dial it drains and closes this connection (GoAway, then close) possibly
   * before this side has seen the connection it keeps; streams asked of this one then go there.
   */
  private void openElsewhereOrFail(
      List<String> proposals, CompletableFuture<Stream> result, StreamException failure) {
    Optional<Libp2pConnection> other =
        context.otherConnection().apply(remotePeer()).filter(c -> c != this);
    if (other.isEmpty()) {
      result.completeExceptionally(failure);
      return;
    }
    var unused =
        other
            .get()
            .newStream(proposals)
            .whenComplete(
                (stream, error) -> {
                  if (error == null) {
                    result.complete(stream);
                  } else {
                    result.completeExceptionally(error);
                  }
                });
  }

  /** Whether {@link #close} was called (the connection may still be open until it completes). */
  public boolean isClosing() {
    return closeRequested;
  }

  @Override
  public CompletableFuture<Void> close() {
    closeRequested = true;
    raw.executor()
        .execute(
            () -> {
              if (open) {
                closeReason = "closed locally";
                yamux.close();
                raw.close();
              }
            });
    return closeFuture;
  }

  @Override
  public CompletableFuture<Void> closeFuture() {
    return closeFuture;
  }

  /** Refuses new inbound streams from now on (yamux GoAway); existing streams continue. */
  public void goAway() {
    raw.executor().execute(yamux::goAway);
  }

  void streamOpened() {
    streams.incrementAndGet();
    lastActivityNanos = context.environment().clock().monotonicNanos();
  }

  void streamClosed() {
    streams.decrementAndGet();
    lastActivityNanos = context.environment().clock().monotonicNanos();
  }

  // ---- bytes from the raw connection ----

  void onCiphertext(ByteBuf ciphertext) {
    List<ByteBuf> plaintexts = new ArrayList<>(4);
    try {
      codec.decrypt(ciphertext, plaintexts);
    } catch (NoiseException e) {
      for (ByteBuf plaintext : plaintexts) {
        plaintext.release();
      }
      log.info("closing connection to {}: {}", remotePeer(), e.getMessage());
      closeReason = e.getMessage();
      raw.close();
      return;
    }
    for (ByteBuf plaintext : plaintexts) {
      yamux.onData(plaintext);
    }
  }

  void onPlaintext(ByteBuf plaintext) {
    yamux.onData(plaintext);
  }

  void onWritabilityChanged() {
    yamux.onWritabilityChanged();
  }

  void onRawClosed() {
    if (!open) {
      return;
    }
    open = false;
    if (keepAlive != null) {
      keepAlive.cancel();
    }
    yamux.onConnectionClosed(closeReason);
    codec.release();
    pending.release();
    onClose.accept(this);
    closeFuture.complete(null);
  }

  // ---- YamuxSession.Output ----

  @Override
  public void write(ByteBuf bytes) {
    if (!open) {
      bytes.release();
      return;
    }
    pending.addComponent(true, bytes);
  }

  /**
   * Encrypts and sends at the end of the current task rather than at once, so that the frames of
   * several writes queued on this thread share Noise frames and one socket flush.
   */
  @Override
  public void flush() {
    if (!open || !pending.isReadable() || flushScheduled) {
      return;
    }
    flushScheduled = true;
    raw.executor().execute(this::flushNow);
  }

  private void flushNow() {
    flushScheduled = false;
    if (!open || !pending.isReadable()) {
      return;
    }
    ByteBuf plaintext = pending;
    pending = raw.alloc().compositeDirectBuffer(Integer.MAX_VALUE);
    raw.write(codec.encrypt(plaintext));
    raw.flush();
  }

  @Override
  public boolean isWritable() {
    return raw.isWritable();
  }

  @Override
  public void setReadPaused(boolean paused) {
    raw.setReadPaused(paused);
  }

  @Override
  public void close(String reason) {
    closeReason = reason;
    raw.close();
  }

  // ---- YamuxSession.Listener ----

  @Override
  public void onInboundStream(YamuxStream stream) {
    Libp2pStream.inbound(this, stream);
  }

  @Override
  public void onSessionClosed(String reason) {
    if (open) {
      raw.close();
    }
  }

  @Override
  public String toString() {
    return "Connection(" + remotePeer() + " " + (outbound ? "to " : "from ") + remoteAddress + ")";
  }
}
