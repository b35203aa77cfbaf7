package org.pinring.multiformats.ipld;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.MultihashAlgorithm;

/**
 * The DAG-JSON codec (ipld/specs, codecs/dag-json), used to show IPLD values to people and to read
 * dag-json blocks' links.
 *
 * <p>Encoding is the specification's canonical form, byte for byte what the js reference
 * ({@code @ipld/dag-json}) writes: no whitespace, map keys sorted by their UTF-8 bytes, links as
 * {@code {"/":"<cid>"}} (CIDv0 in base58btc, CIDv1 in base32), bytes as {@code
 * {"/":{"bytes":"<unpadded base64>"}}}, integers in decimal, floats in ECMAScript's shortest form
 * with a {@code .0} added when they would otherwise read back as integers, and strings escaped as
 * {@code JSON.stringify} escapes them.
 *
 * <p>Decoding accepts any JSON whitespace and key order but rejects duplicate keys, values outside
 * the Data Model (NaN, integers beyond 64 bits, unpaired surrogates), malformed link and bytes
 * forms, trailing data, input above {@link DagCbor#MAX_BLOCK_BYTES} and nesting deeper than {@link
 * DagCbor#DEFAULT_MAX_DEPTH}.
 */
public final class DagJson {

  private DagJson() {}

  /**
   * The canonical encoding of {@code value}.
   *
   * @throws IllegalArgumentException if the value holds a map that the encoding cannot tell apart
   *     from a link or bytes (a single key {@code "/"} with a string or map value)
   */
  public static byte[] encode(Ipld value) {
    Objects.requireNonNull(value, "value");
    return DagJsonEncoder.encode(value).getBytes(StandardCharsets.UTF_8);
  }

  /** The canonical encoding as text, for display. */
  public static String format(Ipld value) {
    Objects.requireNonNull(value, "value");
    return DagJsonEncoder.encode(value);
  }

  /**
   * Decodes DAG-JSON within the default limits.
   *
   * @throws InvalidIpldException if the bytes are not exactly one DAG-JSON value
   */
  public static Ipld decode(byte[] bytes) {
    return decode(bytes, DagCbor.MAX_BLOCK_BYTES, DagCbor.DEFAULT_MAX_DEPTH);
  }

  /**
   * Decodes DAG-JSON of at most {@code maxBytes} and {@code maxDepth} levels of nesting.
   *
   * @throws InvalidIpldException if the bytes are not exactly one DAG-JSON value within the limits
   */
  public static Ipld decode(byte[] bytes, int maxBytes, int maxDepth) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length > maxBytes) {
      throw new InvalidIpldException(
          "DAG-JSON input of " + bytes.length + " bytes exceeds the limit of " + maxBytes);
    }
    return new DagJsonDecoder(bytes, maxDepth).decodeWhole();
  }

  /** The CID of a DAG-JSON block: CIDv1, dag-json, sha2-256 of {@code encoded}. */
  public static Cid cidOf(byte[] encoded) {
    return Cid.v1(Multicodec.DAG_JSON, MultihashAlgorithm.SHA2_256.digest(encoded));
  }
}
