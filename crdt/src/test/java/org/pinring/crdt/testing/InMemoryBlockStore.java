package org.pinring.crdt.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.pinring.crdt.BlockSink;
import org.pinring.crdt.SubDagResponder;
import org.pinring.multiformats.Cid;

/** A block store in memory: a replica's sink, and a lookup for serving sub-DAG requests. */
public final class InMemoryBlockStore implements BlockSink, SubDagResponder.BlockLookup {

  private final Map<Cid, byte[]> blocks = new ConcurrentHashMap<>();
  private final AtomicLong released = new AtomicLong();

  @Override
  public void put(Cid cid, byte[] bytes) {
    blocks.put(cid, bytes.clone());
  }

  @Override
  public void release(Cid cid) {
    if (blocks.remove(cid) != null) {
      released.incrementAndGet();
    }
  }

  @Override
  public byte[] get(Cid cid) {
    return blocks.get(cid);
  }

  public boolean has(Cid cid) {
    return blocks.containsKey(cid);
  }

  public int size() {
    return blocks.size();
  }

  public long released() {
    return released.get();
  }
}
