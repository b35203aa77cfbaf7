package org.pinring.crdt.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pinring.multiformats.Cid;

/**
 * A pending delta as stored under {@code p CID}: its parents (so readiness is checked without
 * decoding the block), its height (to find its {@code q} index entry), then the block: {@code
 * count(1) parent... height(8) block}. The block array is shared, not copied: internal use only.
 */
final class PendingEntry {

  private final List<Cid> parents;
  private final long height;
  private final byte[] block;

  /**
   * @param parents the delta's parents
   * @param height the delta's height
   * @param block the delta block, as fetched and verified against its CID
   */
  PendingEntry(List<Cid> parents, long height, byte[] block) {
    this.parents = List.copyOf(parents);
    this.height = height;
    this.block = block;
  }

  long height() {
    return height;
  }

  List<Cid> parents() {
    return parents;
  }

  byte[] block() {
    return block;
  }

  byte[] encode() {
    int length = 1 + 8 + block.length;
    for (Cid parent : parents) {
      length += parent.encodedLength();
    }
    byte[] out = new byte[length];
    out[0] = (byte) parents.size();
    int offset = 1;
    for (Cid parent : parents) {
      parent.writeTo(out, offset);
      offset += parent.encodedLength();
    }
    for (int i = 0; i < 8; i++) {
      out[offset++] = (byte) (height >>> (56 - 8 * i));
    }
    System.arraycopy(block, 0, out, offset, block.length);
    return out;
  }

  /**
   * @throws IllegalStateException if the bytes are not a pending entry (the store is corrupt)
   */
  static PendingEntry decode(byte[] bytes) {
    try {
      int count = bytes[0] & 0xFF;
      List<Cid> parents = new ArrayList<>(count);
      int offset = 1;
      for (int i = 0; i < count; i++) {
        Cid.Decoded decoded = Cid.decode(bytes, offset);
        parents.add(decoded.cid());
        offset += decoded.length();
      }
      long height = 0;
      for (int i = 0; i < 8; i++) {
        height = (height << 8) | (bytes[offset++] & 0xFF);
      }
      return new PendingEntry(parents, height, Arrays.copyOfRange(bytes, offset, bytes.length));
    } catch (RuntimeException e) {
      throw new IllegalStateException("corrupt pending delta in the store: " + e.getMessage(), e);
    }
  }
}
