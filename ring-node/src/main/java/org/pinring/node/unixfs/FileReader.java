package org.pinring.node.unixfs;

import java.io.IOException;
import java.io.OutputStream;
import org.pinring.multiformats.ipld.PbLink;
import org.pinring.node.blockstore.BlockStore;

/**
 * Streams a byte range of a UnixFS file DAG: inline data first, then each child in link order at
 * the offset its block size gives, visiting only the children that overlap the range. Each child
 * must hold exactly the bytes its parent's block size says, so a DAG that lies about its sizes is
 * refused instead of producing wrong output.
 */
final class FileReader {

  private final BlockStore store;
  private final OutputStream out;

  FileReader(BlockStore store, OutputStream out) {
    this.store = store;
    this.out = out;
  }

  /**
   * Writes bytes {@code [start, start + length)} of {@code node}, whose size must be {@code
   * expectedSize}.
   */
  void read(UnixFsNode node, long start, long length, long expectedSize, int depth)
      throws IOException {
    if (depth > UnixFsExporter.MAX_FILE_DEPTH) {
      throw new InvalidUnixFsException(
          node.cid, "file DAG deeper than " + UnixFsExporter.MAX_FILE_DEPTH + " levels");
    }
    if (!node.isFile()) {
      throw new InvalidUnixFsException(node.cid, "a file's child is not file data");
    }
    if (node.fileSize() != expectedSize) {
      throw new InvalidUnixFsException(
          node.cid, "holds " + node.fileSize() + " bytes but its parent says " + expectedSize);
    }
    if (length == 0) {
      return;
    }
    if (node.isRaw()) {
      out.write(node.raw, (int) start, (int) length);
      return;
    }
    long end = start + length;
    int inline = node.data.dataLength();
    if (start < inline) {
      int count = (int) (Math.min(end, inline) - start);
      byte[] bytes = new byte[count];
      node.data.copyData((int) start, bytes, 0, count);
      out.write(bytes);
    }
    long position = inline;
    for (int i = 0; i < node.node.links().size() && position < end; i++) {
      long size = node.data.blockSize(i);
      long childEnd = position + size;
      if (childEnd > start) {
        long from = Math.max(start, position) - position;
        long to = Math.min(end, childEnd) - position;
        PbLink link = node.node.links().get(i);
        read(UnixFsNode.load(store, link.hash()), from, to - from, size, depth + 1);
      }
      position = childEnd;
    }
  }
}
