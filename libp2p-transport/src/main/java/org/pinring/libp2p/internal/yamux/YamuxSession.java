package org.pinring.libp2p.internal.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pinring.runtime.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A yamux 1.0.0 session (libp2p/specs yamux; hashicorp/yamux spec.md): stream multiplexing with
 * per-stream flow control over one secured connection.
 *
 * <p>A plain state machine: decrypted bytes go in through {@link #onData}, frames go out through
 * {@link Output}. Everything runs on one thread, the connection's; no method is thread-safe.
 *
 * <p>Flow control: each stream starts with the spec's 256 KiB window in each direction. Data is
 * sent only within the peer's window and only while the connection is writable ({@link
 * #onWritabilityChanged} resumes it). Window updates are sent once the reader has consumed half a
 * window; a reader that keeps up gets its window doubled up to {@link YamuxConfig#maxWindowBytes}.
 * A peer that sends beyond a window, a malformed frame, or an unknown type is a protocol error: the
 * session sends GoAway and closes the connection. If unread data of all streams together exceeds
 * {@link YamuxConfig#maxBufferedInboundBytes}, the session stops reading from the connection.
 * Frames that only ask for a reply (pings, SYNs beyond the stream limit) get at most {@link
 * #MAX_REPLIES_WHILE_BLOCKED} replies while the connection is not writable, so a peer that does not
 * read cannot grow the outbound buffer.
 */
public final class YamuxSession {

  private static final Logger log = LoggerFactory.getLogger(YamuxSession.class);

  /**
   * Replies to pings and refused SYNs queued while the connection is not writable, until it is
   * writable again; further ones are dropped ({@code replyUnlessBlocked}).
   */
  static final int MAX_REPLIES_WHILE_BLOCKED = 64;

  /** The multistream-select protocol id. */
  public static final String PROTOCOL_ID = "/yamux/1.0.0";

  /** What the session needs from the connection below it. */
  public interface Output {
    /** Queues a frame's bytes (ownership passes). */
    void write(ByteBuf bytes);

    /** Sends what was queued. */
    void flush();

    /** False while the connection's outbound buffer is above its high-water mark. */
    boolean isWritable();

    /** Stops or resumes reading from the connection. */
    void setReadPaused(boolean paused);

    /** Closes the connection after a fatal error or GoAway. */
    void close(String reason);
  }

  /** Session events for the layer above. */
  public interface Listener {
    /** The remote opened a stream; set its handler now or its data is buffered. */
    void onInboundStream(YamuxStream stream);

    /** The session ended; every stream has been reset. */
    void onSessionClosed(String reason);
  }

  private final boolean client;
  private final YamuxConfig config;
  private final Output output;
  private final Listener listener;
  private final Clock clock;
  private final ByteBufAllocator alloc;
  private final Map<Integer, YamuxStream> streams = new HashMap<>();
  private final Set<YamuxStream> blocked = new LinkedHashSet<>();
  private final FrameSink sink = new FrameSink();
  private CompositeByteBuf cumulation;
  private int repliesWhileBlocked;
  private int nextStreamId;
  private long bufferedInbound;
  private boolean readPaused;
  private boolean remoteGoAway;
  private boolean localGoAway;
  private boolean closed;
  private long pingSentNanos = -1;
  private int pingOpaque;
  private long rttNanos;
  private long lastReceivedNanos;

  /**
   * @param client true on the connection's initiator side (it opens odd-numbered streams)
   */
  public YamuxSession(
      boolean client,
      YamuxConfig config,
      Output output,
      Listener listener,
      Clock clock,
      ByteBufAllocator alloc) {
    this.client = client;
    this.config = config;
    this.output = output;
    this.listener = listener;
    this.clock = clock;
    this.alloc = alloc;
    this.nextStreamId = client ? 1 : 2;
    this.lastReceivedNanos = clock.monotonicNanos();
  }

  /** Sends a ping to measure the round-trip time, which window growth uses. */
  public void start() {
    ping();
  }

  /** Sends a ping; the reply updates {@link #rttNanos()}. */
  public void ping() {
    if (closed) {
      return;
    }
    pingOpaque++;
    pingSentNanos = clock.monotonicNanos();
    ByteBuf frame = alloc.buffer(YamuxFrame.HEADER_BYTES);
    YamuxFrame.writeHeader(frame, YamuxFrame.TYPE_PING, YamuxFrame.FLAG_SYN, 0, pingOpaque);
    output.write(frame);
    output.flush();
  }

  /**
   * Keepalive, first half: sends a ping if nothing arrived for {@code idleNanos} and no ping is
   * outstanding (yamux spec "Ping"; go and js yamux keep connections alive with pings every 30 s).
   *
   * @return whether a ping was sent
   */
  public boolean keepAlive(long idleNanos) {
    if (closed || pingSentNanos >= 0 || clock.monotonicNanos() - lastReceivedNanos < idleNanos) {
      return false;
    }
    ping();
    return true;
  }

  /**
   * Keepalive, second half: closes the session if the outstanding ping is unanswered after {@code
   * timeoutNanos}. While reading is paused (backpressure) the answer cannot be seen, so the session
   * is not judged then.
   *
   * @return whether the session closed
   */
  public boolean expireKeepAlive(long timeoutNanos) {
    if (closed || readPaused || pingSentNanos < 0) {
      return false;
    }
    long waited = clock.monotonicNanos() - pingSentNanos;
    if (waited < timeoutNanos) {
      return false;
    }
    String reason = "keepalive ping unanswered for " + waited / 1_000_000 + " ms";
    log.info("closing yamux session: {}", reason);
    terminate(reason);
    output.close(reason);
    return true;
  }

  /** The last measured round-trip time, or 0 before the first ping reply. */
  public long rttNanos() {
    return rttNanos;
  }

  YamuxConfig config() {
    return config;
  }

  long nowNanos() {
    return clock.monotonicNanos();
  }

  /** Number of open streams. */
  public int streamCount() {
    return streams.size();
  }

  /** True after {@link #close} or a fatal error. */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Opens a stream; the SYN goes out with its first frame, immediately.
   *
   * @throws YamuxException if the session is closed, the remote sent GoAway, or the stream limit is
   *     reached
   */
  public YamuxStream openStream() {
    if (closed || remoteGoAway) {
      throw new YamuxException(closed ? "session closed" : "remote sent GoAway");
    }
    if (streams.size() >= config.maxStreams()) {
      throw new YamuxException("stream limit of " + config.maxStreams() + " reached");
    }
    if (nextStreamId < 0) {
      throw new YamuxException("stream ids exhausted");
    }
    int id = nextStreamId;
    nextStreamId += 2;
    YamuxStream stream =
        new YamuxStream(this, id, true, config.initialWindowBytes(), clock.monotonicNanos());
    streams.put(id, stream);
    flushStream(stream);
    return stream;
  }

  /** Decrypted connection bytes (ownership passes): parses and dispatches every whole frame. */
  public void onData(ByteBuf data) {
    if (closed) {
      data.release();
      return;
    }
    lastReceivedNanos = clock.monotonicNanos();
    if (cumulation == null) {
      cumulation = alloc.compositeDirectBuffer(Integer.MAX_VALUE);
    }
    cumulation.addComponent(true, data);
    try {
      while (!closed && parseFrame(cumulation)) {
        // keep going while whole frames are available
      }
    } catch (RuntimeException e) {
      log.warn("yamux session failed while handling input", e);
      fail(YamuxFrame.GO_AWAY_INTERNAL_ERROR, "internal error: " + e);
    }
    if (cumulation != null) {
      cumulation.discardReadComponents();
    }
    output.flush();
  }

  /** The connection's writability changed: resume blocked streams when it is writable again. */
  public void onWritabilityChanged() {
    if (!output.isWritable() || closed) {
      return;
    }
    repliesWhileBlocked = 0;
    // flushStream keeps a stream in `blocked` until all its data is out; streams not reached
    // before the connection fills up again stay there for the next writability change.
    for (YamuxStream stream : new ArrayList<>(blocked)) {
      flushStream(stream);
      if (!output.isWritable()) {
        break;
      }
    }
    output.flush();
  }

  /**
   * Sends GoAway (normal) without closing: existing streams continue, new inbound streams are
   * refused. Used by graceful shutdown to let streams drain.
   */
  public void goAway() {
    if (closed || localGoAway) {
      return;
    }
    localGoAway = true;
    sendGoAway(YamuxFrame.GO_AWAY_NORMAL);
  }

  /** Sends GoAway (normal) and closes: streams are reset. */
  public void close() {
    if (closed) {
      return;
    }
    if (!localGoAway) {
      sendGoAway(YamuxFrame.GO_AWAY_NORMAL);
    }
    terminate("closed locally");
  }

  /** The connection below closed: reset every stream and release buffers. */
  public void onConnectionClosed(String reason) {
    terminate(reason);
  }

  // ---- frame parsing ----

  private boolean parseFrame(CompositeByteBuf in) {
    if (in.readableBytes() < YamuxFrame.HEADER_BYTES) {
      return false;
    }
    int start = in.readerIndex();
    int version = in.getUnsignedByte(start);
    int type = in.getUnsignedByte(start + 1);
    int flags = in.getUnsignedShort(start + 2);
    int streamId = in.getInt(start + 4);
    long length = in.getUnsignedInt(start + 8);
    if (version != YamuxFrame.VERSION) {
      fail(YamuxFrame.GO_AWAY_PROTOCOL_ERROR, "unsupported yamux version " + version);
      return false;
    }
    if (type == YamuxFrame.TYPE_DATA) {
      if (length > config.maxWindowBytes()) {
        fail(YamuxFrame.GO_AWAY_PROTOCOL_ERROR, "data frame of " + length + " bytes");
        return false;
      }
      if (in.readableBytes() < YamuxFrame.HEADER_BYTES + length) {
        return false;
      }
      in.skipBytes(YamuxFrame.HEADER_BYTES);
      onDataFrame(flags, streamId, extractPayload(in, (int) length));
      return true;
    }
    in.skipBytes(YamuxFrame.HEADER_BYTES);
    switch (type) {
      case YamuxFrame.TYPE_WINDOW_UPDATE -> onWindowUpdate(flags, streamId, length);
      case YamuxFrame.TYPE_PING -> onPing(flags, length);
      case YamuxFrame.TYPE_GO_AWAY -> onGoAway(length);
      default -> fail(YamuxFrame.GO_AWAY_PROTOCOL_ERROR, "unknown frame type " + type);
    }
    return true;
  }

  /**
   * The next {@code length} bytes as a buffer independent of the cumulation (whose component
   * indexes shift when read components are discarded): a slice of one decrypted frame when the
   * payload lies within it, which is the common case between PinRing peers, else a copy.
   */
  private ByteBuf extractPayload(CompositeByteBuf in, int length) {
    int index = in.readerIndex();
    if (length > 0) {
      int component = in.toComponentIndex(index);
      int offset = index - in.toByteIndex(component);
      ByteBuf part = in.internalComponent(component);
      if (offset + length <= part.capacity()) {
        ByteBuf slice = part.retainedSlice(offset, length);
        in.skipBytes(length);
        return slice;
      }
    }
    ByteBuf copy = alloc.directBuffer(Math.max(length, 1));
    in.readBytes(copy, length);
    return copy;
  }

  private void onDataFrame(int flags, int streamId, ByteBuf payload) {
    YamuxStream stream = streamFor(flags, streamId);
    if (stream == null) {
      payload.release();
      return;
    }
    if (!stream.onData(payload)) {
      fail(
          YamuxFrame.GO_AWAY_PROTOCOL_ERROR,
          "stream " + streamId + " received more than its window");
      return;
    }
    applyCloseFlags(flags, stream);
  }

  private void onWindowUpdate(int flags, int streamId, long delta) {
    YamuxStream stream = streamFor(flags, streamId);
    if (stream == null) {
      return;
    }
    stream.addSendWindow(delta);
    applyCloseFlags(flags, stream);
    if (!stream.isClosed() && stream.hasPendingOutput()) {
      flushStream(stream);
    }
  }

  /**
   * The stream a frame is for: existing, or new when it carries SYN. Returns null for frames of
   * unknown (already closed) streams, which are ignored, and for refused streams.
   */
  private YamuxStream streamFor(int flags, int streamId) {
    if (streamId == 0) {
      fail(YamuxFrame.GO_AWAY_PROTOCOL_ERROR, "stream frame on stream 0");
      return null;
    }
    YamuxStream stream = streams.get(streamId);
    if ((flags & YamuxFrame.FLAG_SYN) == 0) {
      return stream;
    }
    // Ids are unsigned 32-bit (spec "Stream Identifiers"): test the low bit, since a signed
    // remainder is -1 for odd ids with the top bit set.
    if (stream != null || ((streamId & 1) == 1) == client) {
      fail(YamuxFrame.GO_AWAY_PROTOCOL_ERROR, "invalid SYN for stream " + streamId);
      return null;
    }
    if (streams.size() >= config.maxStreams() || closed || localGoAway) {
      log.debug("refusing stream {}: {} streams open", streamId, streams.size());
      replyUnlessBlocked(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_RST, streamId, 0);
      return null;
    }
    stream =
        new YamuxStream(this, streamId, false, config.initialWindowBytes(), clock.monotonicNanos());
    streams.put(streamId, stream);
    flushStream(stream); // ACK
    listener.onInboundStream(stream);
    return stream;
  }

  private void applyCloseFlags(int flags, YamuxStream stream) {
    if ((flags & YamuxFrame.FLAG_RST) != 0) {
      stream.onReset();
    } else if ((flags & YamuxFrame.FLAG_FIN) != 0) {
      stream.onRemoteFin();
    }
  }

  private void onPing(int flags, long opaque) {
    if ((flags & YamuxFrame.FLAG_SYN) != 0) {
      replyUnlessBlocked(YamuxFrame.TYPE_PING, YamuxFrame.FLAG_ACK, 0, opaque);
    } else if ((flags & YamuxFrame.FLAG_ACK) != 0
        && pingSentNanos >= 0
        && opaque == (pingOpaque & 0xffffffffL)) {
      rttNanos = Math.max(1, clock.monotonicNanos() - pingSentNanos);
      pingSentNanos = -1;
    }
  }

  /**
   * Answers a frame that asks for a reply (a ping, a refused SYN). While the connection is not
   * writable, at most {@link #MAX_REPLIES_WHILE_BLOCKED} such replies are queued and the rest are
   * dropped: a peer sending these frames without reading would otherwise grow the outbound buffer
   * by one frame per frame it sends, for as long as it likes. The few pings of a live peer are
   * still answered, behind the queued data; a refused stream's opener also learns from its own
   * timeout.
   */
  private void replyUnlessBlocked(int type, int flags, int streamId, long value) {
    if (!output.isWritable() && ++repliesWhileBlocked > MAX_REPLIES_WHILE_BLOCKED) {
      log.debug(
          "not answering a {} frame: the connection is not writable", YamuxFrame.typeName(type));
      return;
    }
    writeHeader(type, flags, streamId, value);
  }

  private void onGoAway(long code) {
    remoteGoAway = true;
    if (code != YamuxFrame.GO_AWAY_NORMAL) {
      log.debug("remote sent GoAway with error code {}", code);
    }
  }

  // ---- output ----

  void flushStream(YamuxStream stream) {
    if (closed) {
      return;
    }
    if (!stream.flush(sink)) {
      blocked.add(stream);
    } else {
      blocked.remove(stream);
    }
    output.flush();
  }

  void sendWindowUpdate(YamuxStream stream, long delta) {
    if (!closed && streams.containsKey(stream.id())) {
      writeHeader(YamuxFrame.TYPE_WINDOW_UPDATE, 0, stream.id(), delta);
      output.flush();
    }
  }

  void sendReset(YamuxStream stream) {
    if (!closed && streams.containsKey(stream.id())) {
      writeHeader(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_RST, stream.id(), 0);
      output.flush();
    }
  }

  void maybeRemove(YamuxStream stream) {
    if (stream.isClosed() && streams.remove(stream.id()) != null) {
      blocked.remove(stream);
      stream.notifyClosed();
    }
  }

  void inboundBuffered(long bytes) {
    bufferedInbound += bytes;
    if (!readPaused && bufferedInbound > config.maxBufferedInboundBytes()) {
      readPaused = true;
      output.setReadPaused(true);
    }
  }

  void inboundConsumed(long bytes) {
    bufferedInbound -= bytes;
    if (readPaused && bufferedInbound <= config.maxBufferedInboundBytes() / 2) {
      readPaused = false;
      output.setReadPaused(false);
    }
  }

  private void writeHeader(int type, int flags, int streamId, long length) {
    ByteBuf frame = alloc.buffer(YamuxFrame.HEADER_BYTES);
    YamuxFrame.writeHeader(frame, type, flags, streamId, length);
    output.write(frame);
  }

  private void sendGoAway(int code) {
    writeHeader(YamuxFrame.TYPE_GO_AWAY, 0, 0, code);
    output.flush();
  }

  private void fail(int code, String reason) {
    if (closed) {
      return;
    }
    log.info("closing yamux session: {}", reason);
    sendGoAway(code);
    terminate(reason);
    output.close(reason);
  }

  private void terminate(String reason) {
    if (closed) {
      return;
    }
    closed = true;
    List<YamuxStream> open = new ArrayList<>(streams.values());
    for (YamuxStream stream : open) {
      stream.onReset();
    }
    for (YamuxStream stream : open) {
      if (streams.remove(stream.id()) != null) {
        stream.notifyClosed();
      }
    }
    blocked.clear();
    if (cumulation != null) {
      cumulation.release();
      cumulation = null;
    }
    listener.onSessionClosed(reason);
  }

  /** Where streams put their frames. */
  final class FrameSink {
    boolean isWritable() {
      return output.isWritable();
    }

    void data(int streamId, int flags, ByteBuf payload) {
      ByteBuf header = alloc.buffer(YamuxFrame.HEADER_BYTES);
      YamuxFrame.writeHeader(
          header, YamuxFrame.TYPE_DATA, flags, streamId, payload.readableBytes());
      output.write(header);
      output.write(payload);
    }

    void windowUpdate(int streamId, int flags, long delta) {
      writeHeader(YamuxFrame.TYPE_WINDOW_UPDATE, flags, streamId, delta);
    }
  }
}
