package org.pinring.libp2p.internal.protocol;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.pinring.libp2p.Connection;
import org.pinring.libp2p.Stream;
import org.pinring.libp2p.StreamException;
import org.pinring.libp2p.StreamHandler;
import org.pinring.libp2p.StreamReader;
import org.pinring.runtime.Clock;

/**
 * The perf protocol (libp2p/specs perf): the client sends the number of bytes it wants back as a
 * big-endian u64, then uploads its bytes and closes its side; the server counts them until the
 * close, then sends the requested bytes and closes.
 */
public final class PerfService {

  public static final String PROTOCOL_ID = "/perf/1.0.0";

  /** Largest download a server agrees to send (1 TiB). */
  public static final long MAX_DOWNLOAD_BYTES = 1L << 40;

  /** The outcome of one run. */
  public record Result(Duration time, long uploadBytes, long downloadBytes) {}

  private PerfService() {}

  /** Serves perf. */
  public static StreamHandler handler() {
    return stream -> stream.setReader(new ServerReader());
  }

  private static final class ServerReader implements StreamReader {
    private final ByteBuffer header = ByteBuffer.allocate(8);

    @Override
    public void onData(Stream stream, ByteBuffer data) {
      while (header.hasRemaining() && data.hasRemaining()) {
        header.put(data.get());
      }
      // The upload is only counted by the client; the server just consumes it.
      data.position(data.limit());
    }

    @Override
    public void onEnd(Stream stream) {
      if (header.hasRemaining()) {
        stream.reset();
        return;
      }
      long requested = header.getLong(0);
      if (requested < 0 || requested > MAX_DOWNLOAD_BYTES) {
        stream.reset();
        return;
      }
      var unused =
          BulkSender.send(stream, requested)
              .thenRun(stream::closeWrite)
              .exceptionally(
                  failure -> {
                    stream.reset();
                    return null;
                  });
    }
  }

  /** Runs perf over a new stream on {@code connection}. */
  public static CompletableFuture<Result> run(
      Connection connection, long uploadBytes, long downloadBytes, Clock clock) {
    long start = clock.monotonicNanos();
    return connection
        .newStream(List.of(PROTOCOL_ID))
        .thenCompose(
            stream -> {
              CompletableFuture<Long> downloaded = new CompletableFuture<>();
              stream.setReader(
                  new StreamReader() {
                    private long received;

                    @Override
                    public void onData(Stream s, ByteBuffer data) {
                      received += data.remaining();
                    }

                    @Override
                    public void onEnd(Stream s) {
                      downloaded.complete(received);
                    }

                    @Override
                    public void onReset(Stream s) {
                      downloaded.completeExceptionally(
                          new StreamException("perf stream reset after " + received + " bytes"));
                    }
                  });
              ByteBuffer header = ByteBuffer.allocate(8).putLong(0, downloadBytes);
              return stream
                  .write(header)
                  .thenCompose(ok -> BulkSender.send(stream, uploadBytes))
                  .thenRun(stream::closeWrite)
                  .thenCompose(ok -> downloaded)
                  .thenApply(
                      received -> {
                        if (received != downloadBytes) {
                          throw new StreamException(
                              "perf server sent " + received + " bytes, not " + downloadBytes);
                        }
                        return new Result(
                            Duration.ofNanos(clock.monotonicNanos() - start),
                            uploadBytes,
                            received);
                      });
            });
  }
}
