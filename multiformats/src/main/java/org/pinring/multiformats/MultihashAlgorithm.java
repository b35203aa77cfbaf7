package org.pinring.multiformats;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * The hash functions PinRing can compute. SHA-2 comes from the JDK (measured faster than Bouncy
 * Castle here, see docs); BLAKE2b from Bouncy Castle, which the JDK lacks.
 */
public enum MultihashAlgorithm {
  /** No hashing: the "digest" is the data itself, bounded by {@link Multihash#MAX_DIGEST_BYTES}. */
  IDENTITY(Multicodec.IDENTITY, -1),
  SHA2_256(Multicodec.SHA2_256, 32),
  SHA2_512(Multicodec.SHA2_512, 64),
  BLAKE2B_256(Multicodec.BLAKE2B_256, 32);

  private final Multicodec codec;
  private final int digestLength;

  MultihashAlgorithm(Multicodec codec, int digestLength) {
    this.codec = codec;
    this.digestLength = digestLength;
  }

  public long code() {
    return codec.code();
  }

  /** The table name, e.g. {@code sha2-256}. */
  public String algorithmName() {
    return codec.codecName();
  }

  /** Full digest length in bytes, or -1 for {@link #IDENTITY}, whose length is the input's. */
  public int digestLength() {
    return digestLength;
  }

  /** The supported algorithm with this multicodec code, if any. */
  public static Optional<MultihashAlgorithm> forCode(long code) {
    for (MultihashAlgorithm algorithm : values()) {
      if (algorithm.code() == code) {
        return Optional.of(algorithm);
      }
    }
    return Optional.empty();
  }

  /**
   * The multihash of {@code data}.
   *
   * @throws InvalidMultihashException for {@link #IDENTITY} when {@code data} is longer than {@link
   *     Multihash#MAX_DIGEST_BYTES}
   */
  public Multihash digest(byte[] data) {
    Hasher hasher = newHasher();
    hasher.update(data, 0, data.length);
    return hasher.finish();
  }

  /** An incremental hasher, for content too large to hold in memory at once. */
  public Hasher newHasher() {
    return switch (this) {
      case IDENTITY -> new IdentityHasher();
      case SHA2_256 -> new JdkHasher(this, "SHA-256");
      case SHA2_512 -> new JdkHasher(this, "SHA-512");
      case BLAKE2B_256 -> new Blake2bHasher(this);
    };
  }

  /** Incremental hashing. Not thread-safe; {@link #finish()} may be called once. */
  public interface Hasher {
    void update(byte[] data, int offset, int length);

    void update(ByteBuffer data);

    Multihash finish();
  }

  private static final class JdkHasher implements Hasher {
    private final MultihashAlgorithm algorithm;
    private final MessageDigest digest;

    JdkHasher(MultihashAlgorithm algorithm, String jdkName) {
      this.algorithm = algorithm;
      try {
        this.digest = MessageDigest.getInstance(jdkName);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JDK provides " + jdkName, e);
      }
    }

    @Override
    public void update(byte[] data, int offset, int length) {
      digest.update(data, offset, length);
    }

    @Override
    public void update(ByteBuffer data) {
      digest.update(data);
    }

    @Override
    public Multihash finish() {
      return Multihash.of(algorithm.code(), digest.digest());
    }
  }

  private static final class Blake2bHasher implements Hasher {
    private final MultihashAlgorithm algorithm;
    private final Blake2bDigest digest;

    Blake2bHasher(MultihashAlgorithm algorithm) {
      this.algorithm = algorithm;
      this.digest = new Blake2bDigest(algorithm.digestLength * 8);
    }

    @Override
    public void update(byte[] data, int offset, int length) {
      digest.update(data, offset, length);
    }

    @Override
    public void update(ByteBuffer data) {
      byte[] chunk = new byte[Math.min(data.remaining(), 8192)];
      while (data.hasRemaining()) {
        int n = Math.min(chunk.length, data.remaining());
        data.get(chunk, 0, n);
        digest.update(chunk, 0, n);
      }
    }

    @Override
    public Multihash finish() {
      byte[] out = new byte[algorithm.digestLength];
      digest.doFinal(out, 0);
      return Multihash.of(algorithm.code(), out);
    }
  }

  private static final class IdentityHasher implements Hasher {
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    @Override
    public void update(byte[] bytes, int offset, int length) {
      Objects.checkFromIndexSize(offset, length, bytes.length);
      requireRoom(length);
      data.write(bytes, offset, length);
    }

    @Override
    public void update(ByteBuffer bytes) {
      requireRoom(bytes.remaining());
      while (bytes.hasRemaining()) {
        data.write(bytes.get());
      }
    }

    private void requireRoom(int more) {
      if (data.size() + (long) more > Multihash.MAX_DIGEST_BYTES) {
        throw new InvalidMultihashException(
            "identity multihashes hold at most " + Multihash.MAX_DIGEST_BYTES + " bytes");
      }
    }

    @Override
    public Multihash finish() {
      return Multihash.of(IDENTITY.code(), data.toByteArray());
    }
  }
}
