package org.pinring.bench.crdt;

import org.pinring.crdt.BlockSink;
import org.pinring.multiformats.Cid;

/** A sink that keeps nothing: the apply benchmark measures the replica, not a block store. */
final class NullBlockSink implements BlockSink {

  @Override
  public void put(Cid cid, byte[] bytes) {}

  @Override
  public void release(Cid cid) {}
}
