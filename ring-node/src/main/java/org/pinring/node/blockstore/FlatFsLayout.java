package org.pinring.node.blockstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.pinring.multiformats.Multibase;
import org.pinring.multiformats.MultiformatException;
import org.pinring.multiformats.Multihash;

/**
 * The files of the block store, laid out as kubo's flatfs with {@code next-to-last/2} sharding: a
 * block lives in {@code blocks/<XY>/<KEY>.data}, where KEY is the unpadded upper-case base32 of its
 * multihash (kubo's block key) and XY are the two characters before KEY's last one. New files are
 * written in {@code blocks/.temp/}, flushed to disk and only then renamed into place, so a file
 * under its final name is always complete.
 *
 * <p>Thread-safe: every method works on its own files; temporary names never repeat.
 */
final class FlatFsLayout {

  /** The sharding function, written to {@code blocks/SHARDING} as flatfs does. */
  static final String SHARDING = "/repo/flatfs/shard/v1/next-to-last/2";

  private static final String EXTENSION = ".data";

  /** The characters of an unpadded upper-case base32 key (RFC 4648). */
  private static final String SHARD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private static final String TEMP = ".temp";

  /** Where a write stands; tests use it to stop a write at each step, as a crash would. */
  enum WriteStep {
    TEMP_WRITTEN,
    TEMP_SYNCED,
    RENAMED,
    DIRECTORY_SYNCED
  }

  /** Told about each step of each write. The default does nothing. */
  interface WriteObserver {
    void reached(WriteStep step, Multihash multihash);
  }

  private final Path root;
  private final Path temp;
  private final AtomicLong tempCounter = new AtomicLong();
  private volatile WriteObserver observer = (step, multihash) -> {};

  FlatFsLayout(Path root) {
    this.root = root;
    this.temp = root.resolve(TEMP);
  }

  Path root() {
    return root;
  }

  void observeWrites(WriteObserver writeObserver) {
    this.observer = writeObserver;
  }

