package org.pinring.node.blockstore;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.pinring.multiformats.Cid;
import org.pinring.node.dag.MissingBlockException;

/**
 * Content-addressed block storage: what the importer writes, the exporter and Bitswap read, and
 * pins keep alive. Implementations are thread-safe.
 *
 * <p>Reads are verified: {@link #get} re-hashes the bytes it returns and fails with {@link
 * CorruptBlockException} rather than hand out damaged data. Writes go through a {@link Session},
 * which also protects everything it wrote or found present from garbage collection until it is
 * closed; whoever imports or fetches a DAG pins its root before closing the session.
 *
 * <p>Blocks with an identity multihash hold their bytes in the CID itself: they are always present
 * and are never written.
 */
public interface BlockStore extends AutoCloseable {

  /** The largest block stored, read or exchanged: 2 MiB, checked before a body is read. */
  int MAX_BLOCK_BYTES = 2 * 1024 * 1024;

  /** Whether the block is stored. */
  boolean has(Cid cid);

  /**
   * The block, verified against its CID, or empty if it is not stored.
   *
   * @throws CorruptBlockException if the stored bytes do not match the CID
   */
  Optional<Block> get(Cid cid);

  /** The block's size in bytes, if it is stored. */
  OptionalInt size(Cid cid);

  /**
   * The CIDs the block links to, in order (see {@link org.pinring.node.dag.BlockLinks}).
   *
   * @throws MissingBlockException if the block is not stored
   */
  List<Cid> links(Cid cid);

  /** Starts a group of writes protected from garbage collection until {@link Session#close()}. */
  Session openSession();

  /** Counts and quota. */
  Stats stats();

  /** Releases the store; open sessions must be closed first. */
  @Override
  void close();

  /**
   * Writes and presence checks whose blocks garbage collection leaves alone until the session is
   * closed. Thread-safe: an importer may put blocks from several threads.
   */
  interface Session extends AutoCloseable {

    /**
     * Stores a block (a no-op if it is already stored). When this returns the block is visible to
     * readers and its file is durable on disk; its index entry becomes durable with the next
     * synchronous write to the state database (pinning the root makes one).
     *
     * @throws QuotaExceededException if storing it would exceed the lent space; nothing is written
     * @throws BlockTooLargeException if it is larger than {@link #MAX_BLOCK_BYTES}
     * @throws org.pinring.multiformats.ipld.InvalidIpldException if its bytes are not valid for its
     *     CID's codec (the store records every block's links, so it must be able to read them)
     * @throws java.io.UncheckedIOException if the disk fails
     */
    void put(Block block);

    /** Whether the block is stored; if it is, it is protected for the rest of the session. */
    boolean has(Cid cid);

    @Override
    void close();
  }

  /**
   * @param blocks how many blocks are stored
   * @param bytes the sum of their sizes, which is what counts against the quota
   * @param quotaBytes the space lent: writes beyond it are refused
   */
  record Stats(long blocks, long bytes, long quotaBytes) {}
}
