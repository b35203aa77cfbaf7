package org.pinring.crdt;

import java.util.Objects;
import org.pinring.multiformats.Cid;

/**
 * A block as delivered by a {@link BlockSource}: the CID it was sent as, and its bytes. The CRDT
 * re-hashes every block it receives and drops those whose bytes do not match their CID.
 */
public final class Block {

  private final Cid cid;
  private final byte[] bytes;

  public Block(Cid cid, byte[] bytes) {
    this.cid = Objects.requireNonNull(cid, "cid");
    this.bytes = Objects.requireNonNull(bytes, "bytes");
  }

  public Cid cid() {
    return cid;
  }

  /** The bytes; handed over by the source, not copied. Do not modify. */
  public byte[] bytes() {
    return bytes;
  }

  @Override
  public String toString() {
    return "Block(" + cid + ", " + bytes.length + " bytes)";
  }
}
