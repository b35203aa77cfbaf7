package org.pinring.libp2p.internal.host;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.pinring.libp2p.Connection;
import org.pinring.libp2p.ProtocolNotSupportedException;
import org.pinring.libp2p.Stream;
import org.pinring.libp2p.StreamException;
import org.pinring.libp2p.StreamHandler;
import org.pinring.libp2p.StreamReader;
import org.pinring.libp2p.internal.mss.MultistreamException;
import org.pinring.libp2p.internal.mss.MultistreamNegotiation;
import org.pinring.libp2p.internal.yamux.YamuxStream;
import org.pinring.libp2p.internal.yamux.YamuxStreamHandler;
import org.pinring.runtime.Cancellable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Stream} over a yamux stream: first multistream-select for its protocol, then data. The
 * public methods hop to the connection's executor; the yamux callbacks run there.
 *
 * <p>Until a reader is installed, arriving data is held and the yamux stream is paused, so what is
 * held stays within the stream's receive window.
 */
final class Libp2pStream implements Stream, YamuxStreamHandler {

  private static final Logger log = LoggerFactory.getLogger(Libp2pStream.class);

  private final Libp2pConnection connection;
  private final YamuxStream yamux;
  private final Executor executor;
  private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
  private final ArrayDeque<ByteBuf> early = new ArrayDeque<>();
  private final MultistreamNegotiation negotiation;
  private CompletableFuture<Stream> opened;
  private CompositeByteBuf negotiationInput;
  private Cancellable negotiationTimeout;
  private volatile String protocol;
  private StreamReader reader;
  private boolean open;
  private boolean endPending;
  private boolean userPaused;
  private boolean finished;
  // The connection thread while it is inside the reader's onData: a pause requested from there
  // must take effect before the next chunk, not after a hop through the executor.
  private volatile Thread readerThread;

  private Libp2pStream(
      Libp2pConnection connection, YamuxStream yamux, MultistreamNegotiation negotiation) {
    this.connection = connection;
    this.yamux = yamux;
    this.executor = connection.raw().executor();
    this.negotiation = negotiation;
  }

  static void outbound(
      Libp2pConnection connection,
      YamuxStream yamux,
      List<String> protocols,
      CompletableFuture<Stream> opened) {
    Libp2pStream stream =
        new Libp2pStream(connection, yamux, MultistreamNegotiation.initiator(protocols));
    stream.opened = opened;
    stream.begin();
  }

  static void inbound(Libp2pConnection connection, YamuxStream yamux) {
    UpgradeContext context = connection.context();
    new Libp2pStream(
            connection, yamux, MultistreamNegotiation.responder(context.supportedProtocols()))
        .begin();
  }

  private void begin() {
    connection.streamOpened();
    negotiationInput = connection.raw().alloc().compositeBuffer(Integer.MAX_VALUE);
    yamux.setHandler(this);
    ByteBuf out = connection.raw().alloc().buffer();
    negotiation.start(out);
    // A failed write resets the stream, which ends negotiation: nothing to do with the future.
    var unused = yamux.write(out);
    negotiationTimeout =
        connection
            .context()
            .environment()
            .scheduler()
            .schedule(
                connection.context().negotiationTimeout(),
                () ->
                    executor.execute(
                        () -> {
                          if (!open && !finished) {
                            failNegotiation(
                                new StreamException(
                                    "protocol negotiation did not finish within "
                                        + connection.context().negotiationTimeout()));
                          }
                        }));
  }

  // ---- yamux events ----

  @Override
  public void onData(YamuxStream stream, ByteBuf data) {
    if (open) {
      deliver(data);
      return;
    }
    negotiationInput.addComponent(true, data);
    ByteBuf out = connection.raw().alloc().buffer();
    try {
      negotiation.onData(negotiationInput, out);
    } catch (MultistreamException e) {
      out.release();
      failNegotiation(
          e.unsupported()
              ? new ProtocolNotSupportedException(
                  connection.remotePeer() + " does not support: " + e.getMessage())
              : new StreamException("protocol negotiation failed: " + e.getMessage()));
      return;
    }
    if (out.isReadable()) {
      var unused = yamux.write(out); // failure resets the stream
    } else {
      out.release();
    }
    if (negotiation.isDone()) {
      becomeOpen();
    } else {
      negotiationInput.discardReadComponents();
    }
  }

  private void becomeOpen() {
    open = true;
    protocol = negotiation.selected();
    negotiationTimeout.cancel();
    ByteBuf leftover = negotiationInput.readRetainedSlice(negotiationInput.readableBytes());
    negotiationInput.release();
    negotiationInput = null;
    if (leftover.isReadable()) {
      deliver(leftover);
    } else {
      leftover.release();
    }
    if (opened != null) {
      if (!opened.complete(this)) {
        yamux.reset();
      }
      return;
    }
    StreamHandler handler = connection.context().handlers().apply(protocol);
    if (handler == null) {
      yamux.reset();
      return;
    }
    try {
      handler.onStream(this);
    } catch (RuntimeException e) {
      log.warn("handler for {} failed; resetting the stream", protocol, e);
      yamux.reset();
    }
  }

