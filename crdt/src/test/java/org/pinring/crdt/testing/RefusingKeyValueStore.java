package org.pinring.crdt.testing;

import java.util.function.Predicate;
import org.pinring.crdt.kv.KeyValueIterator;
import org.pinring.crdt.kv.KeyValueSnapshot;
import org.pinring.crdt.kv.KeyValueStore;
import org.pinring.crdt.kv.StoreException;
import org.pinring.crdt.kv.WriteBatch;

/**
 * A store that refuses chosen writes, writing nothing of them, as a full disk or an I/O error
 * would, and then works again: the process goes on (unlike {@link CrashingKeyValueStore}). Writes
 * are refused by number (a range of the 1-based write attempts) or by content (the next writes
 * whose batch matches a predicate). Reads always work.
 */
public final class RefusingKeyValueStore implements KeyValueStore {

  private final KeyValueStore delegate;
  private long refuseFrom = Long.MAX_VALUE;
  private long refuseUntil = Long.MIN_VALUE;
  private Predicate<WriteBatch> matching = batch -> false;
  private int matchingLeft;
  private int writes;
  private int refusals;

  public RefusingKeyValueStore(KeyValueStore delegate) {
    this.delegate = delegate;
  }

  /** Refuses {@code count} write attempts from the {@code first} (1-based, counting all writes). */
  public RefusingKeyValueStore refuseWrites(int first, int count) {
    refuseFrom = first;
    refuseUntil = (long) first + count;
    return this;
  }

  /** Refuses the next {@code count} writes whose batch matches {@code which}. */
  public RefusingKeyValueStore refuseNext(int count, Predicate<WriteBatch> which) {
    matching = which;
    matchingLeft = count;
    return this;
  }

  /** Refuses the next write, whatever it holds. */
  public RefusingKeyValueStore refuseNextWrite() {
    return refuseNext(1, batch -> true);
  }

  /** A predicate: the batch puts a key of {@code family} (a {@code StoreLayout} family byte). */
  public static Predicate<WriteBatch> puts(byte family) {
    return batch -> touches(batch, family, false);
  }

  /** A predicate: the batch deletes a key of {@code family}. */
  public static Predicate<WriteBatch> deletes(byte family) {
    return batch -> touches(batch, family, true);
  }

  private static boolean touches(WriteBatch batch, byte family, boolean delete) {
    for (WriteBatch.Operation operation : batch.operations()) {
      if (operation.isDelete() == delete && operation.key()[0] == family) {
        return true;
      }
    }
    return false;
  }

  /** Write attempts so far, refused ones included. */
  public int writes() {
    return writes;
  }

  /** Writes refused so far. */
  public int refusals() {
    return refusals;
  }

  /** Refuses nothing more. */
  public void disarm() {
    refuseUntil = Long.MIN_VALUE;
    matchingLeft = 0;
  }

  @Override
  public byte[] get(byte[] key) {
    return delegate.get(key);
  }

  @Override
  public KeyValueIterator scan(byte[] prefix, byte[] from) {
    return delegate.scan(prefix, from);
  }

  @Override
  public void write(WriteBatch batch, Durability durability) {
    writes++;
    boolean refuse = writes >= refuseFrom && writes < refuseUntil;
    if (!refuse && matchingLeft > 0 && matching.test(batch)) {
      matchingLeft--;
      refuse = true;
    }
    if (refuse) {
      refusals++;
      throw new StoreException("write " + writes + " refused for the test");
    }
    delegate.write(batch, durability);
  }

  @Override
  public KeyValueSnapshot snapshot() {
    return delegate.snapshot();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
