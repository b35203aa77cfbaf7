package org.pinring.node.car;

import java.io.IOException;
import java.io.InputStream;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pinring.multiformats.Cid;
import org.pinring.node.blockstore.Block;
import org.pinring.node.blockstore.BlockStore;
import org.pinring.node.dag.DagLimitException;
import org.pinring.node.dag.DagLimits;
import org.pinring.node.dag.DagWalker;
import org.pinring.node.dag.MissingBlockException;
import org.pinring.node.unixfs.BlockSink;

/**
 * Imports a CARv1 into a block store session: every block verified and stored, then each root
 * checked for a complete DAG in the store (blocks may come from this CAR or be there already). The
 * caller pins the complete roots before closing the session.
 */
public final class CarImporter {

  private CarImporter() {}

  /**
   * What an import found.
   *
   * @param roots the header's roots
   * @param complete the roots whose whole DAG is now in the store
   * @param incomplete the others, with the reason
   * @param blocks blocks read from the CAR
   * @param bytes their total size
   */
  public record Result(
      List<Cid> roots, List<Cid> complete, List<String> incomplete, long blocks, long bytes) {
    public Result {
      roots = List.copyOf(roots);
      complete = List.copyOf(complete);
      incomplete = List.copyOf(incomplete);
    }
  }

  /**
   * @throws InvalidCarException if the CAR is malformed or a block does not match its CID; the
   *     blocks stored before it stay in the session, unpinned
   */
  public static Result importCar(
      InputStream in, BlockStore.Session session, BlockStore store, DagLimits limits)
      throws IOException {
    return importCar(in, session::put, session, store, limits);
  }

  /**
   * As {@link #importCar(InputStream, BlockStore.Session, BlockStore, DagLimits)}, the blocks
   * stored through {@code sink} (e.g. a {@link org.pinring.node.unixfs.ParallelBlockWriter} in
   * front of {@code session}, so that the writes of consecutive blocks overlap), which is flushed
   * before the roots are checked.
   *
   * @throws InvalidCarException if the CAR is malformed or a block does not match its CID; the
   *     blocks stored before it stay in the session, unpinned
   */
  public static Result importCar(
      InputStream in,
      BlockSink sink,
      BlockStore.Session session,
      BlockStore store,
      DagLimits limits)
      throws IOException {
    CarReader reader = CarReader.open(in);
    long bytes = 0;
    while (true) {
      Optional<Block> block = reader.next();
      if (block.isEmpty()) {
        break;
      }
      sink.put(block.get());
      bytes += block.get().size();
    }
    sink.flush();
    List<Cid> complete = new ArrayList<>();
    List<String> incomplete = new ArrayList<>();
    DagWalker walker = new DagWalker(store::links, limits);
    // A header may name up to tens of thousands of roots, all over one DAG: walking each root's
    // whole DAG again cost roots x blocks. A block whose sub-DAG an earlier root proved complete is
    // not walked again, and a root named twice gets the first verdict.
    Set<Cid> proven = new HashSet<>();
    Map<Cid, String> refused = new HashMap<>();
    for (Cid root : reader.roots()) {
      String earlier = refused.get(root);
      if (earlier != null) {
        incomplete.add(earlier);
        continue;
      }
      Set<Cid> attempt = new HashSet<>();
      try {
        walker.walk(
            root,
            (cid, depth) -> {
              if (!session.has(cid)) {
                throw new MissingBlockException(cid);
              }
            },
            new SkippingSet(proven, attempt));
        proven.addAll(attempt);
        complete.add(root);
      } catch (MissingBlockException | DagLimitException e) {
        // Nothing this walk saw is proven: the missing block may lie under any of it.
        String reason = root + ": " + e.getMessage();
        refused.put(root, reason);
        incomplete.add(reason);
      }
    }
    return new Result(reader.roots(), complete, incomplete, reader.blocksRead(), bytes);
  }

  /**
   * The visited set of one root's walk: a CID already proven complete counts as visited (so the
   * walk skips its sub-DAG), and the CIDs this walk visits are collected apart, to be proven only
   * if the walk succeeds.
   */
  private static final class SkippingSet extends AbstractSet<Cid> {
    private final Set<Cid> proven;
    private final Set<Cid> attempt;

    SkippingSet(Set<Cid> proven, Set<Cid> attempt) {
      this.proven = proven;
      this.attempt = attempt;
    }

    @Override
    public boolean add(Cid cid) {
      return !proven.contains(cid) && attempt.add(cid);
    }

    @Override
    public boolean contains(Object o) {
      return proven.contains(o) || attempt.contains(o);
    }

    @Override
    public Iterator<Cid> iterator() {
      return attempt.iterator();
    }

    @Override
    public int size() {
      return attempt.size();
    }
  }
}
