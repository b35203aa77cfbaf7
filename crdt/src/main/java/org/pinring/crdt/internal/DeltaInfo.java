package org.pinring.crdt.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.pinring.multiformats.Cid;

/**
 * What a replica remembers of a delta it has applied (or knows from a snapshot): its height and
 * parents. Stored under {@code d CID} as {@code flags(1) height(8) count(1) parent...}.
 *
 * @param flags {@link #FROM_SNAPSHOT}, {@link #COMPACTED}
 * @param height the verified height
 * @param parents its parents; empty once compacted or when known from a snapshot only
 */
public record DeltaInfo(int flags, long height, List<Cid> parents) {

  /** Known from a checkpoint snapshot: applied in effect, parents not recorded. */
  public static final int FROM_SNAPSHOT = 1;

  /** Below a trusted checkpoint: the block was released and the parents forgotten. */
  public static final int COMPACTED = 2;

  public DeltaInfo {
    parents = List.copyOf(parents);
  }

  public boolean has(int flag) {
    return (flags & flag) != 0;
  }

  public byte[] encode() {
    int length = 1 + 8 + 1;
    for (Cid parent : parents) {
      length += parent.encodedLength();
    }
    ByteBuffer buffer = ByteBuffer.allocate(length);
    buffer.put((byte) flags).putLong(height).put((byte) parents.size());
    for (Cid parent : parents) {
      buffer.put(parent.toBytes());
    }
    return buffer.array();
  }

  /**
   * @throws IllegalStateException if the bytes are not a delta record (the store is corrupt)
   */
  public static DeltaInfo decode(byte[] bytes) {
    try {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      int flags = buffer.get() & 0xFF;
      long height = buffer.getLong();
      int count = buffer.get() & 0xFF;
      List<Cid> parents = new ArrayList<>(count);
      int offset = buffer.position();
      for (int i = 0; i < count; i++) {
        Cid.Decoded decoded = Cid.decode(bytes, offset);
        parents.add(decoded.cid());
        offset += decoded.length();
      }
      if (offset != bytes.length) {
        throw new IllegalArgumentException("trailing bytes");
      }
      return new DeltaInfo(flags, height, parents);
    } catch (RuntimeException e) {
      throw new IllegalStateException("corrupt delta record in the store: " + e.getMessage(), e);
    }
  }

  static byte[] heightBytes(long height) {
    return ByteBuffer.allocate(8).putLong(height).array();
  }

  static long heightOf(byte[] bytes) {
    return ByteBuffer.wrap(bytes).getLong();
  }
}
