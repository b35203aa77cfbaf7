package org.pinring.node.repo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A process's exclusive hold on a repository: an OS lock on {@code repo.lock}, whose content names
 * the holder ({@code <process id> daemon|command}) so that others can tell a running daemon, whose
 * API they can use, from a command that will soon be done. The lock goes with the process, so a
 * killed holder leaves nothing to clean up. (The state database's own lock is a second fence.)
 */
public final class RepoLock implements AutoCloseable {

  public static final String FILE = "repo.lock";

  /** Who holds a repository. */
  public enum Holder {
    /** A {@code pinring daemon}: other commands go through its API once it is up. */
    DAEMON,
    /** Any other command working on the repository directly. */
    COMMAND
  }

  /** How much of the lock file is read to name its holder. */
  private static final int MAX_CONTENT_BYTES = 64;

  private final FileChannel channel;
  private final FileLock lock;

  private RepoLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of {@code repository} (an existing directory) for {@code holder}.
   *
   * @throws RepositoryInUseException naming the holder if another process (or another open
   *     repository in this one) has it
   */
  public static RepoLock acquire(Path repository, Holder holder) throws IOException {
    Path file = repository.resolve(FILE);
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      // The holder writes its name just after taking the lock: it may not be there yet.
      ByteBuffer content = ByteBuffer.allocate(MAX_CONTENT_BYTES);
      channel.read(content, 0);
      channel.close();
      throw inUse(
          repository, new String(content.array(), 0, content.position(), StandardCharsets.UTF_8));
    }
    try {
      channel.truncate(0);
      String content =
          ProcessHandle.current().pid() + " " + holder.name().toLowerCase(Locale.ROOT) + "\n";
      channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(true);
    } catch (IOException e) {
      channel.close(); // releases the lock
      throw e;
    }
    return new RepoLock(channel, lock);
  }

  private static RepositoryInUseException inUse(Path repository, String content) {
    String[] fields = content.trim().split(" ", -1);
    OptionalLong pid = OptionalLong.empty();
    Optional<Holder> holder = Optional.empty();
    if (fields.length == 2) {
      try {
        pid = OptionalLong.of(Long.parseLong(fields[0]));
        holder = Optional.of(Holder.valueOf(fields[1].toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        pid = OptionalLong.empty(); // not ours to interpret: report an unnamed holder
        holder = Optional.empty();
      }
    }
    return new RepositoryInUseException(repository, holder, pid);
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
