package org.pinring.crdt.kv;

/**
 * The persistence port of the CRDT: a small ordered key-value store with atomic batches and
 * consistent snapshots. Implementations: {@link LevelDbKeyValueStore} (on disk) and {@link
 * InMemoryKeyValueStore}; both pass the same behaviour suite.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>{@link #write} is atomic: after a crash at any instant, either every operation of a batch
 *       is visible or none is, and batches become visible in the order they were written.
 *   <li>With {@link Durability#SYNC} the batch is on stable storage when {@code write} returns;
 *       with {@link Durability#BUFFERED} it survives a crash of the process but possibly not of the
 *       machine (and then only a suffix of the most recent batches is lost).
 *   <li>Reads are thread-safe and may run concurrently with writes; writes may come from several
 *       threads, each batch applied atomically.
 * </ul>
 */
public interface KeyValueStore extends KeyValueReader, AutoCloseable {

  /** How durable a write must be before {@link #write} returns. */
  enum Durability {
    /** Flushed to stable storage (fsync): used where the caller acknowledges something. */
    SYNC,
    /** Handed to the operating system: survives a process crash, not necessarily a power cut. */
    BUFFERED
  }

  /**
   * Applies every operation of {@code batch} atomically, in order (a later operation on the same
   * key wins).
   *
   * @throws StoreException if the underlying storage fails; the batch is then not applied
   */
  void write(WriteBatch batch, Durability durability);

  /** A consistent read-only view of the store as it is now, unaffected by later writes. */
  KeyValueSnapshot snapshot();

  /** Releases the store. Further calls fail. */
  @Override
  void close();
}
