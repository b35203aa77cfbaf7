package org.pinring.node.unixfs;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.pinring.node.blockstore.Block;

/**
 * Imports one byte stream as a UnixFS file: fixed-size chunks (the js importer's {@code fixedSize}
 * chunker: every chunk full except the last; an empty input is one empty chunk) laid out by {@link
 * BalancedLayout}. Memory is one chunk plus the layout's pending links, whatever the input's
 * length.
 */
final class FileImporter {

  /** Spare chunk arrays kept; more are simply left to the garbage collector. */
  private static final int MAX_SPARE_CHUNKS = 64;

  private final ImportOptions options;
  private final UnixFsNodes nodes;
  private final BlockSink sink;
  private final ImportListener listener;

  /**
   * Full-size chunk arrays for reuse. Allocating a fresh 1 MiB array per chunk costs more than
   * hashing it on a JVM whose heap regions are 1 MiB (each becomes a "humongous" object); arrays
   * come back once the sink has stored a raw leaf, or at once when a dag-pb leaf has copied it.
   */
  private final ConcurrentLinkedQueue<byte[]> spareChunks = new ConcurrentLinkedQueue<>();

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
    if (chunk.length == options.chunkSize()) {
      // A raw leaf holds the chunk array itself until it is stored; a dag-pb leaf has copied it.
      sink.put(leaf, options.rawLeaves() ? () -> recycle(chunk) : () -> {});
      if (!options.rawLeaves()) {
        recycle(chunk);
      }
    } else {
      sink.put(leaf);
    }
    layout.addLeaf(UnixFsNodes.leafChild(leaf, chunk.length));
  }

  private void recycle(byte[] chunk) {
    if (spareChunks.size() < MAX_SPARE_CHUNKS) {
      spareChunks.offer(chunk);
    }
  }

  /** Up to one chunk: fewer bytes only at the end of the input. */
  private byte[] readChunk(InputStream in) throws IOException {
    byte[] spare = spareChunks.poll();
    byte[] chunk = spare != null ? spare : new byte[options.chunkSize()];
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