  private void failNegotiation(StreamException failure) {
    log.debug(
        "stream negotiation with {} failed: {}", connection.remotePeer(), failure.getMessage());
    if (opened != null) {
      opened.completeExceptionally(failure);
    }
    yamux.reset();
  }

  private void deliver(ByteBuf data) {
    if (reader == null || !early.isEmpty()) {
      early.add(data);
      yamux.pauseReading();
      return;
    }
    handToReader(data);
  }

  /** Largest piece handed to a reader at once; a peer's data frame can be a whole window. */
  static final int MAX_DELIVERY_BYTES = 64 * 1024;

  /**
   * Hands {@code data} (owned here) to the reader in pieces of at most {@link #MAX_DELIVERY_BYTES},
   * so that a reader which pauses stops the flow within a frame; what is left then waits at the
   * front of {@code early}.
   */
  private void handToReader(ByteBuf data) {
    readerThread = Thread.currentThread();
    try {
      while (data.isReadable()) {
        if (userPaused || reader == null) {
          early.addFirst(data);
          yamux.pauseReading();
          return;
        }
        ByteBuf piece = data.readSlice(Math.min(MAX_DELIVERY_BYTES, data.readableBytes()));
        reader.onData(this, piece.nioBuffer().asReadOnlyBuffer());
      }
      data.release();
    } catch (RuntimeException e) {
      data.release();
      log.warn("reader of {} failed; resetting the stream", protocol, e);
      yamux.reset();
    } finally {
      readerThread = null;
    }
  }

  @Override
  public void onRemoteClose(YamuxStream stream) {
    if (!open) {
      failNegotiation(new StreamException("stream closed during protocol negotiation"));
      return;
    }
    if (reader != null && early.isEmpty()) {
      reader.onEnd(this);
    } else {
      endPending = true;
    }
  }

  @Override
  public void onReset(YamuxStream stream) {
    for (ByteBuf data : early) {
      data.release();
    }
    early.clear();
    if (!open) {
      if (negotiationTimeout != null) {
        negotiationTimeout.cancel();
      }
      if (opened != null) {
        opened.completeExceptionally(new StreamException("stream reset during negotiation"));
      }
      return;
    }
    if (reader != null) {
      try {
        reader.onReset(this);
      } catch (RuntimeException e) {
        log.warn("reader of {} failed in onReset", protocol, e);
      }
    }
  }

  @Override
  public void onClosed(YamuxStream stream) {
    if (finished) {
      return;
    }
    finished = true;
    if (negotiationInput != null) {
      negotiationInput.release();
      negotiationInput = null;
    }
    connection.streamClosed();
    closeFuture.complete(null);
  }

  // ---- Stream ----

  @Override
  public String protocol() {
    return protocol;
  }

  @Override
  public Connection connection() {
    return connection;
  }

  @Override
  public boolean isOutbound() {
    return yamux.isOutbound();
  }

  @Override
  public CompletableFuture<Void> write(ByteBuffer data) {
    ByteBuf copy = connection.raw().alloc().directBuffer(Math.max(1, data.remaining()));
    copy.writeBytes(data);
    CompletableFuture<Void> result = new CompletableFuture<>();
    executor.execute(
        () -> {
          var unused =
              yamux
                  .write(copy)
                  .whenComplete(
                      (ok, failure) -> {
                        if (failure == null) {
                          result.complete(null);
                        } else {
                          result.completeExceptionally(
                              new StreamException(failure.getMessage(), failure));
                        }
                      });
        });
    return result;
  }

  @Override
  public void closeWrite() {
    executor.execute(yamux::closeWrite);
  }

  @Override
  public void reset() {
    executor.execute(yamux::reset);
  }

  @Override
  public void setReader(StreamReader newReader) {
    executor.execute(
        () -> {
          reader = newReader;
          while (!early.isEmpty() && !userPaused && reader == newReader) {
            handToReader(early.poll());
          }
          if (early.isEmpty() && endPending && reader == newReader) {
            endPending = false;
            reader.onEnd(this);
          }
          if (!userPaused && !yamux.isReset()) {
            yamux.resumeReading();
          }
        });
  }

  @Override
  public void pauseReading() {
    if (readerThread == Thread.currentThread()) {
      userPaused = true;
      yamux.pauseReading();
      return;
    }
    executor.execute(
        () -> {
          userPaused = true;
          yamux.pauseReading();
        });
  }

  @Override
  public void resumeReading() {
    executor.execute(
        () -> {
          userPaused = false;
          if (reader != null) {
            setReader(reader);
          }
        });
  }

  @Override
  public CompletableFuture<Void> closeFuture() {
    return closeFuture;
  }

  @Override
  public String toString() {
    return "Stream(" + protocol + " " + connection.remotePeer() + " #" + yamux.id() + ")";
  }
}
