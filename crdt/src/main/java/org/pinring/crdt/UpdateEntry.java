package org.pinring.crdt;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One CID changed by an {@link UpdateOperation}: the adds it observed ({@code replaces}) are
 * removed and a new add with {@code spec} takes their place, atomically.
 *
 * @param spec the new value
 * @param version as in {@link PinEntry#version()}; normally one more than the highest replaced one
 * @param replaces tags (operation ids) of the adds this update observed and supersedes
 */
public record UpdateEntry(PinSpec spec, long version, SortedSet<OperationId> replaces) {

  public UpdateEntry {
    Objects.requireNonNull(spec, "spec");
    if (version < 0) {
      throw new IllegalArgumentException("version must not be negative: " + version);
    }
    replaces = Collections.unmodifiableSortedSet(new TreeSet<>(replaces));
    if (replaces.size() > CrdtLimits.MAX_TAGS_PER_ENTRY) {
      throw new IllegalArgumentException(
          "an entry names at most "
              + CrdtLimits.MAX_TAGS_PER_ENTRY
              + " tags, not "
              + replaces.size());
    }
  }
}
