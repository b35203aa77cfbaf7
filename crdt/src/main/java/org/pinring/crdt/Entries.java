package org.pinring.crdt;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.pinring.multiformats.Cid;

/** Checks shared by the operations that carry per-CID entries. */
final class Entries {

  private Entries() {}

  static <T> List<T> checked(List<T> entries, Function<T, Cid> cidOf) {
    List<T> copy = List.copyOf(entries);
    if (copy.isEmpty() || copy.size() > CrdtLimits.MAX_ENTRIES_PER_OPERATION) {
      throw new IllegalArgumentException(
          "an operation carries 1 to "
              + CrdtLimits.MAX_ENTRIES_PER_OPERATION
              + " entries, not "
              + copy.size());
    }
    Set<Cid> seen = new HashSet<>();
    for (T entry : copy) {
      Cid cid = cidOf.apply(entry);
      if (!seen.add(cid)) {
        throw new IllegalArgumentException("CID " + cid + " appears twice in one operation");
      }
    }
    return copy;
  }
}
