package org.pinring.libp2p.internal.noise;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Noise transport messages on a byte stream (libp2p/specs noise, "Wire Format"): each message is a
 * 2-byte big-endian length followed by at most 65535 bytes of ciphertext, tag included. Not
 * thread-safe: one connection's thread uses it.
 *
 * <p>Buffers: {@link #encrypt} and {@link #decrypt} take ownership of their input and return
 * buffers the caller owns. Plaintext goes from the input buffer straight into the cipher and the
 * ciphertext straight into the output buffer (no intermediate arrays).
 */
public final class NoiseFrameCodec {

  /** Largest ciphertext of one message. */
  public static final int MAX_FRAME_BYTES = 65535;

  /** Largest plaintext of one message. */
  public static final int MAX_PLAINTEXT_BYTES = MAX_FRAME_BYTES - ChaChaPoly.TAG_BYTES;

  private final CipherState sender;
  private final CipherState receiver;
  private final ByteBufAllocator alloc;
  private ByteBuf cumulation;
  private ByteBuf scratch;

  public NoiseFrameCodec(SecureSession session, ByteBufAllocator alloc) {
    this.sender = session.sender();
    this.receiver = session.receiver();
    this.alloc = alloc;
  }

  /** Encrypts all readable bytes of {@code plaintext} (released) into one buffer of frames. */
  public ByteBuf encrypt(ByteBuf plaintext) {
    try {
      int length = plaintext.readableBytes();
      int frames = Math.max(1, (length + MAX_PLAINTEXT_BYTES - 1) / MAX_PLAINTEXT_BYTES);
      ByteBuf out = alloc.directBuffer(length + frames * (2 + ChaChaPoly.TAG_BYTES));
      try {
        while (true) {
          int chunk = Math.min(MAX_PLAINTEXT_BYTES, plaintext.readableBytes());
          out.writeShort(chunk + ChaChaPoly.TAG_BYTES);
          ByteBuffer target = out.nioBuffer(out.writerIndex(), chunk + ChaChaPoly.TAG_BYTES);
          sender.encrypt(contiguous(plaintext, chunk), target);
          out.writerIndex(out.writerIndex() + chunk + ChaChaPoly.TAG_BYTES);
          plaintext.skipBytes(chunk);
          if (!plaintext.isReadable()) {
            return out;
          }
        }
      } catch (RuntimeException e) {
        out.release();
        throw e;
      }
    } finally {
      plaintext.release();
    }
  }

  /**
   * Appends {@code received} (released) to the undecoded input and decrypts every complete frame
   * into {@code out}. A partial frame waits for more input; at most one frame is ever held.
   *
   * @throws NoiseException if a frame fails authentication or is too short; the codec is then
   *     unusable and the connection must close
   */
  public void decrypt(ByteBuf received, List<ByteBuf> out) throws NoiseException {
    ByteBuf in = cumulate(received);
    try {
      while (in.readableBytes() >= 2) {
        int length = in.getUnsignedShort(in.readerIndex());
        if (length < ChaChaPoly.TAG_BYTES) {
          throw new NoiseException("Noise frame of " + length + " bytes is shorter than its tag");
        }
        if (in.readableBytes() < 2 + length) {
          break;
        }
        int plainLength = length - ChaChaPoly.TAG_BYTES;
        ByteBuf plain = alloc.directBuffer(Math.max(plainLength, 1));
        try {
          receiver.decrypt(
              in.nioBuffer(in.readerIndex() + 2, length), plain.nioBuffer(0, plainLength));
        } catch (NoiseException | RuntimeException e) {
          plain.release();
          throw e;
        }
        plain.writerIndex(plainLength);
        in.skipBytes(2 + length);
        if (plainLength == 0) {
          plain.release();
        } else {
          out.add(plain);
        }
      }
    } catch (NoiseException | RuntimeException e) {
      in.release();
      throw e;
    }
    if (!in.isReadable()) {
      in.release();
      cumulation = null;
    } else {
      cumulation = in;
    }
  }

  /**
   * The next {@code length} readable bytes as one NIO buffer: a view when they lie in one component
   * (the common case), else a copy into a reusable direct scratch buffer rather than the fresh heap
   * buffer a composite would allocate.
   */
  private ByteBuffer contiguous(ByteBuf plaintext, int length) {
    int index = plaintext.readerIndex();
    if (plaintext.nioBufferCount() == 1) {
      return plaintext.nioBuffer(index, length);
    }
    ByteBuffer[] parts = plaintext.nioBuffers(index, length);
    if (parts.length == 1) {
      return parts[0];
    }
    if (scratch == null) {
      scratch = alloc.directBuffer(MAX_PLAINTEXT_BYTES, MAX_PLAINTEXT_BYTES);
    }
    scratch.clear();
    plaintext.getBytes(index, scratch, length);
    return scratch.nioBuffer(0, length);
  }

  /** Releases buffered input and scratch space; call when the connection closes. */
  public void release() {
    if (cumulation != null) {
      cumulation.release();
      cumulation = null;
    }
    if (scratch != null) {
      scratch.release();
      scratch = null;
    }
  }

  private ByteBuf cumulate(ByteBuf received) {
    if (cumulation == null) {
      return received;
    }
    ByteBuf held = cumulation;
    cumulation = null;
    try {
      if (held.writableBytes() >= received.readableBytes() && held.refCnt() == 1) {
        held.writeBytes(received);
        return held;
      }
      ByteBuf merged = alloc.directBuffer(held.readableBytes() + received.readableBytes());
      merged.writeBytes(held).writeBytes(received);
      held.release();
      return merged;
    } finally {
      received.release();
    }
  }
}
