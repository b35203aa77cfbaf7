package org.pinring.node.blockstore;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
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
 * <p>The bytes live in an array, or outside the heap in a direct buffer: an importer reads a chunk
 * from its file straight into direct memory, and the store writes it to the block's file from
 * there, so the bytes are copied neither into the heap nor back out of it on the way (see
 * docs/content.md, "Leaves outside the heap").
 *
 * <p>Immutable; the bytes are copied in (or owned, for the {@code Owned} factories), and handed out
 * only as copies or read-only views.
 */
public final class Block {

  /** The slice size for copying an off-heap block's bytes to a stream. */
  private static final int COPY_SLICE_BYTES = 64 * 1024;

  private final Cid cid;

  /** The bytes, or null when they live in {@link #offHeap}. */
  private final byte[] data;

  /** A read-only view of the bytes at position 0, or null when they are in {@link #data}. */
  private final ByteBuffer offHeap;

  private Block(Cid cid, byte[] data) {
    this.cid = cid;
    this.data = data;
    this.offHeap = null;
  }

  private Block(Cid cid, ByteBuffer offHeap) {
    this.cid = cid;
    this.data = null;
    this.offHeap = offHeap;
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
   * As {@link #hashOwned(Multicodec, int, byte[])} for the bytes between {@code data}'s position
   * and limit, taking ownership of them where they are: the caller must not modify them while the
   * block is in use (an importer hands such a block to a sink that tells it when it is done, see
   * {@code BlockSink.put(Block, Runnable)}). The buffer's own position and limit are left as they
   * are.
   */
  public static Block hashOwned(Multicodec codec, int cidVersion, ByteBuffer data) {
    Objects.requireNonNull(codec, "codec");
    ByteBuffer view = data.slice().asReadOnlyBuffer();
    MultihashAlgorithm.Hasher hasher = MultihashAlgorithm.SHA2_256.newHasher();
    hasher.update(view.duplicate());
    return new Block(cidOf(codec, cidVersion, hasher.finish()), view);
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
    if (data != null) {
      return data.clone();
    }
    byte[] copy = new byte[offHeap.limit()];
    offHeap.get(0, copy);
    return copy;
  }

  /**
   * The bytes as a read-only buffer from position 0 to the block's size, without a copy, for code
   * that only reads them (checking links, writing the block's file). Each call returns a view of
   * its own.
   */
  public ByteBuffer contents() {
    return data != null ? ByteBuffer.wrap(data).asReadOnlyBuffer() : offHeap.duplicate();
  }

  /** The array of an on-heap block ({@code !isOffHeap()}), never modified by callers here. */
  byte[] unsafeData() {
    if (data == null) {
      throw new IllegalStateException("the bytes of " + this + " live outside the heap");
    }
    return data;
  }

  /**
   * This block with its bytes on the heap: itself if they already are, else a copy, for a holder
   * that may keep the block longer than its direct buffer stays unchanged.
   */
  public Block onHeapCopy() {
    return data != null ? this : new Block(cid, data());
  }

  /** Whether the bytes live outside the heap (a leaf an importer read in place). */
  public boolean isOffHeap() {
    return offHeap != null;
  }

  /** Writes the bytes to {@code out}; an on-heap block's without copying them. */
  public void writeTo(OutputStream out) throws IOException {
    if (data != null) {
      out.write(data);
      return;
    }
    byte[] slice = new byte[Math.min(COPY_SLICE_BYTES, offHeap.limit())];
    for (int at = 0; at < offHeap.limit(); at += slice.length) {
      int length = Math.min(slice.length, offHeap.limit() - at);
      offHeap.get(at, slice, 0, length);
      out.write(slice, 0, length);
    }
  }

  public int size() {
    return data != null ? data.length : offHeap.limit();
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
    return "Block[" + cid + ", " + size() + " bytes]";
  }
}
