package org.pinring.node.unixfs;

import java.nio.charset.StandardCharsets;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.ipld.DagPb;
import org.pinring.multiformats.ipld.InvalidIpldException;
import org.pinring.multiformats.ipld.PbNode;
import org.pinring.multiformats.ipld.UnixFsData;
import org.pinring.node.blockstore.Block;
import org.pinring.node.blockstore.BlockStore;
import org.pinring.node.dag.MissingBlockException;

/**
 * One block read as UnixFS: a raw block (file bytes) or a dag-pb node with its UnixFS data, the two
 * checked for consistency (a file's block sizes match its links and add up to its size).
 */
final class UnixFsNode {

  final Cid cid;
  final byte[] raw;
  final PbNode node;
  final UnixFsData data;

  private UnixFsNode(Cid cid, byte[] raw, PbNode node, UnixFsData data) {
    this.cid = cid;
    this.raw = raw;
    this.node = node;
    this.data = data;
  }

  /**
   * Reads {@code cid} from {@code store} (verified against the CID by the store).
   *
   * @throws MissingBlockException if the block is not stored
   * @throws InvalidUnixFsException if it is not a valid UnixFS node
   */
  static UnixFsNode load(BlockStore store, Cid cid) {
    Block block = store.get(cid).orElseThrow(() -> new MissingBlockException(cid));
    if (cid.codec() == Multicodec.RAW.code()) {
      return new UnixFsNode(cid, block.data(), null, null);
    }
    if (cid.codec() != Multicodec.DAG_PB.code()) {
      throw new InvalidUnixFsException(
          cid, "not UnixFS: a " + cid.codecName() + " block (UnixFS is dag-pb or raw)");
    }
    try {
      PbNode node = DagPb.decode(block.data());
      if (!node.hasData()) {
        throw new InvalidUnixFsException(cid, "dag-pb node without UnixFS data");
      }
      UnixFsData data = UnixFsData.decode(node.data().orElseThrow());
      UnixFsNode loaded = new UnixFsNode(cid, null, node, data);
      loaded.checkConsistency();
      return loaded;
    } catch (InvalidIpldException e) {
      throw new InvalidUnixFsException(cid, e.getMessage(), e);
    }
  }

  private void checkConsistency() {
    if (!isFile()) {
      return;
    }
    if (data.blockSizeCount() != node.links().size()) {
      throw new InvalidUnixFsException(
          cid,
          "file node has "
              + node.links().size()
              + " links but "
              + data.blockSizeCount()
              + " block sizes");
    }
    long total = data.dataLength();
    for (int i = 0; i < data.blockSizeCount(); i++) {
      total += data.blockSize(i);
      if (total < 0) {
        throw new InvalidUnixFsException(cid, "block sizes overflow");
      }
    }
    if (data.fileSize().isPresent() && data.fileSize().getAsLong() != total) {
      throw new InvalidUnixFsException(
          cid,
          "file size " + data.fileSize().getAsLong() + " differs from its parts' total " + total);
    }
  }

  boolean isRaw() {
    return raw != null;
  }

  /** A raw block, or a dag-pb node of type file or raw: content bytes. */
  boolean isFile() {
    return raw != null || data.type() == UnixFsData.Type.FILE || data.type() == UnixFsData.Type.RAW;
  }

  boolean isDirectory() {
    return data != null && data.type() == UnixFsData.Type.DIRECTORY;
  }

  boolean isShard() {
    return data != null && data.type() == UnixFsData.Type.HAMT_SHARD;
  }

  boolean isSymlink() {
    return data != null && data.type() == UnixFsData.Type.SYMLINK;
  }

  /** The number of content bytes under a file node. */
  long fileSize() {
    if (raw != null) {
      return raw.length;
    }
    long total = data.dataLength();
    for (int i = 0; i < data.blockSizeCount(); i++) {
      total += data.blockSize(i);
    }
    return total;
  }

  String symlinkTarget() {
    byte[] target = data.data().orElse(new byte[0]);
    return new String(target, StandardCharsets.UTF_8);
  }

  UnixFsEntry.Kind kind() {
    if (isFile()) {
      return UnixFsEntry.Kind.FILE;
    }
    if (isDirectory() || isShard()) {
      return UnixFsEntry.Kind.DIRECTORY;
    }
    if (isSymlink()) {
      return UnixFsEntry.Kind.SYMLINK;
    }
    throw new InvalidUnixFsException(cid, "unsupported UnixFS type " + data.type());
  }
}
