package org.pinring.node.unixfs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.ipld.DagPb;
import org.pinring.multiformats.ipld.PbLink;
import org.pinring.multiformats.ipld.PbNode;
import org.pinring.multiformats.ipld.UnixFsData;
import org.pinring.node.blockstore.Block;

/**
 * Builds the UnixFS blocks an importer writes, field for field as the js importer ({@code
 * ipfs-unixfs-importer}) builds them, so CIDs agree: which fields are present, link names and
 * sizes, and the CID version of each kind of node.
 */
final class UnixFsNodes {

  /** The HAMT hash function code stored in shard nodes: murmur3-x64-64. */
  static final long HAMT_HASH_TYPE = 0x22;

  private final ImportOptions options;

  UnixFsNodes(ImportOptions options) {
    this.options = options;
  }

  /** A link to an imported child: its CID, cumulative DAG size, and file bytes beneath it. */
  record Child(Cid cid, long tsize, long fileBytes) {}

  /** A chunk as a leaf: a raw block (always CIDv1), or a dag-pb UnixFS file node. */
  Block leaf(byte[] chunk) {
    if (options.rawLeaves()) {
      return Block.hashOwned(Multicodec.RAW, 1, chunk);
    }
    return Block.hashOwned(Multicodec.DAG_PB, options.cidVersion(), encodeFileLeaf(chunk));
  }

  /**
   * The dag-pb encoding of a UnixFS file leaf holding {@code chunk}, written directly into one
   * array with a single copy of the chunk: {@code PBNode{Data: UnixFS{Type: File, Data: chunk,
   * filesize: n}}}. Byte for byte what {@link #genericFileLeaf} builds through the general encoders
   * (which copy a large chunk several times); a test holds the two equal.
   */
  static byte[] encodeFileLeaf(byte[] chunk) {
    int n = chunk.length;
    byte[] out = new byte[fileLeafLength(n)];
    int at = fileLeafDataOffset(n);
    System.arraycopy(chunk, 0, out, at, n);
    writeFileLeafFraming(out, n);
    return out;
  }

  /**
   * Where the bytes of a full chunk start in the buffer of its leaf block: 0 for a raw leaf, after
   * the dag-pb and UnixFS headers otherwise. The importer reads each chunk straight to this index
   * of a buffer of {@link #fullLeafLength()} bytes, so a full chunk becomes its leaf without a copy
   * ({@link #fullLeafInPlace}).
   */
  int fullLeafDataOffset() {
    return options.rawLeaves() ? 0 : fileLeafDataOffset(options.chunkSize());
  }

  /** The length of a full chunk's leaf block. */
  int fullLeafLength() {
    return options.rawLeaves() ? options.chunkSize() : fileLeafLength(options.chunkSize());
  }

  /**
   * The leaf of a full chunk that already sits at {@link #fullLeafDataOffset()} of {@code buffer}
   * (a buffer of {@link #fullLeafLength()} bytes, read from index 0 to its capacity): the framing
   * around the chunk is written in place and the block takes ownership of the buffer's bytes. The
   * same block as {@link #leaf} of the chunk.
   */
  Block fullLeafInPlace(ByteBuffer buffer) {
    if (buffer.capacity() != fullLeafLength()) {
      throw new IllegalArgumentException(
          "a full leaf's buffer holds " + fullLeafLength() + " bytes, not " + buffer.capacity());
    }
    ByteBuffer whole = buffer.duplicate().clear();
    if (options.rawLeaves()) {
      return Block.hashOwned(Multicodec.RAW, 1, whole);
    }
    int n = options.chunkSize();
    whole.put(0, fileLeafPrefix(n));
    whole.put(fileLeafDataOffset(n) + n, fileLeafSuffix(n));
    return Block.hashOwned(Multicodec.DAG_PB, options.cidVersion(), whole);
  }

  // A file leaf of n bytes: 0a len(inner) | 08 02 | 12 len(n) chunk (only if n > 0) | 18 varint(n)

  private static int fileLeafInnerLength(int n) {
    return 2 + (n > 0 ? 1 + varintLength(n) + n : 0) + 1 + varintLength(n);
  }

  private static int fileLeafLength(int n) {
    int inner = fileLeafInnerLength(n);
    return 1 + varintLength(inner) + inner;
  }

  private static int fileLeafDataOffset(int n) {
    int inner = fileLeafInnerLength(n);
    return 1 + varintLength(inner) + 2 + (n > 0 ? 1 + varintLength(n) : 0);
  }

  /** Writes everything of a file leaf of {@code n} bytes around its data, which is left as is. */
  private static void writeFileLeafFraming(byte[] out, int n) {
    byte[] prefix = fileLeafPrefix(n);
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    byte[] suffix = fileLeafSuffix(n);
    System.arraycopy(suffix, 0, out, prefix.length + n, suffix.length);
  }

