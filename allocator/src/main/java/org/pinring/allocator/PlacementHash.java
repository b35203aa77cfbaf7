package org.pinring.allocator;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.pinring.multiformats.Cid;

/**
 * The hash functions every peer must compute identically, defined here bit for bit (see
 * docs/allocator.md, "Hashing"). Nothing here depends on the JVM: only 64-bit integer arithmetic
 * and IEEE 754 basic operations (which Java 17 evaluates strictly), never {@link Math#log}, whose
 * last bit may differ between JVMs.
 *
 * <ul>
 *   <li>{@link #mix64}: SplitMix64's output function (Stafford's "Mix13"), a bijection with full
 *       avalanche, the same function as {@link java.util.SplittableRandom}'s {@code mix64}.
 *   <li>{@link #key}: a 64-bit key of a byte string: {@code h = mix64(domain ^ length)}, then for
 *       every 8-byte little-endian word {@code w} (the last one zero-padded) {@code h = mix64(h ^
 *       w)}.
 *   <li>{@link #draw}: the pseudo-random draw of a (peer, pin) pair, the first round of {@link
 *       #mix64} on {@code z = peerKey ^ pinKey}: {@code (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9}.
 *       Only its top 52 bits are used, and those depend on every bit of both keys, which are
 *       themselves full {@link #mix64} outputs; the second round of {@link #mix64} would only mix
 *       the low bits better, at twice the cost per pair (docs/decisions.md 64).
 *   <li>{@link #exponential}: the draw's top 52 bits {@code u} give {@code x = (2u + 1) / 2^53},
 *       exactly representable and strictly inside (0, 1), and {@code E = -ln(x)}, an Exp(1)
 *       variate; {@code ln} is {@link #ln}.
 * </ul>
 */
final class PlacementHash {

  /** Domain separator for peer keys ("pinring-peer" folded into 64 bits, see {@link #key}). */
  static final long PEER_DOMAIN = 0x7065657220202020L;

  /** Domain separator for pin keys. */
  static final long PIN_DOMAIN = 0x70696e2020202020L;

  /** The multiplier of a draw: the first of {@link #mix64}. */
  private static final long DRAW_MULTIPLIER = 0xbf58476d1ce4e5b9L;

  /** Reads 8 bytes of a byte array as one little-endian word. */
  private static final VarHandle LITTLE_ENDIAN_WORD =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final int TABLE_BITS = 8;
  private static final double[] LN_TABLE = new double[(1 << TABLE_BITS) + 1];
  private static final double[] INVERSE_TABLE = new double[(1 << TABLE_BITS) + 1];

  /**
   * ln 2, from {@link StrictMath}, which the Java specification pins to fdlibm's results on every
   * JVM; so are the table entries.
   */
  private static final double LN2 = StrictMath.log(2.0);

  static {
    for (int i = 0; i <= 1 << TABLE_BITS; i++) {
      double m = 1.0 + i / (double) (1 << TABLE_BITS);
      LN_TABLE[i] = StrictMath.log(m);
      INVERSE_TABLE[i] = 1.0 / m;
    }
  }

  private PlacementHash() {}

  /** SplitMix64's output function. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** The 64-bit key of {@code bytes} in the given domain. */
  static long key(long domain, byte[] bytes) {
    return key(domain, bytes, bytes.length);
  }

  /** The 64-bit key of the first {@code length} bytes of {@code bytes} in the given domain. */
  static long key(long domain, byte[] bytes, int length) {
    long h = mix64(domain ^ length);
    int i = 0;
    for (; i + Long.BYTES <= length; i += Long.BYTES) {
      h = mix64(h ^ (long) LITTLE_ENDIAN_WORD.get(bytes, i));
    }
    if (i < length) {
      long word = 0;
      for (int k = 0; i + k < length; k++) {
        word |= (bytes[i + k] & 0xFFL) << (8 * k);
      }
      h = mix64(h ^ word);
    }
    return h;
  }

