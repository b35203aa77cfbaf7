package org.pinring.libp2p.testing;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.pinring.libp2p.Connection;
import org.pinring.libp2p.Stream;
import org.pinring.libp2p.StreamException;
import org.pinring.libp2p.StreamHandler;
import org.pinring.libp2p.StreamReader;

/**
 * A test protocol, {@code /pinring/echo/1.0.0}: the server sends back everything it receives and
 * closes when the client closes. Both ends respect backpressure.
 */
public final class Echo {

  public static final String PROTOCOL_ID = "/pinring/echo/1.0.0";

  private static final int CHUNK = 64 * 1024;
  private static final int MAX_IN_FLIGHT = 8;

  private Echo() {}

  /** The server side. */
  public static StreamHandler handler() {
    return stream -> stream.setReader(new EchoServer());
  }

  private static final class EchoServer implements StreamReader {
    private int inFlight;
    private boolean ended;
    private boolean paused;

    @Override
    public synchronized void onData(Stream stream, ByteBuffer data) {
      inFlight++;
      if (inFlight >= MAX_IN_FLIGHT && !paused) {
        paused = true;
        stream.pauseReading();
      }
      var unused = stream.write(data).whenComplete((ok, failure) -> written(stream, failure));
    }

    private synchronized void written(Stream stream, Throwable failure) {
      if (failure != null) {
        org.slf4j.LoggerFactory.getLogger(Echo.class)
            .warn("echo write failed: {}", failure.toString());
        stream.reset();
        return;
      }
      inFlight--;
      if (paused && inFlight <= MAX_IN_FLIGHT / 2) {
        paused = false;
        stream.resumeReading();
      }
      if (ended && inFlight == 0) {
        stream.closeWrite();
      }
    }

    @Override
    public synchronized void onEnd(Stream stream) {
      ended = true;
      if (inFlight == 0) {
        stream.closeWrite();
      }
    }
  }

  /** What one echo run sent and got back. */
  public record Result(String sentSha256, String receivedSha256, long receivedBytes) {
    public boolean matches(long bytes) {
      return sentSha256.equals(receivedSha256) && receivedBytes == bytes;
    }
  }

  /** Sends {@code bytes} pseudo-random bytes over a new echo stream and hashes what returns. */
  public static CompletableFuture<Result> run(Connection connection, long bytes, long seed) {
    return connection
        .newStream(List.of(PROTOCOL_ID))
        .thenCompose(stream -> run(stream, bytes, seed));
  }

  /** Like {@link #run(Connection, long, long)} on an already open echo stream. */
  public static CompletableFuture<Result> run(Stream stream, long bytes, long seed) {
    MessageDigest received = sha256();
    CompletableFuture<Long> done = new CompletableFuture<>();
    stream.setReader(
        new StreamReader() {
          private long count;

          @Override
          public void onData(Stream s, ByteBuffer data) {
            count += data.remaining();
            received.update(data);
          }

          @Override
          public void onEnd(Stream s) {
            done.complete(count);
          }

          @Override
          public void onReset(Stream s) {
            done.completeExceptionally(new StreamException("echo stream reset"));
          }
        });
    MessageDigest sent = sha256();
    Random random = new Random(seed);
    CompletableFuture<Void> writes = CompletableFuture.completedFuture(null);
    // Windowed sending: at most MAX_IN_FLIGHT writes outstanding.
    CompletableFuture<Void> sending = new CompletableFuture<>();
    new Object() {
      long remaining = bytes;
      int inFlight;

      synchronized void pump() {
        while (remaining > 0 && inFlight < MAX_IN_FLIGHT) {
          byte[] chunk = new byte[(int) Math.min(CHUNK, remaining)];
          random.nextBytes(chunk);
          sent.update(chunk);
          remaining -= chunk.length;
          inFlight++;
          var unused =
              stream
                  .write(chunk)
                  .whenComplete(
                      (ok, failure) -> {
                        if (failure != null) {
                          sending.completeExceptionally(failure);
                        } else {
                          done();
                        }
                      });
        }
        if (remaining == 0 && inFlight == 0) {
          sending.complete(null);
        }
      }

      synchronized void done() {
        inFlight--;
        pump();
      }
    }.pump();
    return writes
        .thenCompose(ignored -> sending)
        .thenCompose(
            ignored -> {
              stream.closeWrite();
              return done;
            })
        .thenApply(
            count ->
                new Result(
                    HexFormat.of().formatHex(sent.digest()),
                    HexFormat.of().formatHex(received.digest()),
                    count));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
