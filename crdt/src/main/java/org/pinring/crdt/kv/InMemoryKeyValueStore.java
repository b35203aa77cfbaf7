package org.pinring.crdt.kv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link KeyValueStore} in memory, for tests, simulations and short-lived replicas. Batches are
 * atomic with respect to readers; durability is trivially "until the object is dropped".
 *
 * <p>Scans and snapshots copy the entries they cover, which keeps them consistent at O(size) cost:
 * fine for the sizes this store is meant for.
 */
public final class InMemoryKeyValueStore implements KeyValueStore {

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final TreeMap<byte[], byte[]> map = new TreeMap<>(Arrays::compareUnsigned);
  private boolean closed;

  @Override
  public byte[] get(byte[] key) {
    lock.readLock().lock();
    try {
      checkOpen();
      byte[] value = map.get(key);
      return value == null ? null : value.clone();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public KeyValueIterator scan(byte[] prefix, byte[] from) {
    lock.readLock().lock();
    try {
      checkOpen();
      return copyRange(map, prefix, from);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void write(WriteBatch batch, Durability durability) {
    lock.writeLock().lock();
    try {
      checkOpen();
      for (WriteBatch.Operation operation : batch.operations()) {
        if (operation.isDelete()) {
          map.remove(operation.key());
        } else {
          map.put(operation.key().clone(), operation.value().clone());
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public KeyValueSnapshot snapshot() {
    TreeMap<byte[], byte[]> copy;
    lock.readLock().lock();
    try {
      checkOpen();
      copy = new TreeMap<>(map);
    } finally {
      lock.readLock().unlock();
    }
    return new KeyValueSnapshot() {
      @Override
      public byte[] get(byte[] key) {
        byte[] value = copy.get(key);
        return value == null ? null : value.clone();
      }

      @Override
      public KeyValueIterator scan(byte[] prefix, byte[] from) {
        return copyRange(copy, prefix, from);
      }

      @Override
      public void close() {}
    };
  }

  /** Number of entries, for tests. */
  public int size() {
    lock.readLock().lock();
    try {
      return map.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      closed = true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new StoreException("store is closed");
    }
  }

  private static KeyValueIterator copyRange(
      NavigableMap<byte[], byte[]> source, byte[] prefix, byte[] from) {
    byte[] start = Arrays.compareUnsigned(from, prefix) < 0 ? prefix : from;
    List<KeyValueEntry> entries = new ArrayList<>();
    for (Map.Entry<byte[], byte[]> entry : source.tailMap(start, true).entrySet()) {
      if (!Keys.hasPrefix(entry.getKey(), prefix)) {
        break;
      }
      entries.add(new KeyValueEntry(entry.getKey().clone(), entry.getValue().clone()));
    }
    Iterator<KeyValueEntry> iterator = entries.iterator();
    return new KeyValueIterator() {
      @Override
      public boolean hasNext() {
        return iterator.hasNext();
      }

      @Override
      public KeyValueEntry next() {
        if (!iterator.hasNext()) {
          throw new NoSuchElementException();
        }
        return iterator.next();
      }

      @Override
      public void close() {}
    };
  }
}