  /** The key of a peer: {@link #key} of the UTF-8 bytes of its id in the peer domain. */
  static long peerKey(String peerId) {
    return key(PEER_DOMAIN, peerId.getBytes(StandardCharsets.UTF_8));
  }

  /** The key of a pin: {@link #key} of the CID's binary form in the pin domain. */
  static long pinKey(byte[] cidBytes) {
    return key(PIN_DOMAIN, cidBytes);
  }

  /**
   * The key of a pin, using {@code scratch} for the CID's binary form when it fits (so that keying
   * a million pins allocates nothing per pin).
   */
  static long pinKey(Cid cid, byte[] scratch) {
    int length = cid.encodedLength();
    byte[] bytes = length <= scratch.length ? scratch : new byte[length];
    cid.writeTo(bytes, 0);
    return key(PIN_DOMAIN, bytes, length);
  }

  /**
   * The draw of a (peer, pin) pair: {@code z = peerKey ^ pinKey}, then {@code (z ^ (z >>> 30)) *
   * 0xbf58476d1ce4e5b9}, the first round of {@link #mix64}. Its low bits are weak (the lowest bit
   * is that of {@code z}); only {@link #uniform52}, the top 52, ranks.
   */
  static long draw(long peerKey, long pinKey) {
    long z = peerKey ^ pinKey;
    return (z ^ (z >>> 30)) * DRAW_MULTIPLIER;
  }

  /**
   * The first step of a {@link #draw}, {@code z ^ (z >>> 30)}, which is linear over XOR: applied to
   * each key alone, it lets {@link #drawPremixed} skip it for every (peer, pin) pair.
   */
  static long premix(long key) {
    return key ^ (key >>> 30);
  }

  /**
   * {@link #draw} of two keys given through {@link #premix}: {@code drawPremixed(premix(a),
   * premix(b)) == draw(a, b)}, because {@code premix(a ^ b) == premix(a) ^ premix(b)}.
   */
  static long drawPremixed(long premixedPeerKey, long premixedPinKey) {
    return (premixedPeerKey ^ premixedPinKey) * DRAW_MULTIPLIER;
  }

  /** The top 52 bits of a draw: the rank of the pair when all weights are equal. */
  static long uniform52(long draw) {
    return draw >>> 12;
  }

  /** {@code -ln((2u + 1) / 2^53)}: strictly positive and finite for every 52-bit {@code u}. */
  static double exponential(long uniform52) {
    double x = (2 * uniform52 + 1) * 0x1.0p-53;
    return -ln(x);
  }

  /**
   * The weighted rendezvous score {@code weight / E} (Schindelhauer and Schomaker's logarithmic
   * method): the highest score wins, and a peer's chance to win is proportional to its weight.
   */
  static double score(double weight, long draw) {
    return weight / exponential(uniform52(draw));
  }

  /**
   * Natural logarithm of a positive normal double by table lookup and a short series, using only
   * basic IEEE operations so that every JVM computes the same bits. Relative accuracy is about
   * 1e-15 away from 1; it is a definition, not an approximation anyone relies on.
   */
  static double ln(double x) {
    long bits = Double.doubleToRawLongBits(x);
    int exponent = (int) ((bits >>> 52) & 0x7FF) - 1023;
    long mantissa = bits & 0x000F_FFFF_FFFF_FFFFL;
    int index = (int) (mantissa >>> (52 - TABLE_BITS));
    double m = Double.longBitsToDouble(mantissa | 0x3FF0_0000_0000_0000L);
    // m = (1 + index/256)(1 + r) with 0 <= r < 2^-8, and ln(1 + r) by its series to r^5.
    double r = m * INVERSE_TABLE[index] - 1.0;
    double series = r * (1.0 - r * (0.5 - r * (1.0 / 3.0 - r * (0.25 - r * 0.2))));
    return exponent * LN2 + LN_TABLE[index] + series;
  }
}
