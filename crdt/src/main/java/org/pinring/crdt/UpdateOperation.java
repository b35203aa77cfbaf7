package org.pinring.crdt;

import java.util.List;
import java.util.Objects;

/** Replaces the observed values of one or more CIDs with new ones. */
public record UpdateOperation(RingId ring, Nonce nonce, List<UpdateEntry> entries)
    implements Operation {

  /**
   * @throws IllegalArgumentException if there are no entries, too many, or a CID repeats
   */
  public UpdateOperation {
    Objects.requireNonNull(ring, "ring");
    Objects.requireNonNull(nonce, "nonce");
    entries = Entries.checked(entries, entry -> entry.spec().cid());
  }

  @Override
  public String kind() {
    return "update";
  }
}
