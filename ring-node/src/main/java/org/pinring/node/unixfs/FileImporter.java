package org.pinring.node.unixfs;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.pinring.node.blockstore.Block;

/**
 * Imports one byte stream as a UnixFS file: fixed-size chunks (the js importer's {@code fixedSize}
 * chunker: every chunk full except the last; an empty input is one empty chunk) laid out by {@link
 * BalancedLayout}. Memory is one chunk plus the layout's pending links, whatever the input's
 * length.
 */
final class FileImporter {

  private final ImportOptions options;
  private final UnixFsNodes nodes;
  private final BlockSink sink;
  private final ImportListener listener;

  FileImporter(ImportOptions options, BlockSink sink, ImportListener listener) {
    this.options = options;
    this.nodes = new UnixFsNodes(options);
    this.sink = sink;
    this.listener = listener;
  }

  /** Reads {@code in} to its end; returns the file's root. Does not close {@code in}. */
  UnixFsNodes.Child importFile(InputStream in, EntryMetadata metadata) throws IOException {
    BalancedLayout layout = new BalancedLayout(nodes, sink, options.maxChildrenPerNode(), metadata);
    // One chunk is held back until the next arrives: only then is it known whether the file has
    // one chunk (its own root) or several.
    byte[] pending = readChunk(in);
    listener.bytesRead(pending.length);
    boolean several = false;
    while (pending.length == options.chunkSize()) {
      byte[] next = readChunk(in);
      if (next.length == 0) {
        break;
      }
      listener.bytesRead(next.length);
      addLeaf(layout, pending);
      several = true;
      pending = next;
    }
    if (several) {
      addLeaf(layout, pending);
      return layout.finish();
    }
    if (!metadata.isEmpty()) {
      // A raw block has nowhere to put metadata: one dag-pb node holds bytes and metadata.
      Block node = nodes.singleChunkFileWithMetadata(pending, metadata);
      sink.put(node);
      return new UnixFsNodes.Child(node.cid(), node.size(), pending.length);
    }
    Block leaf = nodes.leaf(pending);
    sink.put(leaf);
    return UnixFsNodes.leafChild(leaf, pending.length);
  }

  private void addLeaf(BalancedLayout layout, byte[] chunk) {
    Block leaf = nodes.leaf(chunk);
    sink.put(leaf);
    layout.addLeaf(UnixFsNodes.leafChild(leaf, chunk.length));
  }

  /** Up to one chunk: fewer bytes only at the end of the input. */
  private byte[] readChunk(InputStream in) throws IOException {
    byte[] chunk = new byte[options.chunkSize()];
    int filled = 0;
    while (filled < chunk.length) {
      int n = in.read(chunk, filled, chunk.length - filled);
      if (n < 0) {
        break;
      }
      filled += n;
    }
    return filled == chunk.length ? chunk : Arrays.copyOf(chunk, filled);
  }
}
