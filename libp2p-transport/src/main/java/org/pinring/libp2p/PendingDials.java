package org.pinring.libp2p;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * De-duplicates simultaneous dials of one peer: while a dial of a peer runs, every other request to
 * dial it gets the same future instead of a second connection. Thread-safe.
 *
 * @param <K> what identifies a dial target (a peer ID)
 * @param <V> what a dial yields (a connection)
 */
final class PendingDials<K, V> {

  private final Map<K, CompletableFuture<V>> running = new ConcurrentHashMap<>();
  private final Function<K, Optional<V>> established;

  /**
   * @param established an established connection to a target, if any: reused instead of dialling
   */
  PendingDials(Function<K, Optional<V>> established) {
    this.established = established;
  }

  /**
   * The running dial of {@code target} if there is one, else an established connection, else a new
   * dial started with {@code dial}. The returned future completes as that dial does; the target is
   * free for a new dial once it has.
   */
  CompletableFuture<V> dial(K target, Supplier<CompletableFuture<V>> dial) {
    CompletableFuture<V> mine = new CompletableFuture<>();
    CompletableFuture<V> other = running.putIfAbsent(target, mine);
    if (other != null) {
      return other;
    }
    // The caller may have checked for a connection before getting here, but a dial that finished in
    // between has registered its connection and then left this map, in that order; look again now
    // that this dial holds the slot, or it would open a second connection.
    Optional<V> existing = established.apply(target);
    if (existing.isPresent()) {
      running.remove(target, mine);
      mine.complete(existing.get());
      return mine;
    }
    CompletableFuture<V> started;
    try {
      started = dial.get();
    } catch (RuntimeException e) {
      running.remove(target, mine);
      mine.completeExceptionally(e);
      return mine;
    }
    var unused =
        started.whenComplete(
            (value, failure) -> {
              running.remove(target, mine);
              if (failure != null) {
                mine.completeExceptionally(failure);
              } else {
                mine.complete(value);
              }
            });
    return mine;
  }

  /** Targets being dialled now. */
  int size() {
    return running.size();
  }
}
