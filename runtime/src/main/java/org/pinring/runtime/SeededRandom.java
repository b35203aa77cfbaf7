package org.pinring.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * A reproducible random source: xoshiro256** (Blackman and Vigna), seeded through SHA-256.
 *
 * <p>Why not {@link java.util.Random} or {@link java.util.SplittableRandom}: their algorithms are
 * implementation details that a JDK may change, while testbed results must stay byte-identical for
 * a seed across JDK versions. Both the generator and the seeding are defined here:
 *
 * <ul>
 *   <li>the root seed material is {@code SHA-256("pinring-seed:" || seed as 8 big-endian bytes)};
 *   <li>{@link #fork(String)} material is {@code SHA-256(parent material || UTF-8(purpose))}, so a
 *       fork depends only on the parent's seed and the purpose;
 *   <li>the 256-bit state is the material read as four little-endian longs.
 * </ul>
 *
 * <p>Not cryptographically secure and not thread-safe: give each component its own fork.
 */
public final class SeededRandom implements RandomSource {

  private final long seed;
  private final byte[] material;
  private long s0;
  private long s1;
  private long s2;
  private long s3;

  private SeededRandom(long seed, byte[] material) {
    this.seed = seed;
    this.material = material;
    ByteBuffer state = ByteBuffer.wrap(material).order(ByteOrder.LITTLE_ENDIAN);
    setState(state.getLong(), state.getLong(), state.getLong(), state.getLong());
  }

  /** A source determined entirely by {@code seed}. */
  public static SeededRandom fromSeed(long seed) {
    byte[] prefix = "pinring-seed:".getBytes(StandardCharsets.US_ASCII);
    ByteBuffer input = ByteBuffer.allocate(prefix.length + Long.BYTES);
    input.put(prefix).putLong(seed);
    return new SeededRandom(seed, sha256(input.array()));
  }

  /**
   * A source with the given raw generator state, for checking the generator against the reference
   * implementation's published outputs.
   */
  static SeededRandom fromState(long s0, long s1, long s2, long s3) {
    SeededRandom random = fromSeed(0);
    random.setState(s0, s1, s2, s3);
    return random;
  }

  private void setState(long a, long b, long c, long d) {
    if ((a | b | c | d) == 0) {
      // The all-zero state is the one fixed point of xoshiro; SHA-256 output never is all zero
      // in practice, but the generator must not get stuck if it were.
      a = 0x9E3779B97F4A7C15L;
    }
    s0 = a;
    s1 = b;
    s2 = c;
    s3 = d;
  }

  /** The seed this source (or the root it was forked from) was created with. */
  public long seed() {
    return seed;
  }

  @Override
  public long nextLong() {
    long result = Long.rotateLeft(s1 * 5, 7) * 9;
    long t = s1 << 17;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = Long.rotateLeft(s3, 45);
    return result;
  }

  @Override
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    return (int) nextLong(bound);
  }

  @Override
  public long nextLong(long bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    // Rejection sampling on 63-bit values: unbiased for every bound.
    long limit = Long.MAX_VALUE - (Long.MAX_VALUE % bound + 1) % bound;
    long value = nextLong() >>> 1;
    while (value > limit) {
      value = nextLong() >>> 1;
    }
    return value % bound;
  }

  @Override
  public void nextBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    int i = 0;
    while (i < bytes.length) {
      long word = nextLong();
      for (int k = 0; k < Long.BYTES && i < bytes.length; k++, i++) {
        bytes[i] = (byte) word;
        word >>>= 8;
      }
    }
  }

  @Override
  public SeededRandom fork(String purpose) {
    Objects.requireNonNull(purpose, "purpose");
    byte[] label = purpose.getBytes(StandardCharsets.UTF_8);
    byte[] input = new byte[material.length + label.length];
    System.arraycopy(material, 0, input, 0, material.length);
    System.arraycopy(label, 0, input, material.length, label.length);
    return new SeededRandom(seed, sha256(input));
  }

  private static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "SeededRandom(seed=" + seed + ")";
  }
}
