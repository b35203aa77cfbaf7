package org.pinring.libp2p;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Tries a peer's addresses one after the other until one connects: the next attempt starts only
 * once the previous one has failed, so a peer is never connected twice by one request.
 */
final class SequentialDial {

  private SequentialDial() {}

  /**
   * Attempts {@code addresses} in order with {@code attempt}.
   *
   * @param target named in the failure
   * @return the first success; or, when every attempt failed, a {@link StreamException} "could not
   *     reach {@code target}" caused by the last failure
   */
  static <A, V> CompletableFuture<V> firstSuccess(
      List<A> addresses, Function<A, CompletableFuture<V>> attempt, Object target) {
    return next(List.copyOf(addresses).iterator(), attempt, target, null);
  }

  private static <A, V> CompletableFuture<V> next(
      Iterator<A> addresses,
      Function<A, CompletableFuture<V>> attempt,
      Object target,
      Throwable lastFailure) {
    if (!addresses.hasNext()) {
      return CompletableFuture.failedFuture(
          new StreamException("could not reach " + target, lastFailure));
    }
    A address = addresses.next();
    CompletableFuture<V> result = new CompletableFuture<>();
    var unused =
        attempt
            .apply(address)
            .whenComplete(
                (value, failure) -> {
                  if (failure == null) {
                    result.complete(value);
                  } else {
                    var unusedNext =
                        next(addresses, attempt, target, failure)
                            .whenComplete(
                                (v, f) -> {
                                  if (f == null) {
                                    result.complete(v);
                                  } else {
                                    result.completeExceptionally(f);
                                  }
                                });
                  }
                });
    return result;
  }
}
