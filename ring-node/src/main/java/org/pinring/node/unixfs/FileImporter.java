package org.pinring.node.unixfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import org.pinring.node.blockstore.Block;

/**
 * Imports one byte stream as a UnixFS file: fixed-size chunks (the js importer's {@code fixedSize}
 * chunker: every chunk full except the last; an empty input is one empty chunk) laid out by {@link
 * BalancedLayout}. Memory is one chunk plus the layout's pending links, whatever the input's
 * length, and the leaves the sink still holds.
 *
 * <p>A full chunk is read straight to its place inside a direct buffer of its leaf block (from
 * {@link LeafBuffers}) and becomes the leaf without a copy; the buffer goes back to the pool once
 * the sink has stored the leaf. A sink that does not say when it is done with a block ({@link
 * BlockSink#releasesBlocks}) gets an on-heap copy instead.
 */
final class FileImporter {

  private final ImportOptions options;
  private final UnixFsNodes nodes;
  private final BlockSink sink;
  private final ImportListener listener;
  private final LeafBuffers leafBuffers;

  FileImporter(
      ImportOptions options,
      UnixFsNodes nodes,
      LeafBuffers leafBuffers,
      BlockSink sink,
      ImportListener listener) {
    if (leafBuffers.length() != nodes.fullLeafLength()) {
      throw new IllegalArgumentException(
          "leaf buffers of "
              + leafBuffers.length()
              + " bytes for leaves of "
              + nodes.fullLeafLength());
    }
    this.options = options;
    this.nodes = nodes;
    this.leafBuffers = leafBuffers;
    this.sink = sink;
    this.listener = listener;
  }

  /**
   * A chunk as read: either full, its bytes at {@link UnixFsNodes#fullLeafDataOffset} of a leaf
   * buffer ({@code bytes == null}), or shorter (the end of the input), copied out to {@code bytes}.
   */
  private static final class Chunk {
    private final ByteBuffer leafBuffer;
    private final byte[] bytes;

    Chunk(ByteBuffer leafBuffer, byte[] bytes) {
      this.leafBuffer = leafBuffer;
      this.bytes = bytes;
    }

    boolean full() {
      return bytes == null;
    }

    ByteBuffer leafBuffer() {
      return leafBuffer;
    }

    byte[] bytes() {
      return bytes;
    }
  }

  /** Reads {@code in} to its end; returns the file's root. Does not close {@code in}. */
  UnixFsNodes.Child importFile(ReadableByteChannel in, EntryMetadata metadata) throws IOException {
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
      ByteBuffer buffer = chunk.leafBuffer();
      leaf = nodes.fullLeafInPlace(buffer);
      length = options.chunkSize();
      if (sink.releasesBlocks()) {
        sink.put(leaf, () -> leafBuffers.give(buffer));
      } else {
        // The sink may keep the block: it gets the bytes on the heap, and the buffer is free now.
        leaf = leaf.onHeapCopy();
        leafBuffers.give(buffer);
        sink.put(leaf);
      }
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
    byte[] bytes = new byte[options.chunkSize()];
    chunk.leafBuffer().get(nodes.fullLeafDataOffset(), bytes);
    leafBuffers.give(chunk.leafBuffer());
    return bytes;
  }

  /** Up to one chunk: fewer bytes only at the end of the input. */
  private Chunk readChunk(ReadableByteChannel in) throws IOException {
    ByteBuffer buffer = leafBuffers.take();
    int offset = nodes.fullLeafDataOffset();
    int size = options.chunkSize();
    ByteBuffer target = buffer.duplicate().limit(offset + size).position(offset);
    while (target.hasRemaining()) {
      if (in.read(target) < 0) {
        break;
      }
    }
    int filled = target.position() - offset;
    if (filled > 0) {
      listener.bytesRead(filled);
    }
    if (filled == size) {
      return new Chunk(buffer, null);
    }
    byte[] bytes = new byte[filled];
    buffer.get(offset, bytes);
    leafBuffers.give(buffer);
    return new Chunk(null, bytes);
  }
}
