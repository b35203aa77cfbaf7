package org.pinring.libp2p.internal.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.pinring.libp2p.Stream;
import org.pinring.libp2p.StreamException;
import org.pinring.libp2p.StreamReader;

/**
 * Reads a stream to its end into memory, up to a bound; a stream that sends more is reset. For
 * small request/response protocols such as identify.
 */
public final class StreamCollector implements StreamReader {

  private final int maxBytes;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();

  private StreamCollector(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Installs a collector on {@code stream}; the future completes with everything it sent. */
  public static CompletableFuture<byte[]> collect(Stream stream, int maxBytes) {
    StreamCollector collector = new StreamCollector(maxBytes);
    stream.setReader(collector);
    return collector.result;
  }

  @Override
  public void onData(Stream stream, ByteBuffer data) {
    if (result.isDone()) {
      return;
    }
    if (received.size() + data.remaining() > maxBytes) {
      result.completeExceptionally(
          new StreamException(stream.protocol() + " sent more than " + maxBytes + " bytes"));
      stream.reset();
      return;
    }
    byte[] chunk = new byte[data.remaining()];
    data.get(chunk);
    received.writeBytes(chunk);
  }

  @Override
  public void onEnd(Stream stream) {
    // The exchange is over once the remote is done; close our side so the stream goes away.
    stream.closeWrite();
    result.complete(received.toByteArray());
  }

  @Override
  public void onReset(Stream stream) {
    result.completeExceptionally(new StreamException(stream.protocol() + " stream was reset"));
  }
}
