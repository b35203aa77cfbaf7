package org.pinring.crdt;

import java.util.Objects;
import org.pinring.multiformats.Cid;

/**
 * A delta at the edge of a checkpoint, with its height, so that a replica bootstrapped from the
 * checkpoint can verify the height of the deltas built on it.
 */
public record FrontierEntry(Cid delta, long height) {

  public FrontierEntry {
    Objects.requireNonNull(delta, "delta");
    if (height < 1) {
      throw new IllegalArgumentException("a delta height is at least 1, not " + height);
    }
  }
}
