package org.pinring.crdt;

import java.util.List;
import java.util.Objects;

/** Removes the observed adds of one or more CIDs. */
public record UnpinOperation(RingId ring, Nonce nonce, List<UnpinEntry> entries)
    implements Operation {

  /**
   * @throws IllegalArgumentException if there are no entries, too many, or a CID repeats
   */
  public UnpinOperation {
    Objects.requireNonNull(ring, "ring");
    Objects.requireNonNull(nonce, "nonce");
    entries = Entries.checked(entries, UnpinEntry::cid);
  }

  @Override
  public String kind() {
    return "unpin";
  }
}
