package org.pinring.node.unixfs;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.ipld.PbLink;
import org.pinring.node.blockstore.BlockStore;
import org.pinring.node.dag.DagLimits;

/**
 * Reads HAMT-sharded directories (ipfs/specs UNIXFS.md, "HAMTDirectory"): link names are a
 * two-digit upper-case hex position, alone for a sub-shard or followed by the entry name. Lookups
 * hash the name with {@link HamtHash}; listings visit every shard. Only the standard fanout of 256
 * with murmur3-x64-64 is accepted.
 */
final class HamtReader {

  private static final int LABEL_LENGTH = 2;

  private HamtReader() {}

  private static void check(UnixFsNode shard) {
    if (!shard.isShard()) {
      throw new InvalidUnixFsException(shard.cid, "a HAMT shard links to a non-shard sub-shard");
    }
    if (shard.data.fanout().orElse(0) != HamtHash.FANOUT) {
      throw new InvalidUnixFsException(
          shard.cid, "HAMT fanout " + shard.data.fanout() + " is not supported (only 256)");
    }
    if (shard.data.hashType().orElse(-1) != UnixFsNodes.HAMT_HASH_TYPE) {
      throw new InvalidUnixFsException(
          shard.cid, "HAMT hash type " + shard.data.hashType() + " is not murmur3-x64-64");
    }
  }

  /** The entry link named {@code name}, or null. */
  static PbLink find(BlockStore store, UnixFsNode root, String name, DagLimits limits) {
    HamtHash hash = new HamtHash(name);
    UnixFsNode shard = root;
    for (int depth = 0; depth <= limits.maxDepth(); depth++) {
      check(shard);
      String label = HamtHash.label(hash.index(depth));
      PbLink next = null;
      for (PbLink link : shard.node.links()) {
        String linkName = link.nameOrEmpty();
        if (linkName.equals(label + name)) {
          return link;
        }
        if (linkName.equals(label)) {
          next = link;
        }
      }
      if (next == null) {
        return null;
      }
      shard = UnixFsNode.load(store, next.hash());
    }
    throw new InvalidUnixFsException(root.cid, "HAMT deeper than " + limits.maxDepth());
  }

  /**
   * Calls {@code action} with every entry's link, renamed to the bare entry name.
   *
   * <p>A sub-shard with entries may appear only once: its entries' hashes fix its one position, so
   * the same sub-shard under two labels means the same names twice. Refusing it also keeps a
   * listing's work to the distinct blocks: a few kilobytes of shards linking one sub-shard 256
   * times per level would otherwise be visited 256^depth times.
   */
  static void forEach(
      BlockStore store, UnixFsNode root, DagLimits limits, Consumer<PbLink> action) {
    long[] count = {0};
    visit(store, root, limits, action, 0, count, new HashSet<>());
  }

  private static void visit(
      BlockStore store,
      UnixFsNode shard,
      DagLimits limits,
      Consumer<PbLink> action,
      int depth,
      long[] count,
      Set<Cid> subShards) {
    check(shard);
    if (depth > limits.maxDepth()) {
      throw new InvalidUnixFsException(shard.cid, "HAMT deeper than " + limits.maxDepth());
    }
    for (PbLink link : shard.node.links()) {
      String linkName = link.nameOrEmpty();
      if (linkName.length() < LABEL_LENGTH) {
        throw new InvalidUnixFsException(shard.cid, "HAMT link name '" + linkName + "' too short");
      }
      if (++count[0] > limits.maxBlocks()) {
        throw new InvalidUnixFsException(shard.cid, "sharded directory has too many entries");
      }
      if (linkName.length() == LABEL_LENGTH) {
        UnixFsNode subShard = UnixFsNode.load(store, link.hash());
        if (!subShard.isRaw() && !subShard.node.links().isEmpty() && !subShards.add(subShard.cid)) {
          throw new InvalidUnixFsException(
              shard.cid, "HAMT sub-shard " + subShard.cid + " appears more than once");
        }
        visit(store, subShard, limits, action, depth + 1, count, subShards);
      } else {
        action.accept(
            new PbLink(link.hash(), Optional.of(linkName.substring(LABEL_LENGTH)), link.tsize()));
      }
    }
  }
}
