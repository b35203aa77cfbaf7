package org.pinring.node.dag;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.pinring.multiformats.Cid;

/**
 * Depth-first, pre-order traversal of a DAG: each distinct CID is visited once, children in link
 * order, so the visit order is deterministic (CAR export writes blocks in this order). Iterative,
 * so a deep DAG cannot overflow the Java stack, and bounded by {@link DagLimits}.
 *
 * <p>Not thread-safe; one walker per traversal.
 */
public final class DagWalker {

  /** Where the walk gets each block's links. */
  @FunctionalInterface
  public interface LinkSource {
    /**
     * The links of {@code cid}, in order.
     *
     * @throws MissingBlockException if the block is not available
     */
    List<Cid> linksOf(Cid cid);
  }

  /** Told about each block once, before its children. */
  @FunctionalInterface
  public interface Visitor {
    void visit(Cid cid, int depth);
  }

  private final LinkSource source;
  private final DagLimits limits;

  public DagWalker(LinkSource source, DagLimits limits) {
    this.source = Objects.requireNonNull(source, "source");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** The result of a walk: how many distinct blocks it visited and the deepest level reached. */
  public record Summary(long blocks, int maxDepth) {}

  /**
   * Walks the DAG under {@code root}.
   *
   * @throws DagLimitException if the DAG exceeds a limit (the visitor has then seen a prefix)
   * @throws MissingBlockException if the source lacks a block
   */
  public Summary walk(Cid root, Visitor visitor) {
    return walk(root, visitor, new HashSet<>());
  }

  /**
   * Walks the DAG under {@code root}, skipping (with their sub-DAGs) CIDs already in {@code
   * visited}, and adding each visited CID to it. Lets several roots share one visited set.
   */
  public Summary walk(Cid root, Visitor visitor, Set<Cid> visited) {
    Objects.requireNonNull(root, "root");
    // Each frame holds one block's links and the index of the next one to descend into.
    Deque<Frame> stack = new ArrayDeque<>();
    long pending = 0;
    long blocks = 0;
    int deepest = 0;
    if (!visited.add(root)) {
      return new Summary(0, 0);
    }
    visitor.visit(root, 0);
    blocks++;
    List<Cid> rootLinks = source.linksOf(root);
    pending += rootLinks.size();
    stack.push(new Frame(rootLinks, 0));
    while (!stack.isEmpty()) {
      Frame frame = stack.peek();
      if (frame.next == frame.links.size()) {
        stack.pop();
        continue;
      }
      Cid child = frame.links.get(frame.next++);
      pending--;
      if (!visited.add(child)) {
        continue;
      }
      int depth = stack.size();
      if (depth > limits.maxDepth()) {
        throw new DagLimitException(root, "is deeper than " + limits.maxDepth() + " levels");
      }
      if (++blocks > limits.maxBlocks()) {
        throw new DagLimitException(root, "has more than " + limits.maxBlocks() + " blocks");
      }
      deepest = Math.max(deepest, depth);
      visitor.visit(child, depth);
      List<Cid> links = source.linksOf(child);
      if (links.isEmpty()) {
        continue;
      }
      pending += links.size();
      if (pending > limits.maxPendingLinks()) {
        throw new DagLimitException(
            root, "needs more than " + limits.maxPendingLinks() + " links held at once to walk");
      }
      stack.push(new Frame(links, 0));
    }
    return new Summary(blocks, deepest);
  }

  private static final class Frame {
    final List<Cid> links;
    int next;

    Frame(List<Cid> links, int next) {
      this.links = links;
      this.next = next;
    }
  }
}
