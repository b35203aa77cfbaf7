package org.pinring.crdt.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.pinring.crdt.BlockSink;
import org.pinring.crdt.Checkpoint;
import org.pinring.crdt.FrontierEntry;
import org.pinring.crdt.RingId;
import org.pinring.crdt.StateRoot;
import org.pinring.crdt.kv.KeyValueEntry;
import org.pinring.crdt.kv.KeyValueIterator;
import org.pinring.crdt.kv.KeyValueReader;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.ipld.DagCbor;
import org.pinring.multiformats.ipld.Ipld;

/**
 * Writes the state snapshot of a consistent view as content-addressed blocks (see {@link
 * SnapshotCodec}). The output is a pure function of the state and the frontier, so every replica at
 * the same frontier produces the same blocks and the same root CID: curators can co-sign a
 * checkpoint naming it without exchanging the snapshot.
 *
 * <p>While exporting, each bucket's leaf hash is recomputed from its records and compared with the
 * stored one, so a corrupt store is detected instead of exported.
 */
public final class SnapshotExporter {

  /** The result of an export. */
  public record Exported(
      Checkpoint checkpoint, long blocks, long bytes, long records, long deltas) {}

  private final BlockSink sink;
  private long blocks;
  private long bytes;

  private SnapshotExporter(BlockSink sink) {
    this.sink = sink;
  }

  /**
   * Exports the state of {@code view}, whose heads are {@code frontier} and whose root is {@code
   * root}.
   *
   * @throws IllegalStateException if a stored leaf hash does not match its records
   */
  public static Exported export(
      KeyValueReader view,
      RingId ring,
      List<FrontierEntry> frontier,
      StateRoot root,
      BlockSink sink) {
    SnapshotExporter exporter = new SnapshotExporter(sink);
    long[] records = {0};
    Cid tree = exporter.exportTree(view, records);
    List<Cid> chunks = new ArrayList<>();
    long deltas = exporter.exportDeltas(view, chunks);
    Cid rootCid =
        exporter.put(
            SnapshotCodec.encodeRoot(
                new SnapshotCodec.Root(ring, root, frontier, tree, records[0], chunks, deltas)));
    return new Exported(
        new Checkpoint(frontier, root, rootCid),
        exporter.blocks,
        exporter.bytes,
        records[0],
        deltas);
  }

  private Cid exportTree(KeyValueReader view, long[] records) {
    // children[level] collects the 16 children of the node being built at that level.
    Cid[][] children = new Cid[StateTree.INNER_LEVELS][StateTree.FANOUT];
    Cid top = null;
    try (Bucket.Scan stored = new Bucket.Scan(view)) {
      for (int bucket = 0; bucket < StateTree.BUCKETS; bucket++) {
        Cid leaf = exportLeaf(view, bucket, stored.bucket(bucket), records);
        int slot = bucket % StateTree.FANOUT;
        children[StateTree.INNER_LEVELS - 1][slot] = leaf;
        int index = bucket;
        for (int level = StateTree.INNER_LEVELS - 1; level >= 0; level--) {
          if (index % StateTree.FANOUT != StateTree.FANOUT - 1) {
            break;
          }
          Cid node = exportNode(level, children[level]);
          Arrays.fill(children[level], null);
          index /= StateTree.FANOUT;
          if (level == 0) {
            top = node;
          } else {
            children[level - 1][index % StateTree.FANOUT] = node;
          }
        }
      }
    }
    return top;
  }

  private Cid exportNode(int level, Cid[] children) {
    boolean empty = true;
    for (Cid child : children) {
      empty &= child == null;
    }
    if (empty) {
      return null;
    }
    return put(
        SnapshotCodec.encodeNode(new SnapshotCodec.Node(level, Arrays.asList(children.clone()))));
  }

  private Cid exportLeaf(KeyValueReader view, int bucket, Bucket storedBucket, long[] records) {
    List<Ipld> pins = new ArrayList<>();
    List<Ipld> operations = new ArrayList<>();
    List<Ipld> retired = new ArrayList<>();
    byte[] hashes = BucketHashes.EMPTY;
    try (KeyValueIterator it = view.scan(StoreLayout.bucketKey(StoreLayout.RECORD, bucket))) {
      while (it.hasNext()) {
        KeyValueEntry entry = it.next();
        byte kind = entry.key()[3];
        Ipld record = DagCbor.decode(entry.value());
        if (kind == StoreLayout.PIN_RECORD) {
          pins.add(record);
        } else if (kind == StoreLayout.RING_RECORD) {
          operations.add(record);
        } else {
          retired.add(record);
        }
        hashes = BucketHashes.insert(hashes, StateTree.recordHash(entry.value()));
      }
    }
    byte[] stored = storedBucket.packedHashes();
    if (pins.isEmpty() && operations.isEmpty() && retired.isEmpty()) {
      if (stored.length != 0) {
        throw new IllegalStateException("bucket " + bucket + " has no records but record hashes");
      }
      return null;
    }
    if (!Arrays.equals(stored, hashes)) {
      throw new IllegalStateException("bucket " + bucket + " records do not match its leaf hash");
    }
    records[0] += pins.size() + operations.size() + retired.size();
    byte[] block =
        SnapshotCodec.encodeLeaf(new SnapshotCodec.Leaf(bucket, pins, operations, retired));
    if (block.length > DagCbor.MAX_BLOCK_BYTES) {
      // About 10,000 records in one of 65,536 buckets: far beyond the pinsets this layout serves.
      throw new IllegalStateException(
          "bucket " + bucket + " encodes to " + block.length + " bytes, above the block limit");
    }
    return put(block);
  }

  private long exportDeltas(KeyValueReader view, List<Cid> chunks) {
    long count = 0;
    List<SnapshotCodec.DeltaEntry> chunk = new ArrayList<>();
    try (KeyValueIterator it = view.scan(StoreLayout.prefix(StoreLayout.DELTA))) {
      while (it.hasNext()) {
        KeyValueEntry entry = it.next();
        DeltaInfo info = DeltaInfo.decode(entry.value());
        chunk.add(new SnapshotCodec.DeltaEntry(StoreLayout.cidOf(entry.key()), info.height()));
        count++;
        if (chunk.size() == SnapshotCodec.DELTAS_PER_CHUNK) {
          chunks.add(put(SnapshotCodec.encodeChunk(chunk)));
          chunk.clear();
        }
      }
    }
    if (!chunk.isEmpty()) {
      chunks.add(put(SnapshotCodec.encodeChunk(chunk)));
    }
    return count;
  }

  private Cid put(byte[] block) {
    Cid cid = DagCbor.cidOf(block);
    sink.put(cid, block);
    blocks++;
    bytes += block.length;
    return cid;
  }

  /** Frontier entries for the current heads. */
  public static List<FrontierEntry> frontierOf(Map<Cid, Long> heads) {
    List<FrontierEntry> frontier = new ArrayList<>(heads.size());
    for (Map.Entry<Cid, Long> head : heads.entrySet()) {
      frontier.add(new FrontierEntry(head.getKey(), head.getValue()));
    }
    return frontier;
  }
}
