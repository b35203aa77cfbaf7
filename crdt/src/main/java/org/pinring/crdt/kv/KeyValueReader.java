package org.pinring.crdt.kv;

/**
 * Read access to an ordered byte-string key-value map. Keys are ordered bytewise, unsigned (the
 * order LevelDB uses), so a prefix groups related keys and a scan visits them in order.
 *
 * <p>Arrays passed in are not retained; arrays returned belong to the caller.
 */
public interface KeyValueReader {

  /**
   * The value stored at {@code key}, or {@code null} if there is none.
   *
   * @throws StoreException if the underlying storage fails
   */
  byte[] get(byte[] key);

  /**
   * Every entry whose key starts with {@code prefix}, in key order, starting at the first key that
   * is {@code >= from}. The iterator sees the state at the moment it was created (later writes are
   * not visible) and must be closed.
   *
   * @param from where to start; pass {@code prefix} itself to start at the beginning
   * @throws StoreException if the underlying storage fails
   */
  KeyValueIterator scan(byte[] prefix, byte[] from);

  /** Every entry whose key starts with {@code prefix}, in key order. */
  default KeyValueIterator scan(byte[] prefix) {
    return scan(prefix, prefix);
  }
}