  /** Creates the directory, its SHARDING file and README, and empties the temporary directory. */
  void initialize() throws IOException {
    Files.createDirectories(temp);
    Path sharding = root.resolve("SHARDING");
    if (!Files.exists(sharding)) {
      // Every shard a key can name (two base32 characters), created up front: a write then never
      // creates a directory, which would cost an extra fsync of this one on the write path.
      for (int first = 0; first < SHARD_ALPHABET.length(); first++) {
        for (int second = 0; second < SHARD_ALPHABET.length(); second++) {
          Files.createDirectories(
              root.resolve("" + SHARD_ALPHABET.charAt(first) + SHARD_ALPHABET.charAt(second)));
        }
      }
      Files.writeString(sharding, SHARDING + "\n", StandardCharsets.UTF_8);
      Files.writeString(
          root.resolve("_README"),
          "Blocks of a PinRing repository, one file per block, named by the base32 of the"
              + " block's multihash\nand sharded by the two characters before the last one ("
              + SHARDING
              + "), as kubo's flatfs.\nSee docs/content.md in the PinRing sources.\n",
          StandardCharsets.UTF_8);
      syncDirectory(root);
    } else {
      String found = Files.readString(sharding, StandardCharsets.UTF_8).strip();
      if (!found.equals(SHARDING)) {
        throw new IOException(
            "blocks directory " + root + " uses sharding " + found + ", expected " + SHARDING);
      }
    }
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(temp)) {
      for (Path leftover : leftovers) {
        // Writes that never finished: never visible, safe to drop.
        Files.deleteIfExists(leftover);
      }
    }
  }

  static String keyOf(Multihash multihash) {
    return Multibase.BASE32_UPPER.encodeWithoutPrefix(multihash.toBytes());
  }

  static String shardOf(String key) {
    String padded = "___" + key;
    int offset = padded.length() - 3;
    return padded.substring(offset, offset + 2);
  }

  Path pathOf(Multihash multihash) {
    String key = keyOf(multihash);
    return root.resolve(shardOf(key)).resolve(key + EXTENSION);
  }

  /**
   * Writes the bytes between {@code data}'s position and limit (which stay as they are) as the
   * block file of {@code multihash}: temporary file, fsync, atomic rename, fsync of the shard
   * directory. When this returns the file is complete and durable under its final name; if it
   * throws, no file is left under the final name nor in the temporary directory. The caller
   * guarantees that no other write of the same block runs at the same time and that the block is
   * not stored (its file, if renamed here, is this write's own).
   */
  void writeAtomically(Multihash multihash, ByteBuffer data) throws IOException {
    String key = keyOf(multihash);
    Path shard = root.resolve(shardOf(key));
    Path file = shard.resolve(key + EXTENSION);
    Path tempFile = temp.resolve(key + "-" + tempCounter.incrementAndGet());
    boolean renamed = false;
    try {
      try (FileChannel channel =
          FileChannel.open(tempFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        // A direct buffer goes to the kernel as it is; a heap one through a temporary copy.
        ByteBuffer buffer = data.duplicate();
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        observer.reached(WriteStep.TEMP_WRITTEN, multihash);
        channel.force(false);
      }
      observer.reached(WriteStep.TEMP_SYNCED, multihash);
      ensureShard(shard);
      Files.move(tempFile, file, StandardCopyOption.ATOMIC_MOVE);
      renamed = true;
      observer.reached(WriteStep.RENAMED, multihash);
      syncDirectory(shard);
      observer.reached(WriteStep.DIRECTORY_SYNCED, multihash);
    } catch (IOException | RuntimeException e) {
      // A failed write leaves nothing behind: neither its temporary file nor, if the directory
      // fsync failed after the rename, a file without an index entry, which only the next
      // crash recovery or a scrub would otherwise remove. (A crash leaves either, which the next
      // open removes; an Error, which tests use to simulate one, skips this cleanup likewise.)
      try {
        Files.deleteIfExists(renamed ? file : tempFile);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  private void ensureShard(Path shard) throws IOException {
    if (Files.isDirectory(shard)) {
      return;
    }
    try {
      Files.createDirectory(shard);
    } catch (FileAlreadyExistsException raced) {
      return;
    }
    syncDirectory(root); // the new shard's entry must be durable before files inside it
  }

  /**
   * The bytes of the block file, if it exists, after checking its length against {@code maxBytes}
   * before reading anything.
   *
   * @throws BlockTooLargeException if the file is larger than {@code maxBytes}
   */
  Optional<byte[]> read(Multihash multihash, int maxBytes) throws IOException {
    Path file = pathOf(multihash);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > maxBytes) {
        throw new BlockTooLargeException("block file " + file, size);
      }
      ByteBuffer buffer = ByteBuffer.allocate((int) size);
      while (buffer.hasRemaining()) {
        if (channel.read(buffer) < 0) {
          throw new IOException("block file " + file + " shrank while being read");
        }
      }
      return Optional.of(buffer.array());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** The file's length, or -1 if it does not exist. */
  long fileSize(Multihash multihash) throws IOException {
    try {
      return Files.size(pathOf(multihash));
    } catch (NoSuchFileException e) {
      return -1;
    }
  }

  /** Removes the block file; true if it existed. */
  boolean delete(Multihash multihash) throws IOException {
    return Files.deleteIfExists(pathOf(multihash));
  }

  /**
   * Visits every block file: its path and the multihash its name encodes (null for files whose name
   * is not a block key, which the store never writes).
   */
  void forEachFile(BiConsumer<Path, Multihash> visitor) throws IOException {
    try (DirectoryStream<Path> shards = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path shard : shards) {
        if (shard.getFileName().toString().equals(TEMP)) {
          continue;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(shard)) {
          for (Path file : files) {
            visitor.accept(file, multihashOfFileName(file.getFileName().toString()));
          }
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  static Multihash multihashOfFileName(String name) {
    if (!name.endsWith(EXTENSION)) {
      return null;
    }
    try {
      byte[] bytes =
          Multibase.BASE32_UPPER.decodeWithoutPrefix(
              name.substring(0, name.length() - EXTENSION.length()));
      return Multihash.decode(bytes);
    } catch (MultiformatException e) {
      return null;
    }
  }

  static void syncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
