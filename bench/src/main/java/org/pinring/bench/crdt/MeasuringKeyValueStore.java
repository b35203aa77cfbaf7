package org.pinring.bench.crdt;

import java.util.Locale;
import org.pinring.crdt.kv.KeyValueIterator;
import org.pinring.crdt.kv.KeyValueSnapshot;
import org.pinring.crdt.kv.KeyValueStore;
import org.pinring.crdt.kv.WriteBatch;

/**
 * A store wrapper that measures the writes going through it: per key family (the first key byte),
 * how many entries and bytes (key plus value) the batches carry, and the wall time spent inside
 * {@link #write} for synced batches. With {@code unsynced} it writes {@code SYNC} batches without
 * the sync, which is not crash-safe: only to measure, side by side, what the sync itself costs.
 */
final class MeasuringKeyValueStore implements KeyValueStore {

  private final KeyValueStore delegate;
  private final boolean unsynced;
  private final long[] entries = new long[256];
  private final long[] bytes = new long[256];
  private long syncedWrites;
  private long syncedWriteNanos;

  MeasuringKeyValueStore(KeyValueStore delegate, boolean unsynced) {
    this.delegate = delegate;
    this.unsynced = unsynced;
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
    if (durability != Durability.SYNC) {
      delegate.write(batch, durability);
      return;
    }
    for (WriteBatch.Operation operation : batch.operations()) {
      int family = operation.key()[0] & 0xFF;
      entries[family]++;
      bytes[family] +=
          operation.key().length + (operation.isDelete() ? 0 : operation.value().length);
    }
    long before = System.nanoTime();
    delegate.write(batch, unsynced ? Durability.BUFFERED : Durability.SYNC);
    syncedWriteNanos += System.nanoTime() - before;
    syncedWrites++;
  }

  long syncedWriteNanos() {
    return syncedWriteNanos;
  }

  /** Entries and bytes per operation by key family, for {@code operations} operations. */
  String breakdown(long operations) {
    StringBuilder out = new StringBuilder();
    long totalBytes = 0;
    long totalEntries = 0;
    for (int family = 0; family < 256; family++) {
      if (entries[family] > 0) {
        totalBytes += bytes[family];
        totalEntries += entries[family];
        out.append(
            String.format(
                Locale.ROOT,
                "  family '%c': %.3f entries, %.1f bytes per operation%n",
                (char) family,
                (double) entries[family] / operations,
                (double) bytes[family] / operations));
      }
    }
    out.append(
        String.format(
            Locale.ROOT,
            "  synced batches: %d, %.1f entries and %.1f bytes per operation, %.0f bytes per batch%n",
            syncedWrites,
            (double) totalEntries / operations,
            (double) totalBytes / operations,
            (double) totalBytes / Math.max(1, syncedWrites)));
    return out.toString();
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
