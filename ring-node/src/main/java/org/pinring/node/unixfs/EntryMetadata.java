package org.pinring.node.unixfs;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.pinring.multiformats.ipld.UnixFsData;

/**
 * Optional UnixFS metadata of an imported entry: permission bits and modification time. Absent by
 * default, so the same bytes give the same CID on every machine.
 *
 * @param mode permission bits (the low 12 bits of a Unix mode), if recorded
 * @param mtime modification time, if recorded
 */
public record EntryMetadata(OptionalInt mode, Optional<UnixFsData.UnixTime> mtime) {

  public static final EntryMetadata NONE = new EntryMetadata(OptionalInt.empty(), Optional.empty());

  /** Unix default modes, which UnixFS writers leave out (ipfs/specs UNIXFS.md, "mode"). */
  static final int DEFAULT_FILE_MODE = 0644;

  static final int DEFAULT_DIRECTORY_MODE = 0755;

  public EntryMetadata {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(mtime, "mtime");
    mode = mode.isPresent() ? OptionalInt.of(mode.getAsInt() & 07777) : mode;
  }

  public boolean isEmpty() {
    return mode.isEmpty() && mtime.isEmpty();
  }

  /** Adds the metadata to a UnixFS message as js and kubo write it (default modes omitted). */
  void applyTo(UnixFsData.Builder builder, boolean directory) {
    if (mode.isPresent()
        && mode.getAsInt() != (directory ? DEFAULT_DIRECTORY_MODE : DEFAULT_FILE_MODE)) {
      builder.mode(mode.getAsInt());
    }
    mtime.ifPresent(builder::mtime);
  }
}
