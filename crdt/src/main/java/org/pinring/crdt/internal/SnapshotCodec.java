package org.pinring.crdt.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.pinring.crdt.CrdtLimits;
import org.pinring.crdt.FrontierEntry;
import org.pinring.crdt.InvalidDeltaException;
import org.pinring.crdt.RingId;
import org.pinring.crdt.StateRoot;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.ipld.DagCbor;
import org.pinring.multiformats.ipld.InvalidIpldException;
import org.pinring.multiformats.ipld.Ipld;
import org.pinring.multiformats.ipld.IpldLink;
import org.pinring.multiformats.ipld.IpldList;
import org.pinring.multiformats.ipld.IpldMap;
import org.pinring.multiformats.ipld.IpldNull;

/**
 * The blocks of a state snapshot (field tables in {@code docs/crdt.md}):
 *
 * <pre>
 * root:  {v: 1, ring: bytes, state: bytes(32), frontier: [[cid-bytes, height]...], tree: link|null,
 *         records: int, deltas: [link...], deltaCount: int}
 * node:  {level: 0..3, children: [link|null x 16]}
 * leaf:  {bucket: int, pins: [pin record...], ops: [operation...], retired: [bytes(32)...]}
 * chunk: {deltas: [[cid-bytes, height]...]}
 * </pre>
 *
 * The frontier and the delta list name deltas by their binary CID in a byte string, not a link: the
 * deltas are not part of the snapshot, and tools (a recursive pin of the snapshot root, a sub-DAG
 * walk answering a bootstrap) must not follow them into the history.
 *
 * <p>A leaf's {@code retired} list is present only when it is not empty, so a leaf without retired
 * operations has exactly one encoding.
 *
 * <p>Every list is in canonical order (pins by CID bytes, operations by id, deltas by CID bytes);
 * readers reject anything else. Decoding is strict DAG-CBOR within the block limit.
 */
public final class SnapshotCodec {

  /** Most delta entries in one chunk block. */
  public static final int DELTAS_PER_CHUNK = 8192;

  /** Most chunk links in a root block (2^31 deltas at most, far beyond any ring). */
  public static final int MAX_CHUNKS = 262_144;

  private static final Set<String> ROOT_KEYS =
      Set.of("v", "ring", "state", "frontier", "tree", "records", "deltas", "deltaCount");
  private static final Set<String> NODE_KEYS = Set.of("level", "children");
  private static final Set<String> LEAF_KEYS = Set.of("bucket", "pins", "ops", "retired");
  private static final Set<String> CHUNK_KEYS = Set.of("deltas");
  private static final int FORMAT_VERSION = 1;

  private SnapshotCodec() {}

  /** The root block's content. */
  public record Root(
      RingId ring,
      StateRoot state,
      List<FrontierEntry> frontier,
      Cid tree,
      long records,
      List<Cid> chunks,
      long deltaCount) {}

  /** An inner node: {@code level} 0 (top) to 3, and its 16 children (null = empty subtree). */
  public record Node(int level, List<Cid> children) {}

  /**
   * A leaf: its bucket and the encodings of its records (pins, ring operations, retired operation
   * ids).
   */
  public record Leaf(int bucket, List<Ipld> pins, List<Ipld> operations, List<Ipld> retired) {}

  /** One delta known from a snapshot. */
  public record DeltaEntry(Cid cid, long height) {}

  public static byte[] encodeRoot(Root root) {
    List<Ipld> chunks = new ArrayList<>();
    for (Cid chunk : root.chunks()) {
      chunks.add(Ipld.of(chunk));
    }
    return DagCbor.encode(
        IpldMap.builder()
            .put("v", FORMAT_VERSION)
            .put("ring", root.ring().toBytes())
            .put("state", root.state().toBytes())
            .put("frontier", encodeFrontier(root.frontier()))
            .put("tree", root.tree() == null ? Ipld.nullValue() : Ipld.of(root.tree()))
            .put("records", root.records())
            .put("deltas", new IpldList(chunks))
            .put("deltaCount", root.deltaCount())
            .build());
  }

