package org.pinring.node.blockstore;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.Multihash;
import org.pinring.multiformats.MultihashAlgorithm;

/**
 * A block: bytes and the CID they hash to. Every instance is verified by construction: {@link
 * #hash} computes the CID from the bytes, and {@link #verified} checks bytes received from
 * elsewhere against the CID they claim. A block store therefore never has to trust a caller, and an
 * importer that has just hashed its bytes does not hash them twice.
 *
 * <p>Immutable; the bytes are copied in, and handed out only as copies (or, inside this package, as
 * the array itself, which is never modified).
 */
public final class Block {

  private final Cid cid;
  private final byte[] data;

  private Block(Cid cid, byte[] data) {
    this.cid = cid;
    this.data = data;
  }

  /**
   * The block of {@code data} with a sha2-256 CID: version 0 (only for dag-pb) or 1.
   *
   * @throws IllegalArgumentException for a CIDv0 of anything but dag-pb
   */
  public static Block hash(Multicodec codec, int cidVersion, byte[] data) {
    Objects.requireNonNull(codec, "codec");
    byte[] copy = data.clone();
    Multihash multihash = MultihashAlgorithm.SHA2_256.digest(copy);
    return new Block(cidOf(codec, cidVersion, multihash), copy);
  }

  /** As {@link #hash}, taking ownership of {@code data}: the caller must not modify it later. */
  public static Block hashOwned(Multicodec codec, int cidVersion, byte[] data) {
    Objects.requireNonNull(data, "data");
    Multihash multihash = MultihashAlgorithm.SHA2_256.digest(data);
    return new Block(cidOf(codec, cidVersion, multihash), data);
  }

  /**
   * The block of {@code data} if it hashes to {@code cid}.
   *
   * @throws CorruptBlockException if it does not, or the hash function cannot be computed here
   */
  public static Block verified(Cid cid, byte[] data) {
    return verifiedOwned(cid, data.clone());
  }

  /** As {@link #verified}, taking ownership of {@code data}. */
  public static Block verifiedOwned(Cid cid, byte[] data) {
    Objects.requireNonNull(cid, "cid");
    Objects.requireNonNull(data, "data");
    if (cid.multihash().algorithm().isEmpty()) {
      throw new CorruptBlockException(
          cid, "cannot verify: hash function " + cid.multihash().algorithmName() + " unsupported");
    }
    if (!cid.multihash().matches(data)) {
      throw new CorruptBlockException(cid, "the bytes do not hash to this CID");
    }
    return new Block(cid, data);
  }

  private static Cid cidOf(Multicodec codec, int version, Multihash multihash) {
    return switch (version) {
      case 0 -> {
        if (codec != Multicodec.DAG_PB) {
          throw new IllegalArgumentException(
              "a CIDv0 is only for dag-pb, not " + codec.codecName());
        }
        yield Cid.v0(multihash);
      }
      case 1 -> Cid.v1(codec, multihash);
      default -> throw new IllegalArgumentException("CID version must be 0 or 1, not " + version);
    };
  }

  public Cid cid() {
    return cid;
  }

  /** A copy of the bytes. */
  public byte[] data() {
    return data.clone();
  }

  /** The bytes themselves; callers in this package never modify them. */
  byte[] unsafeData() {
    return data;
  }

  /** The bytes without copying, for code that only reads them (hashing, writing out). */
  public void writeTo(OutputStream out) throws IOException {
    out.write(data);
  }

  public int size() {
    return data.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Block that && cid.equals(that.cid);
  }

  @Override
  public int hashCode() {
    return cid.hashCode();
  }

  @Override
  public String toString() {
    return "Block[" + cid + ", " + data.length + " bytes]";
  }
}
