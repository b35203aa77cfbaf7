package org.pinring.libp2p.internal.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.pinring.libp2p.Connection;
import org.pinring.libp2p.Stream;
import org.pinring.libp2p.StreamReader;

/** A stream the test drives: it keeps what the service writes and feeds it input in chunks. */
final class ScriptedStream implements Stream {

  private final Connection connection;
  private final String protocol;
  private final boolean outbound;
  private final ByteArrayOutputStream written = new ByteArrayOutputStream();
  private StreamReader reader;
  boolean writeClosed;
  boolean wasReset;

  ScriptedStream(Connection connection, String protocol, boolean outbound) {
    this.connection = connection;
    this.protocol = protocol;
    this.outbound = outbound;
  }

  /** Delivers {@code bytes} to the reader in chunks of {@code chunk} bytes, then the end. */
  void receiveInChunks(byte[] bytes, int chunk) {
    for (int at = 0; at < bytes.length; at += chunk) {
      int length = Math.min(chunk, bytes.length - at);
      reader.onData(this, ByteBuffer.wrap(bytes, at, length).asReadOnlyBuffer());
    }
    reader.onEnd(this);
  }

  /** Delivers {@code bytes} split once at {@code split}, then the end. */
  void receiveSplitAt(byte[] bytes, int split) {
    reader.onData(this, ByteBuffer.wrap(bytes, 0, split).asReadOnlyBuffer());
    reader.onData(this, ByteBuffer.wrap(bytes, split, bytes.length - split).asReadOnlyBuffer());
    reader.onEnd(this);
  }

  byte[] written() {
    return written.toByteArray();
  }

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
    return outbound;
  }

  @Override
  public CompletableFuture<Void> write(ByteBuffer data) {
    byte[] copy = new byte[data.remaining()];
    data.get(copy);
    written.writeBytes(copy);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void closeWrite() {
    writeClosed = true;
  }

  @Override
  public void reset() {
    wasReset = true;
  }

  @Override
  public void setReader(StreamReader reader) {
    this.reader = reader;
  }

  @Override
  public void pauseReading() {}

  @Override
  public void resumeReading() {}

  @Override
  public CompletableFuture<Void> closeFuture() {
    return new CompletableFuture<>();
  }
}