  /** The bytes of a file leaf of {@code n} bytes before its data: {@link #fileLeafDataOffset}. */
  private static byte[] fileLeafPrefix(int n) {
    byte[] out = new byte[fileLeafDataOffset(n)];
    int at = 0;
    out[at++] = 0x0a;
    at = writeVarint(out, at, fileLeafInnerLength(n));
    out[at++] = 0x08;
    out[at++] = 0x02;
    if (n > 0) {
      out[at++] = 0x12;
      writeVarint(out, at, n);
    }
    return out;
  }

  /** The bytes of a file leaf of {@code n} bytes after its data: the filesize field. */
  private static byte[] fileLeafSuffix(int n) {
    byte[] out = new byte[1 + varintLength(n)];
    out[0] = 0x18;
    writeVarint(out, 1, n);
    return out;
  }

  /**
   * The same leaf through the general encoders; the reference {@link #encodeFileLeaf} must equal.
   */
  static byte[] genericFileLeaf(byte[] chunk) {
    UnixFsData.Builder data = UnixFsData.builder(UnixFsData.Type.FILE).fileSize(chunk.length);
    if (chunk.length > 0) {
      data.data(chunk);
    }
    return DagPb.encode(PbNode.sorted(List.of(), data.build().encode()));
  }

  private static int varintLength(int value) {
    int length = 1;
    while ((value >>>= 7) != 0) {
      length++;
    }
    return length;
  }

  private static int writeVarint(byte[] out, int at, int value) {
    while ((value & ~0x7F) != 0) {
      out[at++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out[at++] = (byte) value;
    return at;
  }

  /** The tsize of a leaf made by {@link #leaf}: the block's own length. */
  static Child leafChild(Block leaf, int chunkLength) {
    return new Child(leaf.cid(), leaf.size(), chunkLength);
  }

  /**
   * A file that fits in one chunk but carries metadata: one dag-pb file node holding the bytes (a
   * raw block has nowhere to put metadata).
   */
  Block singleChunkFileWithMetadata(byte[] chunk, EntryMetadata metadata) {
    UnixFsData.Builder data = UnixFsData.builder(UnixFsData.Type.FILE).fileSize(chunk.length);
    if (chunk.length > 0) {
      data.data(chunk);
    }
    metadata.applyTo(data, false);
    return node(List.of(), data.build());
  }

  /** An interior file node over {@code children}: block sizes, file size, empty link names. */
  Block fileNode(List<Child> children, EntryMetadata metadata) {
    UnixFsData.Builder data = UnixFsData.builder(UnixFsData.Type.FILE);
    long fileSize = 0;
    List<PbLink> links = new ArrayList<>(children.size());
    for (Child child : children) {
      data.addBlockSize(child.fileBytes());
      fileSize += child.fileBytes();
      links.add(PbLink.of(child.cid(), "", child.tsize()));
    }
    data.fileSize(fileSize);
    metadata.applyTo(data, false);
    return node(links, data.build());
  }

  Block directory(List<PbLink> links, EntryMetadata metadata) {
    UnixFsData.Builder data = UnixFsData.builder(UnixFsData.Type.DIRECTORY);
    metadata.applyTo(data, true);
    return node(links, data.build());
  }

  Block symlink(String target, EntryMetadata metadata) {
    UnixFsData.Builder data =
        UnixFsData.builder(UnixFsData.Type.SYMLINK).data(target.getBytes(StandardCharsets.UTF_8));
    metadata.applyTo(data, false);
    return node(List.of(), data.build());
  }

  /** A HAMT shard node; only the root shard carries the directory's metadata. */
  Block shard(List<PbLink> links, byte[] bitfield, int fanout, EntryMetadata metadata) {
    UnixFsData.Builder data =
        UnixFsData.builder(UnixFsData.Type.HAMT_SHARD)
            .data(bitfield)
            .hashType(HAMT_HASH_TYPE)
            .fanout(fanout);
    metadata.applyTo(data, true);
    return node(links, data.build());
  }

  private Block node(List<PbLink> links, UnixFsData data) {
    byte[] encoded = DagPb.encode(PbNode.sorted(links, data.encode()));
    return Block.hashOwned(Multicodec.DAG_PB, options.cidVersion(), encoded);
  }

  /** The size a directory entry's link records for a node made here: block plus link sizes. */
  static long cumulativeSize(Block block, List<PbLink> links) {
    long size = block.size();
    for (PbLink link : links) {
      size += link.tsize().orElse(0);
    }
    return size;
  }
}
