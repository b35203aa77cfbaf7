package org.pinring.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multicodec;
import org.pinring.node.blockstore.Block;
import org.pinring.node.blockstore.BlockStore;
import org.pinring.node.blockstore.BlockTooLargeException;
import org.pinring.node.blockstore.CorruptBlockException;
import org.pinring.node.dag.BlockLinks;
import org.pinring.node.dag.MissingBlockException;

/**
 * A throwaway block store in a work directory: one file per block, named by the hex of its
 * multihash under a two-character shard. It holds the blocks of one transfer so that the ordinary
 * {@link org.pinring.node.unixfs.UnixFsExporter} can write them out, and is deleted with its
 * directory afterwards.
 *
 * <p>Unlike the repository's store it promises no durability (nothing is fsynced: a crash loses a
 * transfer that is redone from scratch anyway), keeps no index, counts no quota and collects no
 * garbage. Reads are verified against the CID like every store's. Thread-safe for distinct blocks;
 * one transfer writes from one thread.
 */
final class SpoolBlockStore implements BlockStore {

  private static final HexFormat HEX = HexFormat.of();

  private final Path directory;
  private final AtomicLong blocks = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  /** A store in {@code directory}, which is created if needed and should be empty. */
  SpoolBlockStore(Path directory) throws IOException {
    this.directory = Files.createDirectories(directory);
  }

  private static boolean isIdentity(Cid cid) {
    return cid.multihash().code() == Multicodec.IDENTITY.code();
  }

  private Path fileOf(Cid cid) {
    String name = HEX.formatHex(cid.multihash().toBytes());
    return directory.resolve(name.substring(name.length() - 2)).resolve(name);
  }

  @Override
  public boolean has(Cid cid) {
    return isIdentity(cid) || Files.isRegularFile(fileOf(cid), LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public Optional<Block> get(Cid cid) {
    Objects.requireNonNull(cid, "cid");
    if (isIdentity(cid)) {
      return Optional.of(Block.verified(cid, cid.multihash().digest()));
    }
    byte[] data;
    try {
      Path file = fileOf(cid);
      if (Files.size(file) > MAX_BLOCK_BYTES) {
        throw new CorruptBlockException(cid, "spooled block is larger than the block limit");
      }
      data = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read spooled block " + cid, e);
    }
    return Optional.of(Block.verifiedOwned(cid, data));
  }

  @Override
  public OptionalInt size(Cid cid) {
    if (isIdentity(cid)) {
      return OptionalInt.of(cid.multihash().digestLength());
    }
    try {
      return OptionalInt.of((int) Files.size(fileOf(cid)));
    } catch (NoSuchFileException e) {
      return OptionalInt.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read spooled block " + cid, e);
    }
  }

  @Override
  public List<Cid> links(Cid cid) {
    Block block = get(cid).orElseThrow(() -> new MissingBlockException(cid));
    return BlockLinks.of(cid, block.data());
  }

  @Override
  public Session openSession() {
    return new Session() {
      @Override
      public void put(Block block) {
        store(block);
      }

      @Override
      public boolean has(Cid cid) {
        return SpoolBlockStore.this.has(cid);
      }

      @Override
      public void close() {
        // Nothing is protected or pending: the spool never collects garbage.
      }
    };
  }

  private void store(Block block) {
    if (block.size() > MAX_BLOCK_BYTES) {
      throw new BlockTooLargeException("block " + block.cid(), block.size());
    }
    if (isIdentity(block.cid())) {
      return; // its bytes are in its CID
    }
    Path file = fileOf(block.cid());
    try {
      Files.createDirectories(file.getParent());
      try (OutputStream out =
          Files.newOutputStream(
              file,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE,
              LinkOption.NOFOLLOW_LINKS)) {
        block.writeTo(out);
      }
      blocks.incrementAndGet();
      bytes.addAndGet(block.size());
    } catch (FileAlreadyExistsException e) {
      // Already spooled: the same CID always has the same bytes.
    } catch (IOException e) {
      throw new UncheckedIOException("cannot spool block " + block.cid(), e);
    }
  }

  @Override
  public Stats stats() {
    return new Stats(blocks.get(), bytes.get(), Long.MAX_VALUE);
  }

  @Override
  public void close() {
    // Files are closed after each read and write; the owner deletes the directory.
  }
}
