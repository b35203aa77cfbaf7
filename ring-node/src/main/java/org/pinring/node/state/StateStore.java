package org.pinring.node.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiPredicate;
import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBException;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.WriteOptions;

/**
 * The node's key-value state: one LevelDB database in the repository's {@code state/} directory,
 * shared by every component through disjoint key prefixes (the block index, local pins; later the
 * CRDT and the pin tracker). Thread-safe, as LevelDB is.
 *
 * <p>Writes are atomic per call (a {@link Batch} applies all or nothing). A write with {@code sync}
 * set returns only after LevelDB has fsynced its log, which also makes every earlier write durable,
 * since the log is one sequential file. Unsynced writes survive a process crash (they are in the
 * operating system's cache) but not a power failure.
 *
 * <p>Failures of the database surface as {@link UncheckedIOException}.
 */
public final class StateStore implements AutoCloseable {

  private static final WriteOptions SYNC = new WriteOptions().sync(true);
  private static final WriteOptions NO_SYNC = new WriteOptions().sync(false);

  private final Path directory;
  private final DB db;

  /** Operations hold the read lock, {@link #close} the write lock: none runs on a closed DB. */
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();

  private boolean closed;

  private StateStore(Path directory, DB db) {
    this.directory = directory;
    this.db = db;
  }

  /**
   * Opens (creating if needed) the database in {@code directory}.
   *
   * @throws IOException if it cannot be opened, e.g. because another process holds it
   */
  public static StateStore open(Path directory) throws IOException {
    Files.createDirectories(directory);
    Options options = new Options().createIfMissing(true).paranoidChecks(true);
    try {
      return new StateStore(directory, JniDBFactory.factory.open(directory.toFile(), options));
    } catch (IOException | DBException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("lock")) {
        throw new IOException(
            "the repository state in " + directory + " is in use by another process", e);
      }
      throw new IOException("cannot open the state database in " + directory + ": " + message, e);
    }
  }

  public Path directory() {
    return directory;
  }

  /** The value at {@code key}, or null. */
  public byte[] get(byte[] key) {
    Lock lock = openLock();
    try {
      return db.get(key);
    } catch (DBException e) {
      throw failure("read", e);
    } finally {
      lock.unlock();
    }
  }

  public void put(byte[] key, byte[] value, boolean sync) {
    Lock lock = openLock();
    try {
      db.put(key, value, sync ? SYNC : NO_SYNC);
    } catch (DBException e) {
      throw failure("write", e);
    } finally {
      lock.unlock();
    }
  }

  public void delete(byte[] key, boolean sync) {
    Lock lock = openLock();
    try {
      db.delete(key, sync ? SYNC : NO_SYNC);
    } catch (DBException e) {
      throw failure("write", e);
    } finally {
      lock.unlock();
    }
  }

  /** A new empty batch; apply it with {@link #write}. */
  public Batch batch() {
    Lock lock = openLock();
    try {
      return new Batch(db.createWriteBatch());
    } finally {
      lock.unlock();
    }
  }

  /** Applies every operation of {@code batch} atomically, then closes it. */
  public void write(Batch batch, boolean sync) {
    try (batch) {
      Lock lock = openLock();
      try {
        db.write(batch.batch, sync ? SYNC : NO_SYNC);
      } finally {
        lock.unlock();
      }
    } catch (DBException e) {
      throw failure("write", e);
    }
  }

  /**
   * Visits every entry whose key starts with {@code prefix}, in key order, on a consistent snapshot
   * (writes made during the scan are not seen), until {@code visitor} returns false.
   */
  public void scan(byte[] prefix, BiPredicate<byte[], byte[]> visitor) {
    Objects.requireNonNull(visitor, "visitor");
    Lock lock = openLock();
    try (DBIterator iterator = db.iterator()) {
      iterator.seek(prefix);
      while (iterator.hasNext()) {
        Map.Entry<byte[], byte[]> entry = iterator.next();
        byte[] key = entry.getKey();
        if (!startsWith(key, prefix) || !visitor.test(key, entry.getValue())) {
          return;
        }
      }
    } catch (IOException | DBException e) {
      throw failure("scan", e);
    } finally {
      lock.unlock();
    }
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  private UncheckedIOException failure(String what, Exception e) {
    return new UncheckedIOException(
        new IOException(
            "state database " + what + " failed in " + directory + ": " + e.getMessage(), e));
  }

  /**
   * Closes the database once every operation in progress has returned; later calls fail with {@link
   * IllegalStateException} instead of reaching the closed native database (which would crash the
   * JVM).
   */
  @Override
  public void close() throws IOException {
    lifecycle.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        db.close();
      }
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  /** Holds the database open for one operation; the caller unlocks it. */
  private Lock openLock() {
    Lock lock = lifecycle.readLock();
    lock.lock();
    if (closed) {
      lock.unlock();
      throw new IllegalStateException("the state database in " + directory + " is closed");
    }
    return lock;
  }

  /** Operations applied together by {@link StateStore#write}. Not thread-safe. */
  public static final class Batch implements AutoCloseable {
    private final WriteBatch batch;
    private int size;

    private Batch(WriteBatch batch) {
      this.batch = batch;
    }

    public Batch put(byte[] key, byte[] value) {
      batch.put(key, value);
      size++;
      return this;
    }

    public Batch delete(byte[] key) {
      batch.delete(key);
      size++;
      return this;
    }

    /** The number of operations added. */
    public int size() {
      return size;
    }

    @Override
    public void close() {
      try {
        batch.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
