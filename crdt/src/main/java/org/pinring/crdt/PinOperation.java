package org.pinring.crdt;

import java.util.List;
import java.util.Objects;

/** Adds one or more CIDs (a bulk import is one operation under one signature). */
public record PinOperation(RingId ring, Nonce nonce, List<PinEntry> entries) implements Operation {

  /**
   * @throws IllegalArgumentException if there are no entries, too many, or a CID repeats
   */
  public PinOperation {
    Objects.requireNonNull(ring, "ring");
    Objects.requireNonNull(nonce, "nonce");
    entries = Entries.checked(entries, entry -> entry.spec().cid());
  }

  @Override
  public String kind() {
    return "pin";
  }
}
