package org.pinring.cli;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A work directory beside a destination in which {@code get} builds what it writes, so that the
 * destination appears only complete: the entry is written to {@link #entry()} and {@link #commit()}
 * renames it into place (same directory tree, so the same file system). {@link #close()} removes
 * the work directory and everything left in it, on success and on failure alike; links in it are
 * removed, never followed.
 *
 * <p>The work directory is hidden ({@code .pinring-get-*}) and private to the user (0700), and also
 * holds whatever else the write needs on disk (the blocks of a daemon transfer).
 *
 * <p>Not thread-safe.
 */
final class StagedOutput implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StagedOutput.class);

  private static final String ENTRY_DIRECTORY = "entry";

  private final Path destination;
  private final Path work;
  private final Path entry;

  private StagedOutput(Path destination, Path work) {
    this.destination = destination;
    this.work = work;
    // The destination's own name, so that messages about the entry name what the user asked for;
    // in a directory of its own, so that no name can collide with other files of the work.
    this.entry = work.resolve(ENTRY_DIRECTORY).resolve(destination.getFileName());
  }

  /**
   * Creates the work directory in {@code destination}'s parent directory.
   *
   * @throws UserInputException if {@code destination} already exists
   * @throws IOException if the parent does not exist or is not writable
   */
  static StagedOutput beside(Path destination) throws IOException {
    Path absolute = destination.toAbsolutePath().normalize();
    if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
      throw new UserInputException(destination + " already exists; choose another --output");
    }
    Path parent = absolute.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new UserInputException(
          "cannot write " + destination + ": its directory does not exist");
    }
    Path work = Files.createTempDirectory(parent, ".pinring-get-");
    try {
      Files.createDirectory(work.resolve(ENTRY_DIRECTORY));
    } catch (IOException e) {
      deleteTree(work);
      throw e;
    }
    return new StagedOutput(absolute, work);
  }

  /** Where the export writes the entry (does not exist until then). */
  Path entry() {
    return entry;
  }

  /** The work directory, for other temporary files of the same write. */
  Path workDirectory() {
    return work;
  }

  /**
   * Renames the finished entry to the destination.
   *
   * @throws java.nio.file.FileAlreadyExistsException if something appeared there meanwhile
   */
  void commit() throws IOException {
    // Without ATOMIC_MOVE, Files.move refuses an existing target (with it, rename(2) would
    // silently replace an empty directory).
    Files.move(entry, destination);
  }

  /** The destination, absolute. */
  Path destination() {
    return destination;
  }

  /** Removes the work directory and whatever is left in it. */
  @Override
  public void close() throws IOException {
    deleteTree(work);
  }

  /** Deletes a tree without following links; directories made read-only are opened up first. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes)
              throws IOException {
            makeOwnerWritable(directory);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path directory, IOException failure)
              throws IOException {
            if (failure != null && !(failure instanceof NoSuchFileException)) {
              throw failure;
            }
            Files.deleteIfExists(directory);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** A tree written with a restored read-only mode (e.g. 0555) cannot be emptied otherwise. */
  private static void makeOwnerWritable(Path directory) throws IOException {
    PosixFileAttributeView view =
        Files.getFileAttributeView(
            directory, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      return;
    }
    Set<PosixFilePermission> permissions = view.readAttributes().permissions();
    Set<PosixFilePermission> owner =
        EnumSet.of(
            PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_EXECUTE);
    if (!permissions.containsAll(owner)) {
      permissions.addAll(owner);
      view.setPermissions(permissions);
      LOG.debug("opened up {} to remove it", directory);
    }
  }
}
