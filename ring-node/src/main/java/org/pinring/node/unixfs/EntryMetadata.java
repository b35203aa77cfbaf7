package org.pinring.node.unixfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
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

  /**
   * The metadata of the file, directory or symbolic link (not followed) at {@code path}: its
   * permission bits if {@code mode}, its modification time if {@code mtime} (the fraction of a
   * second left out when zero).
   */
  public static EntryMetadata read(Path path, boolean mode, boolean mtime) throws IOException {
    if (!mode && !mtime) {
      return NONE;
    }
    OptionalInt bits = OptionalInt.empty();
    if (mode) {
      Object unixMode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      bits = OptionalInt.of(((Integer) unixMode) & 07777);
    }
    Optional<UnixFsData.UnixTime> time = Optional.empty();
    if (mtime) {
      Instant instant = Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toInstant();
      int nanos = instant.getNano(); // the fraction of that second, as UnixTime wants
      time =
          Optional.of(
              new UnixFsData.UnixTime(
                  instant.getEpochSecond(),
                  nanos == 0 ? OptionalInt.empty() : OptionalInt.of(nanos)));
    }
    return new EntryMetadata(bits, time);
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
