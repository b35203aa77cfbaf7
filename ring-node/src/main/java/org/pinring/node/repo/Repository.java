package org.pinring.node.repo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.pinring.node.blockstore.FlatFsBlockStore;
import org.pinring.node.blockstore.GcReport;
import org.pinring.node.dag.DagLimits;
import org.pinring.node.state.StateStore;

/**
 * A node's repository on disk (DESIGN.md, "Storage layout"), as far as the content layer needs it:
 * {@code config.json}, {@code state/} (the LevelDB state database: block index, local pins) and
 * {@code blocks/} (the flatfs block files). The default location is {@code ~/.pinring}.
 *
 * <p>One process at a time: an open repository holds its {@link RepoLock}, which refuses a second
 * opener with a {@link RepositoryInUseException} naming the holder (and the state database's own
 * lock stands behind it). Thread-safe.
 */
public final class Repository implements AutoCloseable {

  public static final String CONFIG_FILE = "config.json";
  public static final String STATE_DIRECTORY = "state";
  public static final String BLOCKS_DIRECTORY = "blocks";

  private final Path directory;
  private final RepoLock lock;
  private final RepoConfig config;
  private final StateStore state;
  private final FlatFsBlockStore blocks;
  private final LocalPinSet pins;

  private Repository(
      Path directory, RepoLock lock, RepoConfig config, StateStore state, FlatFsBlockStore blocks) {
    this.directory = directory;
    this.lock = lock;
    this.config = config;
    this.state = state;
    this.blocks = blocks;
    this.pins = new LocalPinSet(state);
  }

  /** The default repository directory, {@code ~/.pinring}. */
  public static Path defaultDirectory() {
    return Path.of(System.getProperty("user.home"), ".pinring");
  }

  /** Whether {@code directory} holds a repository. */
  public static boolean exists(Path directory) {
    return Files.isRegularFile(directory.resolve(CONFIG_FILE));
  }

  /**
   * Creates a repository with {@code config} in {@code directory} (which may exist but must not
   * hold one yet) and opens it.
   */
  public static Repository create(Path directory, RepoConfig config) throws IOException {
    Objects.requireNonNull(config, "config");
    if (exists(directory)) {
      throw new IOException("a repository already exists in " + directory);
    }
    Files.createDirectories(directory);
    Path temp = directory.resolve(CONFIG_FILE + ".tmp");
    Files.writeString(temp, config.toJson(), StandardCharsets.UTF_8);
    Files.move(temp, directory.resolve(CONFIG_FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return open(directory);
  }

  /**
   * Opens the repository in {@code directory} for a command.
   *
   * @throws RepositoryInUseException if another process (or open repository) holds it
   * @throws IOException if there is none, or it cannot be read
   * @throws InvalidConfigException if config.json is invalid
   */
  public static Repository open(Path directory) throws IOException {
    return open(directory, RepoLock.Holder.COMMAND);
  }

  /**
   * Opens the repository in {@code directory}, its lock naming {@code holder}.
   *
   * @throws RepositoryInUseException if another process (or open repository) holds it
   * @throws IOException if there is none, or it cannot be read
   * @throws InvalidConfigException if config.json is invalid
   */
  public static Repository open(Path directory, RepoLock.Holder holder) throws IOException {
    if (!exists(directory)) {
      throw new IOException("no PinRing repository in " + directory + " (no " + CONFIG_FILE + ")");
    }
    RepoLock lock = RepoLock.acquire(directory, holder);
    StateStore state = null;
    try {
      RepoConfig config =
          RepoConfig.parse(
              Files.readString(directory.resolve(CONFIG_FILE), StandardCharsets.UTF_8));
      state = StateStore.open(directory.resolve(STATE_DIRECTORY));
      FlatFsBlockStore blocks =
          FlatFsBlockStore.open(directory.resolve(BLOCKS_DIRECTORY), state, config.lent().bytes());
      return new Repository(directory, lock, config, state, blocks);
    } catch (IOException | RuntimeException e) {
      try {
        if (state != null) {
          state.close();
        }
      } finally {
        lock.close();
      }
      throw e;
    }
  }

  /** Opens the repository in {@code directory} for a command, creating it if there is none. */
  public static Repository openOrCreate(Path directory) throws IOException {
    return openOrCreate(directory, RepoLock.Holder.COMMAND);
  }

  /** Opens the repository in {@code directory} for {@code holder}, creating it if there is none. */
  public static Repository openOrCreate(Path directory, RepoLock.Holder holder) throws IOException {
    if (!exists(directory)) {
      create(directory, RepoConfig.defaults()).close();
    }
    return open(directory, holder);
  }

  public Path directory() {
    return directory;
  }

  public RepoConfig config() {
    return config;
  }

  public FlatFsBlockStore blocks() {
    return blocks;
  }

  public LocalPinSet pins() {
    return pins;
  }

  /** Collects garbage: keeps the DAGs of the local pins and whatever open sessions hold. */
  public GcReport collectGarbage(DagLimits limits) {
    return blocks.collectGarbage(pins::list, limits);
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    try {
      blocks.close();
    } catch (RuntimeException e) {
      failure = e;
    }
    try {
      state.close();
    } catch (IOException e) {
      failure = withSuppressed(failure, new UncheckedIOException(e));
    }
    // Last: nobody may open the repository before its database is closed.
    try {
      lock.close();
    } catch (IOException e) {
      failure = withSuppressed(failure, new UncheckedIOException(e));
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static RuntimeException withSuppressed(RuntimeException first, RuntimeException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }
}
