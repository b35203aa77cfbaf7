package org.pinring.node.unixfs;

import java.util.Objects;
import org.pinring.multiformats.Cid;

/**
 * What a CID (or a path below one) points at in UnixFS terms.
 *
 * @param name the entry's name in its directory ({@code ""} for a root)
 * @param cid the entry's root
 * @param kind file, directory or symlink
 * @param size a file's length in bytes; 0 for directories and symlinks
 * @param dagSize the cumulative size recorded in the parent's link, or -1 if not known
 */
public record UnixFsEntry(String name, Cid cid, Kind kind, long size, long dagSize) {

  /** UnixFS entry kinds as users see them (raw blocks and raw/file nodes are files). */
  public enum Kind {
    FILE,
    DIRECTORY,
    SYMLINK
  }

  public UnixFsEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(cid, "cid");
    Objects.requireNonNull(kind, "kind");
  }
}
