package org.pinring.crdt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.ipld.DagCbor;
import org.pinring.multiformats.ipld.InvalidIpldException;
import org.pinring.multiformats.ipld.Ipld;
import org.pinring.multiformats.ipld.IpldInt;
import org.pinring.multiformats.ipld.IpldMap;

/**
 * Answers a {@link SubDagRequest} from a local block store: the serving side of the sub-DAG
 * protocol (the node layer runs it for remote peers; tests run it behind in-memory sources).
 *
 * <p>With a {@code stopAt} frontier the blocks are deltas and are visited by descending height.
 * Blocks reachable from {@code stopAt} are marked covered as the walk passes them: a block is only
 * reached from the frontier through higher blocks, all visited before it, so it is known to be
 * covered before it could be sent. The walk ends when nothing uncovered is left, or at the limits.
 * Without a frontier (snapshot trees) it is a breadth-first walk over links. Either way each block
 * is preceded by a block linking to it, and memory is bounded by the blocks visited.
 */
public final class SubDagResponder {

  /** Where the responder reads blocks. */
  public interface BlockLookup {
    /** The block's bytes, or null if it is not held here. */
    byte[] get(Cid cid);
  }

  private SubDagResponder() {}

  public static List<Block> respond(BlockLookup lookup, SubDagRequest request) {
    return request.stopAt().isEmpty() ? breadthFirst(lookup, request) : byHeight(lookup, request);
  }

  private static List<Block> breadthFirst(BlockLookup lookup, SubDagRequest request) {
    List<Block> out = new ArrayList<>();
    Set<Cid> seen = new HashSet<>(request.roots());
    ArrayDeque<Cid> queue = new ArrayDeque<>(request.roots());
    long bytes = 0;
    while (!queue.isEmpty() && out.size() < request.maxBlocks()) {
      Cid cid = queue.poll();
      byte[] block = lookup.get(cid);
      if (block == null) {
        continue;
      }
      if (bytes + block.length > request.maxBytes()) {
        break;
      }
      bytes += block.length;
      out.add(new Block(cid, block));
      for (Cid link : linksOf(block)) {
        if (seen.add(link)) {
          queue.add(link);
        }
      }
    }
    return out;
  }

  /** A delta in the walk. */
  private record Visit(Cid cid, long height, boolean covered) {}

  private static List<Block> byHeight(BlockLookup lookup, SubDagRequest request) {
    PriorityQueue<Visit> queue =
        new PriorityQueue<>((a, b) -> Long.compare(b.height(), a.height()));
    Map<Cid, Boolean> state = new HashMap<>(); // true = covered
    Map<Cid, byte[]> loaded = new HashMap<>();
    int uncovered = 0;
    for (Cid stop : request.stopAt()) {
      byte[] block = lookup.get(stop);
      if (block != null && state.put(stop, true) == null) {
        loaded.put(stop, block);
        queue.add(new Visit(stop, heightOf(block), true));
      }
    }
    for (Cid root : request.roots()) {
      byte[] block = lookup.get(root);
      if (block != null && !state.containsKey(root)) {
        state.put(root, false);
        loaded.put(root, block);
        queue.add(new Visit(root, heightOf(block), false));
        uncovered++;
      }
    }
    List<Block> out = new ArrayList<>();
    long bytes = 0;
    while (uncovered > 0 && !queue.isEmpty()) {
      Visit visit = queue.poll();
      boolean covered = state.get(visit.cid());
      if (!visit.covered()) {
        uncovered--;
        if (covered) {
          continue; // a covered visit of the same block is queued and handles its parents
        }
      }
      byte[] block = loaded.remove(visit.cid());
      if (block == null) {
        continue; // visited already
      }
      if (!visit.covered()) {
        if (out.size() == request.maxBlocks() || bytes + block.length > request.maxBytes()) {
          break;
        }
        bytes += block.length;
        out.add(new Block(visit.cid(), block));
      }
      for (Cid parent : linksOf(block)) {
        Boolean known = state.get(parent);
        if (known != null && (known || !covered)) {
          continue; // already queued with at least this coverage
        }
        byte[] parentBlock = known == null ? lookup.get(parent) : loaded.get(parent);
        if (parentBlock == null) {
          continue;
        }
        state.put(parent, covered);
        loaded.put(parent, parentBlock);
        queue.add(new Visit(parent, heightOf(parentBlock), covered));
        if (!covered) {
          uncovered++;
        }
      }
    }
    return out;
  }

  private static long heightOf(byte[] block) {
    try {
      Ipld value = DagCbor.decode(block);
      if (value instanceof IpldMap map && map.get("height").orElse(null) instanceof IpldInt h) {
        return h.value();
      }
    } catch (InvalidIpldException e) {
      // Not a block we can order: treat it as the lowest, it is never descended into.
    }
    return 0;
  }

  private static List<Cid> linksOf(byte[] block) {
    try {
      Ipld value = DagCbor.decode(block);
      if (value instanceof IpldMap map && map.get("height").isPresent()) {
        // A delta: only parent links lead to other deltas.
        return map.get("parents").map(Ipld::links).orElse(List.of());
      }
      return value.links();
    } catch (InvalidIpldException e) {
      return List.of();
    }
  }
}
