package org.pinring.crdt.testing;

import java.util.concurrent.atomic.AtomicInteger;
import org.pinring.crdt.kv.KeyValueIterator;
import org.pinring.crdt.kv.KeyValueSnapshot;
import org.pinring.crdt.kv.KeyValueStore;
import org.pinring.crdt.kv.WriteBatch;

/**
 * A store that "kills the process" at its Nth write: the write is either lost (before) or done
 * (after), then {@link SimulatedCrash} is thrown and every later call fails too, as if nothing of
 * the process were left. Tests then reopen the underlying directory, as a restart would.
 */
public final class CrashingKeyValueStore implements KeyValueStore {

  /** When the crash happens relative to the fatal write. */
  public enum Moment {
    BEFORE_WRITE,
    AFTER_WRITE
  }

  /** The simulated death of the process. */
  public static final class SimulatedCrash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SimulatedCrash(String message) {
      super(message);
    }
  }

  private final KeyValueStore delegate;
  private final int crashAtWrite;
  private final Moment moment;
  private final AtomicInteger writes = new AtomicInteger();
  private volatile boolean dead;

  /**
   * @param crashAtWrite the 1-based write at which to crash; 0 never crashes (to count writes)
   */
  public CrashingKeyValueStore(KeyValueStore delegate, int crashAtWrite, Moment moment) {
    this.delegate = delegate;
    this.crashAtWrite = crashAtWrite;
    this.moment = moment;
  }

  public int writes() {
    return writes.get();
  }

  public boolean crashed() {
    return dead;
  }

  private void checkAlive() {
    if (dead) {
      throw new SimulatedCrash("the process is dead");
    }
  }

  @Override
  public byte[] get(byte[] key) {
    checkAlive();
    return delegate.get(key);
  }

  @Override
  public KeyValueIterator scan(byte[] prefix, byte[] from) {
    checkAlive();
    return delegate.scan(prefix, from);
  }

  @Override
  public void write(WriteBatch batch, Durability durability) {
    checkAlive();
    int number = writes.incrementAndGet();
    if (number == crashAtWrite && moment == Moment.BEFORE_WRITE) {
      dead = true;
      throw new SimulatedCrash("crashed before write " + number);
    }
    delegate.write(batch, durability);
    if (number == crashAtWrite) {
      dead = true;
      throw new SimulatedCrash("crashed after write " + number);
    }
  }

  @Override
  public KeyValueSnapshot snapshot() {
    checkAlive();
    return delegate.snapshot();
  }

  /** Closes the underlying store (the operating system releasing a dead process's files). */
  @Override
  public void close() {
    delegate.close();
  }
}
