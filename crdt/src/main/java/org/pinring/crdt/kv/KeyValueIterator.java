package org.pinring.crdt.kv;

import java.util.Iterator;

/** An iterator over entries in key order that holds storage resources until closed. */
public interface KeyValueIterator extends Iterator<KeyValueEntry>, AutoCloseable {

  @Override
  void close();
}
