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

  /** Spare leaf arrays kept; more are simply left to the garbage collector. */
  private static final int MAX_SPARE_BUFFERS = 64;

  private final ImportOptions options;
  private final UnixFsNodes nodes;
  private final BlockSink sink;
  private final ImportListener listener;

  /**
   * Arrays of a full leaf's length ({@link UnixFsNodes#fullLeafLength}) for reuse. A chunk is read
   * straight to its place inside the array of its leaf block, so a full chunk becomes its leaf
   * without a copy; the array comes back once the sink has stored the leaf. Allocating (and so
   * zeroing) a fresh array per chunk costs more than the copy it saves, and on a JVM whose heap
   * regions are 1 MiB a 1 MiB array is a "humongous" object.
   */
  private final ConcurrentLinkedQueue<byte[]> spareBuffers = new ConcurrentLinkedQueue<>();

  FileImporter(ImportOptions options, BlockSink sink, ImportListener listener) {
    this.options = options;
    this.nodes = new UnixFsNodes(options);
    this.sink = sink;
    this.listener = listener;
  }

  /**
   * A chunk as read: either full, its bytes at {@link UnixFsNodes#fullLeafDataOffset} of a leaf
   * array ({@code bytes == null}), or shorter (the end of the input), copied out to {@code bytes}.
   */
  private static final class Chunk {
    private final byte[] leafBuffer;
    private final byte[] bytes;

    Chunk(byte[] leafBuffer, byte[] bytes) {
      this.leafBuffer = leafBuffer;
      this.bytes = bytes;
    }

    boolean full() {
      return bytes == null;
    }

    byte[] leafBuffer() {
      return leafBuffer;
    }

    byte[] bytes() {
      return bytes;
    }
  }

  /** Reads {@code in} to its end; returns the file's root. Does not close {@code in}. */
  UnixFsNodes.Child importFile(InputStream in, EntryMetadata metadata) throws IOException {
    BalancedLayout layout = new BalancedLayout(nodes, sink, options.maxChildrenPerNode(), metadata);
    // One chunk is held back until the next arrives: only then is it known whether the file has
    // one chunk (its own root) or several.
    Chunk pending = readChunk(in);
    boolean several = false;
    while (pending.full()) {
      Chunk next = readChunk(in);
      if (!next.full() && next.bytes().length == 0) {
        break;
      }
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
      byte[] bytes = bytesOf(pending);
      Block node = nodes.singleChunkFileWithMetadata(bytes, metadata);
      sink.put(node);
      return new UnixFsNodes.Child(node.cid(), node.size(), bytes.length);
    }
    return addLeaf(null, pending);
  }

  /** Stores the chunk's leaf; adds it to {@code layout} unless null; returns it as a child. */
  private UnixFsNodes.Child addLeaf(BalancedLayout layout, Chunk chunk) {
    Block leaf;
    int length;
    if (chunk.full()) {
      byte[] buffer = chunk.leafBuffer();
      leaf = nodes.fullLeafInPlace(buffer);
      length = options.chunkSize();
      sink.put(leaf, () -> recycle(buffer));
    } else {
      leaf = nodes.leaf(chunk.bytes());
      length = chunk.bytes().length;
      sink.put(leaf);
    }
    UnixFsNodes.Child child = UnixFsNodes.leafChild(leaf, length);
    if (layout != null) {
      layout.addLeaf(child);
    }
    return child;
  }

  private byte[] bytesOf(Chunk chunk) {
    if (!chunk.full()) {
      return chunk.bytes();
    }
    int offset = nodes.fullLeafDataOffset();
    byte[] bytes = Arrays.copyOfRange(chunk.leafBuffer(), offset, offset + options.chunkSize());
    recycle(chunk.leafBuffer());
    return bytes;
  }

  private void recycle(byte[] buffer) {
    if (spareBuffers.size() < MAX_SPARE_BUFFERS) {
      spareBuffers.offer(buffer);
    }
  }

  /** Up to one chunk: fewer bytes only at the end of the input. */
  private Chunk readChunk(InputStream in) throws IOException {
    byte[] spare = spareBuffers.poll();
    byte[] buffer = spare != null ? spare : new byte[nodes.fullLeafLength()];
    int offset = nodes.fullLeafDataOffset();
    int size = options.chunkSize();
    int filled = 0;
    while (filled < size) {
      int n = in.read(buffer, offset + filled, size - filled);
      if (n < 0) {
        break;
      }
      filled += n;
    }
    if (filled > 0) {
      listener.bytesRead(filled);
    }
    if (filled == size) {
      return new Chunk(buffer, null);
    }
    byte[] bytes = Arrays.copyOfRange(buffer, offset, offset + filled);
    recycle(buffer);
    return new Chunk(null, bytes);
  }
}
