package org.pinring.crdt;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import org.pinring.multiformats.Cid;

/**
 * One CID unpinned by an {@link UnpinOperation}: exactly the adds it names are removed. An add the
 * proposer had not observed (a concurrent pin) survives: add wins.
 *
 * @param cid the pinned content
 * @param removes tags (operation ids) of the observed adds, at least one
 */
public record UnpinEntry(Cid cid, SortedSet<OperationId> removes) {

  public UnpinEntry {
    Objects.requireNonNull(cid, "cid");
    removes = Collections.unmodifiableSortedSet(new TreeSet<>(removes));
    if (removes.isEmpty() || removes.size() > CrdtLimits.MAX_TAGS_PER_ENTRY) {
      throw new IllegalArgumentException(
          "an unpin entry names 1 to "
              + CrdtLimits.MAX_TAGS_PER_ENTRY
              + " tags, not "
              + removes.size());
    }
  }
}
