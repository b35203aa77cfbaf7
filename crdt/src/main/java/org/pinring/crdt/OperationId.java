package org.pinring.crdt;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.Multihash;
import org.pinring.multiformats.MultihashAlgorithm;

/**
 * The identity of an operation: the SHA-256 digest of its canonical DAG-CBOR encoding (without the
 * signature), i.e. the digest of the operation's CID. It is also the <em>tag</em> that an add
 * contributes to the observed-remove set, so a replayed operation has the tag it had the first time
 * and cannot do anything twice.
 *
 * <p>Ordered bytewise, unsigned: the tie-breaker between concurrent updates.
 */
public final class OperationId implements Comparable<OperationId> {

  /** Length of the digest in bytes. */
  public static final int BYTES = 32;

  private final byte[] digest;

  private OperationId(byte[] digest) {
    this.digest = digest;
  }

  /**
   * @throws IllegalArgumentException unless {@code digest} has {@link #BYTES} bytes
   */
  public static OperationId of(byte[] digest) {
    Objects.requireNonNull(digest, "digest");
    if (digest.length != BYTES) {
      throw new IllegalArgumentException(
          "an operation id is a "
              + BYTES
              + "-byte SHA-256 digest, not "
              + digest.length
              + " bytes");
    }
    return new OperationId(digest.clone());
  }

  /** The id of the operation whose canonical encoding is {@code canonicalBytes}. */
  public static OperationId ofCanonicalEncoding(byte[] canonicalBytes) {
    return new OperationId(MultihashAlgorithm.SHA2_256.digest(canonicalBytes).digest());
  }

  public byte[] toBytes() {
    return digest.clone();
  }

  /** The operation's CID: CIDv1, dag-cbor, sha2-256 of its canonical encoding. */
  public Cid toCid() {
    return Cid.v1(
        Multicodec.DAG_CBOR, Multihash.of(MultihashAlgorithm.SHA2_256.code(), digest.clone()));
  }

  @Override
  public int compareTo(OperationId other) {
    return Arrays.compareUnsigned(digest, other.digest);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof OperationId that && Arrays.equals(digest, that.digest);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(digest);
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(digest);
  }
}
