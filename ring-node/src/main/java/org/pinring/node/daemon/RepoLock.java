package org.pinring.node.daemon;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The daemon's exclusive hold on a repository: an OS lock on {@code daemon.lock}, which holds the
 * owner's process id. The lock goes with the process, so a killed daemon leaves nothing to clean
 * up. (The state database's own lock is the second fence for every other command.)
 */
public final class RepoLock implements AutoCloseable {

  public static final String FILE = "daemon.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private RepoLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock.
   *
   * @throws IOException with a message naming the holder if another process has it
   */
  public static RepoLock acquire(Path repository) throws IOException {
    Path file = repository.resolve(FILE);
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      String holder =
          new String(java.nio.file.Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
      channel.close();
      throw new IOException(
          "another PinRing daemon is running on "
              + repository
              + (holder.isEmpty() ? "" : " (process " + holder + ")")
              + "; stop it first, or use another --repo");
    }
    channel.truncate(0);
    channel.write(
        java.nio.ByteBuffer.wrap(
            String.valueOf(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
    channel.force(true);
    return new RepoLock(channel, lock);
  }

  @Override
  public void close() throws IOException {
    lock.release();
    channel.close();
  }
}
