package org.pinring.libp2p.pubsub;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Splits a pubsub stream into RPCs: each is an unsigned-varint length followed by that many bytes
 * (pubsub spec, "The RPC"). Bytes may arrive split anywhere. The length is checked against {@link
 * RpcLimits#maxRpcBytes()} before any of the body is buffered, and the buffer grows with the bytes
 * that actually arrive rather than being allocated at the claimed length: a bare prefix costs at
 * most {@link #INITIAL_BODY_BYTES}, so peers cannot turn a few bytes per stream into a megabyte
 * each. Not thread-safe: one instance per stream, fed from the stream's thread.
 */
final class RpcFrameDecoder {

  /** A length prefix of a 32-bit size never needs more than 5 bytes. */
  private static final int MAX_PREFIX_BYTES = 5;

  /** Size the body buffer starts at; it doubles as bytes arrive, up to the announced length. */
  static final int INITIAL_BODY_BYTES = 4096;

  private final int maxRpcBytes;
  private long length;
  private int prefixBytes;
  private byte[] body;
  private int filled;

  RpcFrameDecoder(int maxRpcBytes) {
    this.maxRpcBytes = maxRpcBytes;
  }

  /**
   * Consumes all of {@code data}, handing each complete RPC body to {@code sink} in order.
   *
   * @throws InvalidRpcException if a length prefix is malformed or exceeds the limit; the stream
   *     must then be abandoned
   */
  void feed(ByteBuffer data, Consumer<byte[]> sink) {
    while (data.hasRemaining()) {
      if (body == null) {
        readPrefixByte(data.get());
        if (body != null && length == 0) {
          emit(sink);
        }
        continue;
      }
      if (filled == body.length) {
        body = Arrays.copyOf(body, (int) Math.min(length, 2L * body.length));
      }
      int n = Math.min(data.remaining(), body.length - filled);
      data.get(body, filled, n);
      filled += n;
      if (filled == length) {
        emit(sink);
      }
    }
  }

  /** Bytes of memory held for the partial RPC (0 between RPCs). */
  int heldBytes() {
    return body == null ? 0 : body.length;
  }

  /** True if no partial RPC is buffered (a clean end of stream). */
  boolean isIdle() {
    return body == null && prefixBytes == 0;
  }

  private void readPrefixByte(byte b) {
    length |= (long) (b & 0x7f) << (7 * prefixBytes);
    prefixBytes++;
    if (b < 0) {
      if (prefixBytes == MAX_PREFIX_BYTES) {
        throw new InvalidRpcException("malformed RPC length prefix");
      }
      return;
    }
    if (prefixBytes > 1 && (b == 0)) {
      throw new InvalidRpcException("RPC length prefix is not minimally encoded");
    }
    if (length > maxRpcBytes) {
      throw new InvalidRpcException(
          "RPC of " + length + " bytes exceeds the limit of " + maxRpcBytes);
    }
    body = new byte[(int) Math.min(length, INITIAL_BODY_BYTES)];
    filled = 0;
  }

  private void emit(Consumer<byte[]> sink) {
    byte[] complete = body;
    body = null;
    length = 0;
    prefixBytes = 0;
    filled = 0;
    sink.accept(complete);
  }
}