  private static IpldList encodeFrontier(List<FrontierEntry> frontier) {
    List<Ipld> items = new ArrayList<>(frontier.size());
    for (FrontierEntry entry : frontier) {
      items.add(IpldList.of(Ipld.of(entry.delta().toBytes()), Ipld.of(entry.height())));
    }
    return new IpldList(items);
  }

  private static List<FrontierEntry> decodeFrontier(IpldList list) {
    if (list.size() < 1) {
      throw new InvalidIpldException("a snapshot frontier names at least one delta");
    }
    Fields.checkCount("frontier", list.size(), CrdtLimits.MAX_PARENTS);
    List<FrontierEntry> frontier = new ArrayList<>(list.size());
    for (Ipld item : list.items()) {
      DeltaEntry entry = deltaEntry(item);
      if (!frontier.isEmpty()
          && frontier.get(frontier.size() - 1).delta().compareTo(entry.cid()) >= 0) {
        throw new InvalidIpldException("frontier entries must be sorted by CID and unique");
      }
      frontier.add(new FrontierEntry(entry.cid(), entry.height()));
    }
    return frontier;
  }

  public static byte[] encodeNode(Node node) {
    List<Ipld> children = new ArrayList<>(StateTree.FANOUT);
    for (Cid child : node.children()) {
      children.add(child == null ? Ipld.nullValue() : Ipld.of(child));
    }
    return DagCbor.encode(
        IpldMap.builder()
            .put("level", node.level())
            .put("children", new IpldList(children))
            .build());
  }

  public static byte[] encodeLeaf(Leaf leaf) {
    IpldMap.Builder map =
        IpldMap.builder()
            .put("bucket", leaf.bucket())
            .put("pins", new IpldList(leaf.pins()))
            .put("ops", new IpldList(leaf.operations()));
    if (!leaf.retired().isEmpty()) {
      map.put("retired", new IpldList(leaf.retired()));
    }
    return DagCbor.encode(map.build());
  }

  public static byte[] encodeChunk(List<DeltaEntry> entries) {
    List<Ipld> items = new ArrayList<>(entries.size());
    for (DeltaEntry entry : entries) {
      items.add(IpldList.of(Ipld.of(entry.cid().toBytes()), Ipld.of(entry.height())));
    }
    return DagCbor.encode(IpldMap.builder().put("deltas", new IpldList(items)).build());
  }

  /**
   * @throws InvalidDeltaException if the block is not a snapshot root
   */
  public static Root decodeRoot(byte[] bytes) {
    try {
      IpldMap map = Fields.map(DagCbor.decode(bytes), "snapshot root").requireOnlyKeys(ROOT_KEYS);
      if (map.integer("v") != FORMAT_VERSION) {
        throw new InvalidIpldException("unsupported snapshot version " + map.integer("v"));
      }
      IpldList chunkList = map.list("deltas");
      Fields.checkCount("deltas", chunkList.size(), MAX_CHUNKS);
      List<Cid> chunks = new ArrayList<>(chunkList.size());
      for (Ipld chunk : chunkList.items()) {
        chunks.add(Fields.as(chunk, IpldLink.class, "delta chunk").cid());
      }
      Ipld tree = map.require("tree");
      long records = map.integer("records");
      long deltaCount = map.integer("deltaCount");
      if (records < 0 || deltaCount < 0) {
        throw new InvalidIpldException("counts must not be negative");
      }
      return new Root(
          RingId.of(map.bytes("ring")),
          StateRoot.of(map.bytes("state")),
          decodeFrontier(map.list("frontier")),
          tree instanceof IpldNull ? null : Fields.as(tree, IpldLink.class, "tree").cid(),
          records,
          chunks,
          deltaCount);
    } catch (IllegalArgumentException e) {
      throw invalid("snapshot root", e);
    }
  }

