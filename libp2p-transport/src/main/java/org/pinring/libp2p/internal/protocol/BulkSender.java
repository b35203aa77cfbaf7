package org.pinring.libp2p.internal.protocol;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.pinring.libp2p.Stream;

/**
 * Writes a number of bytes to a stream with a bounded number of writes in flight, so a large
 * transfer follows the stream's backpressure instead of queueing everything. Thread-safe.
 */
public final class BulkSender {

  /** Size of one write. */
  public static final int CHUNK_BYTES = 64 * 1024;

  /** Writes in flight at once. */
  private static final int IN_FLIGHT = 16;

  private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(CHUNK_BYTES);

  private final Stream stream;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private long remaining;
  private int inFlight;

  private BulkSender(Stream stream, long bytes) {
    this.stream = stream;
    this.remaining = bytes;
  }

  /** Sends {@code bytes} zero bytes; completes when all are on their way. */
  public static CompletableFuture<Void> send(Stream stream, long bytes) {
    BulkSender sender = new BulkSender(stream, bytes);
    sender.pump();
    return sender.done;
  }

  private void pump() {
    while (true) {
      int chunk;
      synchronized (this) {
        if (done.isDone()) {
          return;
        }
        if (remaining == 0 && inFlight == 0) {
          done.complete(null);
          return;
        }
        if (remaining == 0 || inFlight == IN_FLIGHT) {
          return;
        }
        chunk = (int) Math.min(CHUNK_BYTES, remaining);
        remaining -= chunk;
        inFlight++;
      }
      ByteBuffer data = ZEROS.duplicate();
      data.limit(chunk);
      var unused = stream.write(data).whenComplete(this::written);
    }
  }

  private void written(Void ignored, Throwable failure) {
    if (failure != null) {
      done.completeExceptionally(failure);
      return;
    }
    synchronized (this) {
      inFlight--;
    }
    pump();
  }
}
