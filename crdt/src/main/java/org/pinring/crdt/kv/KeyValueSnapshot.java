package org.pinring.crdt.kv;

/** A consistent, read-only view of a {@link KeyValueStore} at one instant. Must be closed. */
public interface KeyValueSnapshot extends KeyValueReader, AutoCloseable {

  @Override
  void close();
}