  /**
   * @throws InvalidDeltaException if the block is not an inner node
   */
  public static Node decodeNode(byte[] bytes) {
    try {
      IpldMap map = Fields.map(DagCbor.decode(bytes), "snapshot node").requireOnlyKeys(NODE_KEYS);
      long level = map.integer("level");
      if (level < 0 || level >= StateTree.INNER_LEVELS) {
        throw new InvalidIpldException("node level " + level + " out of range");
      }
      IpldList list = map.list("children");
      if (list.size() != StateTree.FANOUT) {
        throw new InvalidIpldException("a node has exactly " + StateTree.FANOUT + " children");
      }
      List<Cid> children = new ArrayList<>(StateTree.FANOUT);
      for (Ipld child : list.items()) {
        children.add(
            child instanceof IpldNull ? null : Fields.as(child, IpldLink.class, "child").cid());
      }
      return new Node((int) level, java.util.Collections.unmodifiableList(children));
    } catch (IllegalArgumentException e) {
      throw invalid("snapshot node", e);
    }
  }

  /**
   * @throws InvalidDeltaException if the block is not a leaf
   */
  public static Leaf decodeLeaf(byte[] bytes) {
    try {
      IpldMap map = Fields.map(DagCbor.decode(bytes), "snapshot leaf").requireOnlyKeys(LEAF_KEYS);
      long bucket = map.integer("bucket");
      if (bucket < 0 || bucket >= StateTree.BUCKETS) {
        throw new InvalidIpldException("bucket " + bucket + " out of range");
      }
      List<Ipld> retired = List.of();
      if (map.get("retired").isPresent()) {
        retired = map.list("retired").items();
        if (retired.isEmpty()) {
          throw new InvalidIpldException("an empty retired list is left out, not written");
        }
      }
      return new Leaf((int) bucket, map.list("pins").items(), map.list("ops").items(), retired);
    } catch (IllegalArgumentException e) {
      throw invalid("snapshot leaf", e);
    }
  }

  /**
   * @throws InvalidDeltaException if the block is not a delta chunk
   */
  public static List<DeltaEntry> decodeChunk(byte[] bytes) {
    try {
      IpldMap map = Fields.map(DagCbor.decode(bytes), "delta chunk").requireOnlyKeys(CHUNK_KEYS);
      IpldList list = map.list("deltas");
      Fields.checkCount("deltas", list.size(), DELTAS_PER_CHUNK);
      List<DeltaEntry> entries = new ArrayList<>(list.size());
      for (Ipld item : list.items()) {
        entries.add(deltaEntry(item));
      }
      return entries;
    } catch (IllegalArgumentException e) {
      throw invalid("delta chunk", e);
    }
  }

  /** One {@code [cid-bytes, height]} pair naming a delta that the snapshot does not link. */
  private static DeltaEntry deltaEntry(Ipld item) {
    IpldList pair = Fields.as(item, IpldList.class, "delta entry");
    if (pair.size() != 2) {
      throw new InvalidIpldException("a delta entry is [cid, height]");
    }
    Cid cid =
        org.pinring.crdt.Delta.requireDeltaCid(
            Cid.decode(
                Fields.as(pair.get(0), org.pinring.multiformats.ipld.IpldBytes.class, "cid")
                    .value()));
    long height =
        Fields.as(pair.get(1), org.pinring.multiformats.ipld.IpldInt.class, "height").value();
    if (height < 1) {
      throw new InvalidIpldException("delta height must be positive");
    }
    return new DeltaEntry(cid, height);
  }

  private static InvalidDeltaException invalid(String what, IllegalArgumentException e) {
    if (e instanceof InvalidDeltaException invalid) {
      return invalid;
    }
    return new InvalidDeltaException("invalid " + what + ": " + e.getMessage(), e);
  }
}
