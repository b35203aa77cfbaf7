package org.pinring.runtime;

/** A handle on scheduled work. */
public interface Cancellable {

  /**
   * Prevents every future run of the work. A run already in progress is not interrupted.
   *
   * @return true if this call prevented at least one run, false if the work had already completed
   *     (one-shot) or had already been cancelled
   */
  boolean cancel();

  /** True once {@link #cancel()} has been called successfully. */
  boolean isCancelled();
}
