package org.pinring.multiformats;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A self-describing hash: the hash function's multicodec code, the digest length, then the digest.
 * Immutable; equality and ordering are by the encoded bytes.
 *
 * <p>Digests shorter than the function's full length (truncated multihashes, which the
 * specification allows) are accepted and verified by prefix; longer ones are rejected. Every digest
 * is bounded by {@link #MAX_DIGEST_BYTES}, which also bounds identity multihashes (the same limit
 * kubo applies to identity CIDs).
 */
public final class Multihash implements Comparable<Multihash> {

  /** Bound on any digest, identity included. */
  public static final int MAX_DIGEST_BYTES = 128;

  private final long code;
  private final byte[] digest;
  private final byte[] bytes;

  private Multihash(long code, byte[] digest) {
    this.code = code;
    this.digest = digest;
    int codeLength = Varint.encodedLength(code);
    int lengthLength = Varint.encodedLength(digest.length);
    this.bytes = new byte[codeLength + lengthLength + digest.length];
    Varint.encode(code, bytes, 0);
    Varint.encode(digest.length, bytes, codeLength);
    System.arraycopy(digest, 0, bytes, codeLength + lengthLength, digest.length);
  }

  /** A decoded multihash and the number of bytes it took. */
  public record Decoded(Multihash multihash, int length) {}

  /**
   * A multihash with the given function code and digest.
   *
   * @throws InvalidMultihashException if the digest is longer than the function produces (or than
   *     {@link #MAX_DIGEST_BYTES}), or empty for a real hash function
   */
  public static Multihash of(long code, byte[] digest) {
    Objects.requireNonNull(digest, "digest");
    if (code < 0) {
      throw new InvalidMultihashException("hash function code must not be negative: " + code);
    }
    checkDigestLength(code, digest.length);
    return new Multihash(code, digest.clone());
  }

  /** The multihash of {@code data} with {@code algorithm}. */
  public static Multihash compute(MultihashAlgorithm algorithm, byte[] data) {
    return algorithm.digest(data);
  }

  /**
   * Decodes a multihash that makes up all of {@code bytes}.
   *
   * @throws InvalidMultihashException if the bytes are not exactly one valid multihash
   */
  public static Multihash decode(byte[] bytes) {
    Decoded decoded = decode(bytes, 0);
    if (decoded.length() != bytes.length) {
      throw new InvalidMultihashException(
          (bytes.length - decoded.length())
              + " unexpected byte(s) after a multihash of "
              + decoded.length()
              + " bytes");
    }
    return decoded.multihash();
  }

  /**
   * Decodes the multihash that starts at {@code offset}; bytes after it are left alone.
   *
   * @throws InvalidMultihashException if no valid multihash starts there
   */
  public static Decoded decode(byte[] bytes, int offset) {
    Objects.requireNonNull(bytes, "bytes");
    Varint.Decoded code;
    Varint.Decoded length;
    try {
      code = Varint.decode(bytes, offset);
      length = Varint.decode(bytes, offset + code.length());
    } catch (InvalidVarintException e) {
      throw new InvalidMultihashException("malformed multihash header: " + e.getMessage(), e);
    }
    if (length.value() > MAX_DIGEST_BYTES) {
      throw new InvalidMultihashException(
          "multihash digest length "
              + length.value()
              + " exceeds the limit of "
              + MAX_DIGEST_BYTES);
    }
    int digestLength = (int) length.value();
    checkDigestLength(code.value(), digestLength);
    int start = offset + code.length() + length.length();
    if (bytes.length - start < digestLength) {
      throw new InvalidMultihashException(
          "multihash declares a "
              + digestLength
              + "-byte digest but only "
              + (bytes.length - start)
              + " byte(s) follow");
    }
    byte[] digest = Arrays.copyOfRange(bytes, start, start + digestLength);
    Multihash multihash = new Multihash(code.value(), digest);
    return new Decoded(multihash, multihash.bytes.length);
  }

  private static void checkDigestLength(long code, int length) {
    if (length > MAX_DIGEST_BYTES) {
      throw new InvalidMultihashException(
          "multihash digest length " + length + " exceeds the limit of " + MAX_DIGEST_BYTES);
    }
    Optional<MultihashAlgorithm> algorithm = MultihashAlgorithm.forCode(code);
    if (algorithm.isPresent() && algorithm.get().digestLength() > 0) {
      int full = algorithm.get().digestLength();
      if (length > full) {
        throw new InvalidMultihashException(
            algorithm.get().algorithmName() + " digests are " + full + " bytes, not " + length);
      }
      if (length == 0) {
        throw new InvalidMultihashException(
            algorithm.get().algorithmName() + " digest must not be empty");
      }
    }
  }

  /** The hash function's multicodec code. */
  public long code() {
    return code;
  }

  /** The hash function's table name, or its code in hex if it is not listed. */
  public String algorithmName() {
    return Multicodec.nameOf(code);
  }

  /** The algorithm, if PinRing can compute it. */
  public Optional<MultihashAlgorithm> algorithm() {
    return MultihashAlgorithm.forCode(code);
  }

  /** A copy of the digest. */
  public byte[] digest() {
    return digest.clone();
  }

  public int digestLength() {
    return digest.length;
  }

  /** True if the digest is shorter than the function's full output. */
  public boolean isTruncated() {
    return algorithm()
        .map(a -> a.digestLength() > 0 && digest.length < a.digestLength())
        .orElse(false);
  }

  /** A copy of the encoded form. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** Length of the encoded form. */
  public int encodedLength() {
    return bytes.length;
  }

  /** Copies the encoded form into {@code out} at {@code offset}. */
  public void writeTo(byte[] out, int offset) {
    System.arraycopy(bytes, 0, out, offset, bytes.length);
  }

  /**
   * Whether {@code data} hashes to this multihash (comparing only the digest's length for truncated
   * multihashes). Constant-time in the digest comparison.
   *
   * @throws InvalidMultihashException if the hash function is not one PinRing can compute
   */
  public boolean matches(byte[] data) {
    MultihashAlgorithm algorithm =
        algorithm()
            .orElseThrow(
                () ->
                    new InvalidMultihashException(
                        "cannot verify data hashed with " + algorithmName() + ": not supported"));
    if (algorithm == MultihashAlgorithm.IDENTITY) {
      return MessageDigest.isEqual(data, digest);
    }
    byte[] actual = algorithm.digest(data).digest;
    return MessageDigest.isEqual(Arrays.copyOf(actual, digest.length), digest);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Multihash that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(Multihash other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  /** The base58btc form, as IPFS tools print multihashes. */
  @Override
  public String toString() {
    return Multibase.BASE58_BTC.encodeWithoutPrefix(bytes);
  }
}
