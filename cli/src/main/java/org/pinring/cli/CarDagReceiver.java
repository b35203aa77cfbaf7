package org.pinring.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.ipld.InvalidIpldException;
import org.pinring.node.blockstore.Block;
import org.pinring.node.blockstore.BlockStore;
import org.pinring.node.car.CarReader;
import org.pinring.node.car.InvalidCarException;
import org.pinring.node.dag.BlockLinks;
import org.pinring.node.dag.DagLimitException;
import org.pinring.node.dag.DagLimits;

/**
 * Receives the CAR of exactly one DAG from a source that is not trusted, checking it while it
 * streams: the header must name only the expected root; every block is hashed against its CID
 * ({@link CarReader}, whose limits bound the header and each section before they are read); every
 * block must be one that an earlier block (or the root) links to and that has not arrived yet, so a
 * block outside the DAG is refused as soon as it arrives; and when the CAR ends, no linked block
 * may be missing.
 *
 * <p>This needs the parent-first order of a depth-first CAR ({@code order=dfs}, which PinRing's
 * gateway and kubo's write); a block repeated later ({@code dups=y}) is accepted and stored once.
 * Memory is one section plus the set of linked blocks not yet received, bounded by {@link
 * DagLimits#maxPendingLinks()}; at most {@link DagLimits#maxBlocks()} blocks are accepted.
 *
 * <p>The session's store must hold nothing but what this CAR delivers (a block found there counts
 * as received, its links as followed).
 *
 * <p>Not thread-safe. Does not close the stream.
 */
final class CarDagReceiver {

  private final Cid root;
  private final BlockStore.Session session;
  private final DagLimits limits;
  private final Set<Cid> pending = new HashSet<>();
  private long blocks;
  private long bytes;

  /** What arrived: distinct blocks stored and their total size. */
  record Result(long blocks, long bytes) {}

  private CarDagReceiver(Cid root, BlockStore.Session session, DagLimits limits) {
    this.root = root;
    this.session = session;
    this.limits = limits;
  }

  /**
   * Reads the CAR on {@code in} into {@code session}.
   *
   * @throws TransferException if the CAR is malformed, names another root, holds a block that does
   *     not match its CID or is not part of the DAG, or lacks a block of the DAG; the blocks stored
   *     before the problem was found stay in the session
   * @throws DagLimitException if the DAG exceeds {@code limits}
   * @throws IOException if reading the stream fails
   */
  static Result receive(InputStream in, Cid root, BlockStore.Session session, DagLimits limits)
      throws IOException {
    return new CarDagReceiver(root, session, limits).run(in);
  }

  private Result run(InputStream in) throws IOException {
    try {
      CarReader reader = CarReader.open(in);
      if (!reader.roots().equals(List.of(root))) {
        throw new TransferException(
            "the CAR sent for " + root + " names the roots " + reader.roots() + " instead");
      }
      // The root is expected even if the store has it: the store must hold only this CAR's blocks.
      if (isIdentity(root)) {
        expand(List.of(root));
      } else {
        pending.add(root);
      }
      while (true) {
        Optional<Block> block = reader.next();
        if (block.isEmpty()) {
          break;
        }
        accept(block.get());
      }
    } catch (InvalidCarException e) {
      throw new TransferException("the CAR sent for " + root + " is invalid: " + e.getMessage(), e);
    }
    if (!pending.isEmpty()) {
      throw new TransferException(
          "the CAR sent for "
              + root
              + " ended with "
              + pending.size()
              + " block(s) of the DAG missing, e.g. "
              + pending.iterator().next()
              + " (truncated or incomplete)");
    }
    return new Result(blocks, bytes);
  }

  private void accept(Block block) {
    Cid cid = block.cid();
    if (isIdentity(cid)) {
      // PinRing's gateway writes inline blocks too; their bytes are their CID, and their links
      // were followed when a block linked to them.
      return;
    }
    if (!pending.remove(cid)) {
      if (session.has(cid)) {
        return; // a repeat of a block already received
      }
      throw new InvalidCarException(
          "block " + cid + " is not part of the DAG (no block received before it links to it)");
    }
    if (++blocks > limits.maxBlocks()) {
      throw new DagLimitException(root, "has more than " + limits.maxBlocks() + " blocks");
    }
    bytes += block.size();
    session.put(block);
    expand(linksOf(block));
  }

  /**
   * Adds what {@code links} name to the pending set, except blocks already received. An identity
   * CID carries its block inline: its links are followed at once (bounded like the rest).
   */
  private void expand(List<Cid> links) {
    Deque<Cid> inline = new ArrayDeque<>();
    List<Cid> next = links;
    while (true) {
      for (Cid link : next) {
        if (isIdentity(link)) {
          inline.add(link);
        } else if (!session.has(link) && pending.add(link)) {
          if (pending.size() > limits.maxPendingLinks()) {
            throw new DagLimitException(
                root, "links more than " + limits.maxPendingLinks() + " blocks not yet received");
          }
        }
      }
      Cid identity = inline.poll();
      if (identity == null) {
        return;
      }
      if (++blocks > limits.maxBlocks()) {
        throw new DagLimitException(root, "has more than " + limits.maxBlocks() + " blocks");
      }
      next = linksOf(Block.verified(identity, identity.multihash().digest()));
    }
  }

  private static boolean isIdentity(Cid cid) {
    return cid.multihash().code() == Multicodec.IDENTITY.code();
  }

  private static List<Cid> linksOf(Block block) {
    if (block.cid().codec() == Multicodec.RAW.code()) {
      return List.of();
    }
    try {
      return BlockLinks.of(block.cid(), block.data());
    } catch (InvalidIpldException e) {
      throw new InvalidCarException(
          "block " + block.cid() + " is not valid " + block.cid().codecName(), e);
    }
  }
}
