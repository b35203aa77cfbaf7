package org.pinring.libp2p.internal.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pinring.runtime.SimulatedTime;

/** The yamux session as a plain state machine: frames in, frames out, no network. */
class YamuxSessionTest {

  private final SimulatedTime time = new SimulatedTime();
  private final Wire clientWire = new Wire();
  private final Wire serverWire = new Wire();
  private final Recorder clientEvents = new Recorder();
  private final Recorder serverEvents = new Recorder();
  private final YamuxSession client = session(true, clientWire, clientEvents);
  private final YamuxSession server = session(false, serverWire, serverEvents);

  @BeforeEach
  void exchangeInitialPings() {
    pump(); // each side measures the round trip, which window growth needs
  }

  @AfterEach
  void release() {
    client.close();
    server.close();
    clientWire.release();
    serverWire.release();
    serverEvents.release();
    clientEvents.release();
  }

  @Test
  void openingAStreamSendsAWindowUpdateWithSyn() {
    client.openStream();

    // version 0, type 1 (window update), flags SYN, stream 1, delta 0 (spec "Framing").
    assertThat(hex(clientWire.take())).isEqualTo("000100010000000100000000");
  }

  @Test
  void streamsCarryDataBothWaysAndCloseWithFin() {
    YamuxStream stream = client.openStream();
    pump();
    YamuxStream accepted = serverEvents.streams.get(0);
    accepted.setHandler(serverEvents);
    stream.setHandler(clientEvents);

    CompletableFuture<Void> written = stream.write(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
    stream.closeWrite();
    pump();
    assertThat(accepted.write(Unpooled.wrappedBuffer(new byte[] {4}))).isNotNull();
    accepted.closeWrite();
    pump();

    assertThat(written).isCompleted();
    assertThat(serverEvents.data()).containsExactly(1, 2, 3);
    assertThat(serverEvents.remoteClosed).isTrue();
    assertThat(clientEvents.data()).containsExactly(4);
    assertThat(stream.isClosed()).isTrue();
    assertThat(client.streamCount()).isZero();
    assertThat(server.streamCount()).isZero();
  }

  @Test
  void answersPingsWithTheSameOpaqueValue() {
    ByteBuf ping = Unpooled.buffer();
    YamuxFrame.writeHeader(ping, YamuxFrame.TYPE_PING, YamuxFrame.FLAG_SYN, 0, 0xabcdef);
    server.onData(ping);

    assertThat(hex(serverWire.take())).isEqualTo("000200020000000000abcdef");
  }

  @Test
  void dataBeyondTheWindowIsAProtocolError() {
    client.openStream();
    pump();
    ByteBuf flood = Unpooled.buffer();
    YamuxFrame.writeHeader(flood, YamuxFrame.TYPE_DATA, 0, 1, YamuxConfig.SPEC_INITIAL_WINDOW + 1);
    flood.writeZero(YamuxConfig.SPEC_INITIAL_WINDOW + 1);

    server.onData(flood);

    assertThat(serverWire.closedReason).contains("more than its window");
    assertThat(hex(serverWire.takeLast())).isEqualTo("000300000000000000000001");
  }

  @Test
  void streamsBeyondTheLimitAreReset() {
    YamuxSession small =
        new YamuxSession(
            false,
            new YamuxConfig(YamuxConfig.SPEC_INITIAL_WINDOW, 1 << 20, 1, 65536, 1 << 20, 1 << 20),
            serverWire,
            serverEvents,
            time,
            UnpooledByteBufAllocator.DEFAULT);
    ByteBuf two = Unpooled.buffer();
    YamuxFrame.writeHeader(two, YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1, 0);
    YamuxFrame.writeHeader(two, YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 3, 0);

    small.onData(two);

    assertThat(small.streamCount()).isEqualTo(1);
    // ACK for stream 1, then RST for stream 3.
    assertThat(hex(serverWire.takeLast())).isEqualTo("000100080000000300000000");
    small.close();
  }

  @Test
  void unknownTypesAndVersionsCloseTheSession() {
    ByteBuf bad = Unpooled.buffer().writeBytes(new byte[] {0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    server.onData(bad);
    assertThat(serverWire.closedReason).contains("unknown frame type 9");

    ByteBuf version = Unpooled.buffer().writeBytes(new byte[] {1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0});
    client.onData(version);
    assertThat(clientWire.closedReason).contains("version 1");
  }

  @Test
  void aStreamOpenedWithTheWrongParityIsAProtocolError() {
    ByteBuf syn = Unpooled.buffer();
    YamuxFrame.writeHeader(syn, YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 2, 0);
    server.onData(syn);
    assertThat(serverWire.closedReason).contains("invalid SYN");
  }

  /**
   * Stream ids are unsigned 32-bit (spec "Stream Identifiers"): an odd id with the top bit set is
   * still the client's. Read as a signed int, {@code id % 2} of such an id is -1, which once made
   * the server refuse the client's stream and the client accept a server stream of odd id.
   */
  @Test
  void streamIdsWithTheTopBitSetKeepTheirParity() {
    int oddHighId = 0x80000001;
    ByteBuf fromClient = Unpooled.buffer();
    YamuxFrame.writeHeader(
        fromClient, YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, oddHighId, 0);
    server.onData(fromClient);
    assertThat(serverWire.closedReason).isNull();
    assertThat(server.streamCount()).isEqualTo(1);

    ByteBuf fromServer = Unpooled.buffer();
    YamuxFrame.writeHeader(
        fromServer, YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, oddHighId, 0);
    client.onData(fromServer);
    assertThat(clientWire.closedReason).contains("invalid SYN");
  }

  /**
   * A data frame may carry up to the largest window; one byte more is refused from its header,
   * before its payload is buffered.
   */
  @Test
  void aDataFrameLongerThanTheLargestWindowIsRefusedFromItsHeader() {
    client.openStream();
    pump();
    long largest = YamuxConfig.defaults().maxWindowBytes();
    ByteBuf header = Unpooled.buffer();
    YamuxFrame.writeHeader(header, YamuxFrame.TYPE_DATA, 0, 1, largest);
    server.onData(header);
    assertThat(serverWire.closedReason).as("waits for the payload").isNull();

    ByteBuf tooLong = Unpooled.buffer();
    YamuxFrame.writeHeader(tooLong, YamuxFrame.TYPE_DATA, 0, 1, largest + 1);
    client.onData(tooLong);
    assertThat(clientWire.closedReason).contains("data frame of " + (largest + 1) + " bytes");

    ByteBuf maximal = Unpooled.buffer();
    YamuxFrame.writeHeader(maximal, YamuxFrame.TYPE_DATA, 0, 1, 0xffffffffL);
    Wire otherWire = new Wire();
    YamuxSession other = session(false, otherWire, new Recorder());
    other.onData(maximal);
    assertThat(otherWire.closedReason).contains("data frame of 4294967295 bytes");
    otherWire.release();
  }

  /**
   * Pings and refused SYNs each ask for a reply frame. A peer that sends them without reading made
   * the session queue one 12-byte reply per 12 bytes received, for as long as it kept sending,
   * however full the outbound buffer: while the connection is not writable only a few replies are
   * queued and the rest dropped (as go-yamux drops ping replies it cannot queue); once it is
   * writable again, every ping is answered.
   */
  @Test
  void pingsAndRefusedStreamsGetFewRepliesWhileTheConnectionIsNotWritable() {
    Wire wire = new Wire();
    YamuxSession small =
        new YamuxSession(
            false,
            new YamuxConfig(YamuxConfig.SPEC_INITIAL_WINDOW, 1 << 20, 1, 65536, 1 << 20, 1 << 20),
            wire,
            new Recorder(),
            time,
            UnpooledByteBufAllocator.DEFAULT);
    ByteBuf open = Unpooled.buffer();
    YamuxFrame.writeHeader(open, YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1, 0);
    small.onData(open);
    wire.release();
    wire.writable = false;

    try {
      ByteBuf flood = Unpooled.buffer();
      for (int i = 0; i < 10_000; i++) {
        YamuxFrame.writeHeader(flood, YamuxFrame.TYPE_PING, YamuxFrame.FLAG_SYN, 0, i);
        YamuxFrame.writeHeader(
            flood, YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 3 + 2 * i, 0);
      }
      small.onData(flood);
      assertThat(wire.sent).hasSize(YamuxSession.MAX_REPLIES_WHILE_BLOCKED);
      assertThat(wire.closedReason).isNull();
      wire.release();

      wire.writable = true;
      small.onWritabilityChanged();
      ByteBuf ping = Unpooled.buffer();
      YamuxFrame.writeHeader(ping, YamuxFrame.TYPE_PING, YamuxFrame.FLAG_SYN, 0, 7);
      small.onData(ping);
      assertThat(hex(wire.takeLast())).isEqualTo("000200020000000000000007");
    } finally {
      small.close();
      wire.release(); // a failure above must not also report the queued replies as leaks
    }
  }

  @Test
  void aWriterStopsAtTheWindowAndResumesOnTheUpdate() {
    YamuxStream stream = client.openStream();
    pump();
    YamuxStream accepted = serverEvents.streams.get(0);
    accepted.pauseReading();
    accepted.setHandler(serverEvents);
    int size = YamuxConfig.SPEC_INITIAL_WINDOW + 1000;

    CompletableFuture<Void> written = stream.write(Unpooled.wrappedBuffer(new byte[size]));
    pump();

    assertThat(written).isNotDone();
    accepted.resumeReading();
    pump();
    assertThat(written).isCompleted();
    assertThat(serverEvents.data()).hasSize(size);
  }

  @Test
  void unconnectedWritesFailBeyondTheQueueBound() {
    YamuxStream stream = client.openStream();
    long bound = YamuxConfig.defaults().maxPendingWriteBytes();
    // The first window's worth goes out at once; the rest of the write waits in the queue.
    CompletableFuture<Void> first = stream.write(Unpooled.wrappedBuffer(new byte[(int) bound]));
    CompletableFuture<Void> tooMuch =
        stream.write(Unpooled.wrappedBuffer(new byte[YamuxConfig.SPEC_INITIAL_WINDOW + 1]));

    assertThat(first).isNotDone();
    assertThat(tooMuch).isCompletedExceptionally();
  }

  @Test
  void aFastReaderGrowsItsWindow() {
    YamuxStream stream = client.openStream();
    stream.setHandler(clientEvents);
    pump();
    YamuxStream accepted = serverEvents.streams.get(0);
    accepted.setHandler(serverEvents);

    for (int i = 0; i < 8; i++) {
      var written = stream.write(Unpooled.wrappedBuffer(new byte[YamuxConfig.SPEC_INITIAL_WINDOW]));
      pump();
      assertThat(written).isCompleted();
    }

    assertThat(accepted.receiveWindowSize()).isGreaterThan(YamuxConfig.SPEC_INITIAL_WINDOW);
  }

  @Property(tries = 50)
  void framesSplitAtAnyPointAreReassembled(@ForAll @IntRange(min = 1, max = 40) int chunk) {
    YamuxStream stream = client.openStream();
    assertThat(stream.write(Unpooled.wrappedBuffer(new byte[] {5, 6, 7, 8, 9}))).isCompleted();
    ByteBuf wire = clientWire.takeAll();
    while (wire.isReadable()) {
      server.onData(wire.readRetainedSlice(Math.min(chunk, wire.readableBytes())));
    }
    wire.release();
    serverEvents.streams.get(0).setHandler(serverEvents);
    assertThat(serverEvents.data()).containsExactly(5, 6, 7, 8, 9);
  }

  @Property(tries = 300)
  void arbitraryInputNeverThrows(@ForAll @Size(max = 100) byte[] garbage) {
    server.onData(Unpooled.wrappedBuffer(garbage));
    // Either still open, or closed with a reason: never an exception.
    assertThat(server.isClosed() == (serverWire.closedReason != null)).isTrue();
  }

  // ---- harness ----

  private static String hex(ByteBuf frame) {
    try {
      return ByteBufUtil.hexDump(frame);
    } finally {
      frame.release();
    }
  }

  private YamuxSession session(boolean isClient, Wire wire, Recorder recorder) {
    YamuxSession session =
        new YamuxSession(
            isClient,
            YamuxConfig.defaults(),
            wire,
            recorder,
            time,
            UnpooledByteBufAllocator.DEFAULT);
    session.start();
    return session;
  }

  private static final long SECOND = 1_000_000_000L;

  @Test
  void keepAlivePingsOnlyAfterAnIdleIntervalAndAnAnsweredPingKeepsTheSession() {
    assertThat(client.keepAlive(30 * SECOND)).isFalse(); // the initial ping was just answered

    time.advanceBy(java.time.Duration.ofSeconds(30));
    assertThat(client.keepAlive(30 * SECOND)).isTrue();
    // A ping with SYN (spec "Ping"): type 2, flags 1, stream 0.
    assertThat(ByteBufUtil.hexDump(clientWire.sent.get(0))).startsWith("0002000100000000");
    assertThat(client.keepAlive(30 * SECOND)).as("one ping at a time").isFalse();
    pump();

    time.advanceBy(java.time.Duration.ofSeconds(10));
    assertThat(client.expireKeepAlive(10 * SECOND)).isFalse();
    assertThat(client.isClosed()).isFalse();
    assertThat(clientWire.closedReason).isNull();
  }

  @Test
  void receivedFramesPostponeTheKeepAlivePing() {
    time.advanceBy(java.time.Duration.ofSeconds(20));
    server.ping();
    pump();

    time.advanceBy(java.time.Duration.ofSeconds(15));
    assertThat(client.keepAlive(30 * SECOND)).isFalse();
    time.advanceBy(java.time.Duration.ofSeconds(15));
    assertThat(client.keepAlive(30 * SECOND)).isTrue();
  }

  @Test
  void anUnansweredKeepAlivePingClosesTheSessionAfterTheTimeout() {
    time.advanceBy(java.time.Duration.ofSeconds(30));
    assertThat(client.keepAlive(30 * SECOND)).isTrue();
    clientWire.release(); // the ping is lost: the peer stopped answering

    time.advanceBy(java.time.Duration.ofSeconds(9));
    assertThat(client.expireKeepAlive(10 * SECOND)).isFalse();
    time.advanceBy(java.time.Duration.ofSeconds(1));
    assertThat(client.expireKeepAlive(10 * SECOND)).isTrue();

    assertThat(client.isClosed()).isTrue();
    assertThat(clientWire.closedReason).contains("keepalive ping unanswered for 10000 ms");
    assertThat(client.keepAlive(30 * SECOND)).isFalse();
  }

  /** Delivers frames both ways until both sides are quiet. */
  private void pump() {
    for (int round = 0; round < 10_000; round++) {
      ByteBuf toServer = clientWire.takeAll();
      ByteBuf toClient = serverWire.takeAll();
      if (!toServer.isReadable() && !toClient.isReadable()) {
        toServer.release();
        toClient.release();
        return;
      }
      server.onData(toServer);
      client.onData(toClient);
    }
    throw new AssertionError("sessions never went quiet");
  }

  private static final class Wire implements YamuxSession.Output {
    final List<ByteBuf> sent = new ArrayList<>();
    String closedReason;

    @Override
    public void write(ByteBuf bytes) {
      sent.add(bytes);
    }

    @Override
    public void flush() {}

    boolean writable = true;

    @Override
    public boolean isWritable() {
      return writable;
    }

    @Override
    public void setReadPaused(boolean paused) {}

    @Override
    public void close(String reason) {
      closedReason = reason;
    }

    ByteBuf take() {
      return sent.remove(0);
    }

    ByteBuf takeLast() {
      ByteBuf last = sent.remove(sent.size() - 1);
      release();
      return last;
    }

    ByteBuf takeAll() {
      ByteBuf all = Unpooled.buffer();
      for (ByteBuf buf : sent) {
        all.writeBytes(buf);
        buf.release();
      }
      sent.clear();
      return all;
    }

    void release() {
      sent.forEach(ByteBuf::release);
      sent.clear();
    }
  }

  private static final class Recorder implements YamuxSession.Listener, YamuxStreamHandler {
    final List<YamuxStream> streams = new ArrayList<>();
    final ByteBuf received = Unpooled.buffer();
    boolean remoteClosed;

    @Override
    public void onInboundStream(YamuxStream stream) {
      streams.add(stream);
    }

    @Override
    public void onSessionClosed(String reason) {}

    @Override
    public void onData(YamuxStream stream, ByteBuf data) {
      received.writeBytes(data);
      data.release();
    }

    @Override
    public void onRemoteClose(YamuxStream stream) {
      remoteClosed = true;
    }

    @Override
    public void onReset(YamuxStream stream) {}

    List<Integer> data() {
      List<Integer> bytes = new ArrayList<>();
      for (int i = received.readerIndex(); i < received.writerIndex(); i++) {
        bytes.add((int) received.getByte(i));
      }
      return bytes;
    }

    void release() {
      received.release();
    }
  }
}
