package org.pinring.libp2p.internal.protocol;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.pinring.libp2p.Connection;
import org.pinring.libp2p.Stream;
import org.pinring.libp2p.StreamException;
import org.pinring.libp2p.StreamHandler;
import org.pinring.libp2p.StreamReader;
import org.pinring.runtime.Clock;
import org.pinring.runtime.RandomSource;

/**
 * Ping (libp2p/specs ping): the dialer sends 32 random bytes, the listener echoes them, on one
 * stream as often as the dialer likes.
 */
public final class PingService {

  public static final String PROTOCOL_ID = "/ipfs/ping/1.0.0";

  /** Size of one ping. */
  public static final int PING_BYTES = 32;

  private PingService() {}

  /** Serves ping: echoes everything back, in order; ends when the dialer ends. */
  public static StreamHandler handler() {
    return stream ->
        stream.setReader(
            new StreamReader() {
              @Override
              public void onData(Stream s, ByteBuffer data) {
                var unused =
                    s.write(data)
                        .exceptionally(
                            failure -> {
                              s.reset();
                              return null;
                            });
              }

              @Override
              public void onEnd(Stream s) {
                s.closeWrite();
              }
            });
  }

  /** A ping stream that measures one round trip per call to {@link #ping()}. */
  public static final class Session {
    private final Stream stream;
    private final Clock clock;
    private final RandomSource random;
    private byte[] expected;
    private int received;
    private long sentNanos;
    private CompletableFuture<Duration> pending;

    private Session(Stream stream, Clock clock, RandomSource random) {
      this.stream = stream;
      this.clock = clock;
      this.random = random;
      stream.setReader(
          new StreamReader() {
            @Override
            public void onData(Stream s, ByteBuffer data) {
              onEcho(data);
            }

            @Override
            public void onEnd(Stream s) {
              fail(new StreamException("ping stream closed by the peer"));
            }

            @Override
            public void onReset(Stream s) {
              fail(new StreamException("ping stream reset by the peer"));
            }
          });
    }

    /** Opens a ping stream on {@code connection}. */
    public static CompletableFuture<Session> open(
        Connection connection, Clock clock, RandomSource random) {
      return connection
          .newStream(List.of(PROTOCOL_ID))
          .thenApply(stream -> new Session(stream, clock, random));
    }

    /** Sends one ping; completes with the round-trip time. One ping at a time. */
    public synchronized CompletableFuture<Duration> ping() {
      if (pending != null && !pending.isDone()) {
        throw new IllegalStateException("a ping is already in flight");
      }
      expected = new byte[PING_BYTES];
      random.nextBytes(expected);
      received = 0;
      pending = new CompletableFuture<>();
      sentNanos = clock.monotonicNanos();
      CompletableFuture<Duration> result = pending;
      var unused =
          stream
              .write(expected.clone())
              .exceptionally(
                  failure -> {
                    fail(failure);
                    return null;
                  });
      return result;
    }

    /** Ends the stream. */
    public void close() {
      stream.closeWrite();
    }

    private synchronized void onEcho(ByteBuffer data) {
      if (pending == null || pending.isDone()) {
        stream.reset();
        return;
      }
      byte[] chunk = new byte[data.remaining()];
      data.get(chunk);
      if (received + chunk.length > PING_BYTES
          || !Arrays.equals(chunk, 0, chunk.length, expected, received, received + chunk.length)) {
        fail(new StreamException("ping echo does not match what was sent"));
        stream.reset();
        return;
      }
      received += chunk.length;
      if (received == PING_BYTES) {
        pending.complete(Duration.ofNanos(clock.monotonicNanos() - sentNanos));
      }
    }

    private synchronized void fail(Throwable failure) {
      if (pending != null && !pending.isDone()) {
        pending.completeExceptionally(failure);
      }
    }
  }
}
