package org.pinring.node.bitswap;

import java.io.ByteArrayOutputStream;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.MultiformatException;
import org.pinring.multiformats.Multihash;
import org.pinring.multiformats.MultihashAlgorithm;
import org.pinring.multiformats.Varint;

/**
 * What a bitswap 1.1.0+ block payload carries instead of its CID: CID version, codec, hash function
 * and digest length, as four unsigned varints (ipfs/specs BITSWAP.md, "bitswap 1.1.0"). The
 * receiver hashes the data to rebuild the CID, so a payload can only ever claim the CID of its own
 * bytes; whether that CID was wanted is the receiver's check.
 */
public record CidPrefix(int version, long codec, long hashFunction, int digestLength) {

  public CidPrefix {
    if (version != 0 && version != 1) {
      throw new InvalidBitswapMessageException(
          "CID prefix: version must be 0 or 1, not " + version);
    }
    if (codec < 0 || hashFunction < 0) {
      throw new InvalidBitswapMessageException("CID prefix: codec and hash code must fit 63 bits");
    }
    if (digestLength < 0 || digestLength > Multihash.MAX_DIGEST_BYTES) {
      throw new InvalidBitswapMessageException(
          "CID prefix: digest length "
              + digestLength
              + " is outside 0.."
              + Multihash.MAX_DIGEST_BYTES);
    }
  }

  /** The prefix of {@code cid}. */
  public static CidPrefix of(Cid cid) {
    return new CidPrefix(
        cid.version(), cid.codec(), cid.multihash().code(), cid.multihash().digestLength());
  }

  /** The prefix of a bitswap 1.0.0 block: CIDv0, dag-pb, sha2-256. */
  static CidPrefix v0() {
    return new CidPrefix(0, 0x70, MultihashAlgorithm.SHA2_256.code(), 32);
  }

  /**
   * Reads a prefix: exactly four varints.
   *
   * @throws InvalidBitswapMessageException if malformed
   */
  static CidPrefix decode(byte[] bytes) {
    long[] values = new long[4];
    int offset = 0;
    try {
      for (int i = 0; i < 4; i++) {
        Varint.Decoded decoded = Varint.decode(bytes, offset);
        values[i] = decoded.value();
        offset += decoded.length();
      }
    } catch (MultiformatException e) {
      throw new InvalidBitswapMessageException("CID prefix: " + e.getMessage(), e);
    }
    if (offset != bytes.length) {
      throw new InvalidBitswapMessageException(
          "CID prefix: " + (bytes.length - offset) + " byte(s) after the four varints");
    }
    if (values[0] > 1 || values[3] > Multihash.MAX_DIGEST_BYTES) {
      throw new InvalidBitswapMessageException(
          "CID prefix: version " + values[0] + " or digest length " + values[3] + " out of range");
    }
    return new CidPrefix((int) values[0], values[1], values[2], (int) values[3]);
  }

  byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16);
    out.writeBytes(Varint.encode(version));
    out.writeBytes(Varint.encode(codec));
    out.writeBytes(Varint.encode(hashFunction));
    out.writeBytes(Varint.encode(digestLength));
    return out.toByteArray();
  }

  /**
   * The CID of {@code data} under this prefix: hashes it.
   *
   * @throws InvalidBitswapMessageException if the hash function is not supported here, the digest
   *     length is not the function's, or the combination is not a valid CID
   */
  public Cid cidOf(byte[] data) {
    MultihashAlgorithm algorithm =
        MultihashAlgorithm.forCode(hashFunction)
            .orElseThrow(
                () ->
                    new InvalidBitswapMessageException(
                        "block hashed with unsupported function 0x"
                            + Long.toHexString(hashFunction)));
    if (algorithm.digestLength() != digestLength) {
      throw new InvalidBitswapMessageException(
          "CID prefix: digest length "
              + digestLength
              + " is not "
              + algorithm.algorithmName()
              + "'s "
              + algorithm.digestLength());
    }
    if (version == 0 && (codec != 0x70 || algorithm != MultihashAlgorithm.SHA2_256)) {
      throw new InvalidBitswapMessageException(
          "CID prefix: a CIDv0 is dag-pb with sha2-256, not codec 0x" + Long.toHexString(codec));
    }
    Multihash multihash = algorithm.digest(data);
    try {
      return version == 0 ? Cid.v0(multihash) : Cid.v1(codec, multihash);
    } catch (IllegalArgumentException e) {
      throw new InvalidBitswapMessageException("CID prefix: " + e.getMessage(), e);
    }
  }
}
