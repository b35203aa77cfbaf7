package org.pinring.crdt.internal;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.pinring.crdt.kv.KeyValueEntry;
import org.pinring.crdt.kv.KeyValueIterator;
import org.pinring.crdt.kv.KeyValueReader;
import org.pinring.crdt.kv.WriteBatch;

/**
 * Writes collected for one atomic batch, readable before they are committed: {@link #get} sees the
 * staged value first, then the store. This is what lets one batch apply several deltas whose
 * changes build on each other. Not thread-safe.
 */
public final class StagedWrites implements KeyValueReader {

  private static final byte[] DELETED = new byte[0];

  private final KeyValueReader base;
  private final TreeMap<byte[], byte[]> staged = new TreeMap<>(Arrays::compareUnsigned);
  private long approximateBytes;

  public StagedWrites(KeyValueReader base) {
    this.base = base;
  }

  /** The value at {@code key} as it will be after commit, or {@code null}. */
  @Override
  public byte[] get(byte[] key) {
    byte[] value = staged.get(key);
    if (value != null) {
      return value == DELETED ? null : value;
    }
    return base.get(key);
  }

  public boolean contains(byte[] key) {
    return get(key) != null;
  }

  /** Stages a put; {@code value} is retained, do not modify it afterwards. */
  public void put(byte[] key, byte[] value) {
    staged.put(key, value);
    approximateBytes += key.length + value.length;
  }

  public void delete(byte[] key) {
    staged.put(key, DELETED);
    approximateBytes += key.length;
  }

  public boolean isEmpty() {
    return staged.isEmpty();
  }

  /** Roughly how many bytes are staged, for splitting large work into several batches. */
  public long approximateBytes() {
    return approximateBytes;
  }

  /** Staged keys with the given prefix, in key order, with their staged values (null = deleted). */
  public Map<byte[], byte[]> stagedWithPrefix(byte[] prefix) {
    Map<byte[], byte[]> result = new TreeMap<>(Arrays::compareUnsigned);
    for (Map.Entry<byte[], byte[]> entry : staged.tailMap(prefix, true).entrySet()) {
      if (!org.pinring.crdt.kv.Keys.hasPrefix(entry.getKey(), prefix)) {
        break;
      }
      result.put(entry.getKey(), entry.getValue() == DELETED ? null : entry.getValue());
    }
    return result;
  }

  /**
   * The keys with {@code prefix} as they will be after commit (the store's, minus staged deletes,
   * plus staged puts), in key order.
   */
  public java.util.List<byte[]> keysWithPrefix(byte[] prefix) {
    TreeMap<byte[], Boolean> keys = new TreeMap<>(Arrays::compareUnsigned);
    try (org.pinring.crdt.kv.KeyValueIterator it = base.scan(prefix)) {
      while (it.hasNext()) {
        keys.put(it.next().key(), Boolean.TRUE);
      }
    }
    for (Map.Entry<byte[], byte[]> entry : stagedWithPrefix(prefix).entrySet()) {
      if (entry.getValue() == null) {
        keys.remove(entry.getKey());
      } else {
        keys.put(entry.getKey(), Boolean.TRUE);
      }
    }
    return new java.util.ArrayList<>(keys.keySet());
  }

  /**
   * The entries with {@code prefix} from {@code from} on, as they will be after commit (the
   * store's, minus staged deletes, plus staged puts), in key order. The result is read when this
   * method is called (later staged writes are not visible) and held in memory: use it for small
   * ranges such as one bucket.
   */
  @Override
  public KeyValueIterator scan(byte[] prefix, byte[] from) {
    TreeMap<byte[], byte[]> entries = new TreeMap<>(Arrays::compareUnsigned);
    try (KeyValueIterator it = base.scan(prefix, from)) {
      while (it.hasNext()) {
        KeyValueEntry entry = it.next();
        entries.put(entry.key(), entry.value());
      }
    }
    byte[] start = Arrays.compareUnsigned(from, prefix) > 0 ? from : prefix;
    for (Map.Entry<byte[], byte[]> entry : staged.tailMap(start, true).entrySet()) {
      if (!org.pinring.crdt.kv.Keys.hasPrefix(entry.getKey(), prefix)) {
        break;
      }
      if (entry.getValue() == DELETED) {
        entries.remove(entry.getKey());
      } else {
        entries.put(entry.getKey(), entry.getValue().clone());
      }
    }
    Iterator<Map.Entry<byte[], byte[]>> it = entries.entrySet().iterator();
    return new KeyValueIterator() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public KeyValueEntry next() {
        Map.Entry<byte[], byte[]> next = it.next();
        return new KeyValueEntry(next.getKey(), next.getValue());
      }

      @Override
      public void close() {}
    };
  }

  /** The staged writes as one batch. */
  public WriteBatch toBatch() {
    WriteBatch batch = new WriteBatch();
    for (Map.Entry<byte[], byte[]> entry : staged.entrySet()) {
      if (entry.getValue() == DELETED) {
        batch.delete(entry.getKey());
      } else {
        batch.put(entry.getKey(), entry.getValue());
      }
    }
    return batch;
  }
}
