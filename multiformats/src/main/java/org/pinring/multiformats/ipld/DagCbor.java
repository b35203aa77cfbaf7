package org.pinring.multiformats.ipld;

import java.util.Objects;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.MultihashAlgorithm;

/**
 * The DAG-CBOR codec (ipld/specs, codecs/dag-cbor): the one CBOR encoding used across PinRing.
 *
 * <p>Encoding is always canonical: shortest integer and length headers, map keys sorted by length
 * then bytewise, floats in 64-bit form, links as tag 42 over a byte string holding {@code 0x00} and
 * the binary CID. Equal values therefore always produce equal bytes and equal CIDs.
 *
 * <p>Decoding is strict by default and rejects every encoding the specification calls
 * non-canonical. {@link DecodeOptions#lenient()} relaxes exactly the rules the specification allows
 * decoders to relax for historical data (key order, over-long integer and length headers, 16- and
 * 32-bit floats); PinRing uses it only to read links out of content it did not write. Both modes
 * reject indefinite lengths, tags other than 42, undefined and other simple values, NaN and
 * infinities, duplicate or non-string map keys, invalid UTF-8, integers outside the signed 64-bit
 * range and trailing bytes, and both enforce the size and depth limits before allocating.
 */
public final class DagCbor {

  /** Largest block PinRing stores or exchanges, and the default decode limit. */
  public static final int MAX_BLOCK_BYTES = 2 * 1024 * 1024;

  /** Default nesting limit; each level costs at least one byte, the stack costs more. */
  public static final int DEFAULT_MAX_DEPTH = 128;

  private DagCbor() {}

  /**
   * What a decoder accepts.
   *
   * @param strict whether the canonical-form rules are enforced
   * @param maxBytes the largest input accepted
   * @param maxDepth the deepest nesting of lists and maps accepted
   */
  public record DecodeOptions(boolean strict, int maxBytes, int maxDepth) {

    public DecodeOptions {
      if (maxBytes < 1 || maxDepth < 1) {
        throw new IllegalArgumentException("limits must be positive");
      }
    }

    /** Canonical DAG-CBOR only, blocks up to {@link #MAX_BLOCK_BYTES}. */
    public static DecodeOptions strictDefaults() {
      return new DecodeOptions(true, MAX_BLOCK_BYTES, DEFAULT_MAX_DEPTH);
    }

    /** The specification's permitted relaxations, for content written elsewhere. */
    public static DecodeOptions lenient() {
      return new DecodeOptions(false, MAX_BLOCK_BYTES, DEFAULT_MAX_DEPTH);
    }

    public DecodeOptions withMaxBytes(int limit) {
      return new DecodeOptions(strict, limit, maxDepth);
    }

    public DecodeOptions withMaxDepth(int limit) {
      return new DecodeOptions(strict, maxBytes, limit);
    }
  }

  /** The canonical encoding of {@code value}. */
  public static byte[] encode(Ipld value) {
    Objects.requireNonNull(value, "value");
    return new DagCborEncoder().write(value).toByteArray();
  }

  /**
   * Decodes canonical DAG-CBOR.
   *
   * @throws InvalidIpldException if the bytes are not exactly one canonical DAG-CBOR value within
   *     the default limits
   */
  public static Ipld decode(byte[] bytes) {
    return decode(bytes, DecodeOptions.strictDefaults());
  }

  /**
   * Decodes DAG-CBOR under the given options.
   *
   * @throws InvalidIpldException if the bytes are not exactly one acceptable value
   */
  public static Ipld decode(byte[] bytes, DecodeOptions options) {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(options, "options");
    return new DagCborDecoder(bytes, options).decodeWhole();
  }

  /** The CID of a DAG-CBOR block: CIDv1, dag-cbor, sha2-256 of {@code encoded}. */
  public static Cid cidOf(byte[] encoded) {
    return Cid.v1(Multicodec.DAG_CBOR, MultihashAlgorithm.SHA2_256.digest(encoded));
  }
}
