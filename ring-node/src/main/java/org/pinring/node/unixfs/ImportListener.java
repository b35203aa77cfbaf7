package org.pinring.node.unixfs;

import org.pinring.multiformats.Cid;

/** Hears about an import's progress; the CLI draws its progress bar and verbose lines from it. */
public interface ImportListener {

  ImportListener NONE = new ImportListener() {};

  /** {@code count} more bytes of file content were read. Called on the importing thread. */
  default void bytesRead(long count) {}

  /**
   * An entry finished: a file, symlink or directory at {@code path} (relative to the import's root,
   * {@code ""} for the root itself) got {@code cid}.
   */
  default void entryImported(String path, Cid cid) {}
}
