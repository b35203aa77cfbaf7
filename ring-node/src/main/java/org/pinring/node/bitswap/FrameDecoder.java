package org.pinring.node.bitswap;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Splits a stream's bytes into unsigned-varint length-prefixed frames, however the bytes arrive
 * (one at a time or many frames at once). The declared length is checked against {@code maxFrame}
 * before the frame's buffer is allocated; at most one frame is buffered. Not thread-safe: one per
 * stream, fed on the stream's thread.
 */
final class FrameDecoder {

  /** A length varint of a frame up to 2^31 - 1 bytes needs at most five bytes. */
  private static final int MAX_LENGTH_BYTES = 5;

  private final int maxFrame;
  private long length;
  private int lengthBytes;
  private byte[] frame;
  private int filled;

  FrameDecoder(int maxFrame) {
    this.maxFrame = maxFrame;
  }

  /**
   * Consumes all of {@code data}, passing each complete frame to {@code sink} (which owns it).
   *
   * @throws InvalidBitswapMessageException if a length prefix is malformed or exceeds the limit;
   *     the decoder is then unusable
   */
  void feed(ByteBuffer data, Consumer<byte[]> sink) {
    while (data.hasRemaining()) {
      if (frame == null) {
        int b = data.get() & 0xFF;
        length |= (long) (b & 0x7F) << (7 * lengthBytes);
        lengthBytes++;
        if ((b & 0x80) != 0) {
          if (lengthBytes >= MAX_LENGTH_BYTES) {
            throw new InvalidBitswapMessageException("frame length varint longer than 5 bytes");
          }
          continue;
        }
        if (length > maxFrame) {
          throw new InvalidBitswapMessageException(
              "frame of " + length + " bytes exceeds the limit of " + maxFrame);
        }
        frame = new byte[(int) length];
        filled = 0;
        length = 0;
        lengthBytes = 0;
        if (frame.length == 0) {
          frame = null;
          sink.accept(new byte[0]);
          continue;
        }
      }
      int take = Math.min(frame.length - filled, data.remaining());
      data.get(frame, filled, take);
      filled += take;
      if (filled == frame.length) {
        byte[] complete = frame;
        frame = null;
        sink.accept(complete);
      }
    }
  }

  /** True when no frame is partly read: the stream may end here. */
  boolean isIdle() {
    return frame == null && lengthBytes == 0;
  }
}
