package org.pinring.node.bitswap;

import java.util.Arrays;
import java.util.Objects;
import org.pinring.node.blockstore.Block;

/**
 * A block as it travels: the CID prefix and the bytes. Not yet verified: the receiver rebuilds the
 * CID from the bytes ({@link CidPrefix#cidOf}), which is the verification. The array is shared, not
 * copied (a megabyte block would otherwise be copied at every step): nobody modifies it.
 */
public final class BlockPayload {

  private final CidPrefix prefix;
  private final byte[] data;

  public BlockPayload(CidPrefix prefix, byte[] data) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.data = Objects.requireNonNull(data, "data");
  }

  /** The payload of a stored (hence verified) block. */
  public static BlockPayload of(Block block) {
    return new BlockPayload(CidPrefix.of(block.cid()), block.data());
  }

  public CidPrefix prefix() {
    return prefix;
  }

  /** The bytes, shared: callers must not modify them. */
  public byte[] data() {
    return data;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BlockPayload that
        && prefix.equals(that.prefix)
        && Arrays.equals(data, that.data);
  }

  @Override
  public int hashCode() {
    return 31 * prefix.hashCode() + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "BlockPayload[" + prefix + ", " + data.length + " bytes]";
  }
}
