package org.pinring.bench.crdt;

import java.util.concurrent.atomic.AtomicLong;
import org.pinring.crdt.BlockSink;
import org.pinring.crdt.SubDagResponder;
import org.pinring.crdt.kv.KeyValueStore;
import org.pinring.crdt.kv.WriteBatch;
import org.pinring.multiformats.Cid;

/**
 * A block store on a key-value store (LevelDB here), so a benchmark can hold millions of blocks
 * without holding them on the heap.
 */
final class KvBlockStore implements BlockSink, SubDagResponder.BlockLookup {

  private final KeyValueStore store;
  private final AtomicLong blocks = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private WriteBatch pending = new WriteBatch();

  KvBlockStore(KeyValueStore store) {
    this.store = store;
  }

  @Override
  public synchronized void put(Cid cid, byte[] block) {
    pending.put(cid.toBytes(), block);
    blocks.incrementAndGet();
    bytes.addAndGet(block.length);
    if (pending.size() >= 1000) {
      flush();
    }
  }

  /** Writes buffered puts (benchmark data only: no durability promised). */
  synchronized void flush() {
    if (!pending.isEmpty()) {
      store.write(pending, KeyValueStore.Durability.BUFFERED);
      pending = new WriteBatch();
    }
  }

  @Override
  public synchronized void release(Cid cid) {
    flush();
    store.write(new WriteBatch().delete(cid.toBytes()), KeyValueStore.Durability.BUFFERED);
  }

  @Override
  public synchronized byte[] get(Cid cid) {
    flush();
    return store.get(cid.toBytes());
  }

  long blocks() {
    return blocks.get();
  }

  long bytes() {
    return bytes.get();
  }
}
