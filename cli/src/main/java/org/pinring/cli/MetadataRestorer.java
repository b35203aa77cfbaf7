package org.pinring.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.ipld.DagPb;
import org.pinring.multiformats.ipld.InvalidIpldException;
import org.pinring.multiformats.ipld.PbNode;
import org.pinring.multiformats.ipld.UnixFsData;
import org.pinring.node.blockstore.Block;
import org.pinring.node.blockstore.BlockStore;
import org.pinring.node.dag.DagLimits;
import org.pinring.node.dag.MissingBlockException;
import org.pinring.node.unixfs.InvalidUnixFsException;
import org.pinring.node.unixfs.UnixFsEntry;
import org.pinring.node.unixfs.UnixFsExporter;

/**
 * Gives a tree that {@link UnixFsExporter#get} wrote the permission bits and modification times its
 * UnixFS nodes record (ipfs/specs UNIXFS.md, "mode" and "mtime"), what {@code pinring add
 * --preserve-mode / --preserve-mtime} stored.
 *
 * <p>A node without a mode gets the specification's defaults, 0644 for files and 0755 for
 * directories (the importer leaves exactly those out), so a mode survives a round trip whatever the
 * umask. Only the nine permission bits are applied: setuid, setgid and sticky bits recorded by
 * someone else are dropped. Symbolic links get their time but no mode (Linux has none for them). A
 * node without an mtime keeps the time of its writing. Directories are done after their contents,
 * because writing into a directory changes its time and a read-only mode forbids it.
 *
 * <p>Not thread-safe; stateless between calls.
 */
final class MetadataRestorer {

  private static final int DEFAULT_FILE_MODE = 0644;
  private static final int DEFAULT_DIRECTORY_MODE = 0755;

  private final BlockStore store;
  private final UnixFsExporter exporter;
  private final boolean mode;
  private final boolean mtime;

  MetadataRestorer(BlockStore store, DagLimits limits, boolean mode, boolean mtime) {
    this.store = Objects.requireNonNull(store, "store");
    this.exporter = new UnixFsExporter(store, limits);
    this.mode = mode;
    this.mtime = mtime;
  }

  /** Restores everything below the entry {@code cid} written at {@code target}, not the entry. */
  void restoreContents(Cid cid, Path target) throws IOException {
    if (!mode && !mtime) {
      return;
    }
    if (exporter.resolve(cid, "").kind() != UnixFsEntry.Kind.DIRECTORY) {
      return;
    }
    for (UnixFsEntry child : exporter.list(cid)) {
      Path path = target.resolve(child.name());
      restoreContents(child.cid(), path);
      restore(child.cid(), child.kind(), path);
    }
  }

  /** Restores the entry {@code cid} written at {@code target} itself. */
  void restoreEntry(Cid cid, Path target) throws IOException {
    if (!mode && !mtime) {
      return;
    }
    restore(cid, exporter.resolve(cid, "").kind(), target);
  }

  private void restore(Cid cid, UnixFsEntry.Kind kind, Path target) throws IOException {
    Optional<UnixFsData> data = unixFsData(cid);
    if (mtime) {
      Optional<UnixFsData.UnixTime> time = data.flatMap(UnixFsData::mtime);
      if (time.isPresent()) {
        Instant instant = Instant.ofEpochSecond(time.get().seconds(), time.get().nanos().orElse(0));
        Files.getFileAttributeView(target, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
            .setTimes(FileTime.from(instant), null, null);
      }
    }
    if (mode && kind != UnixFsEntry.Kind.SYMLINK) {
      OptionalInt recorded = data.map(UnixFsData::mode).orElse(OptionalInt.empty());
      int bits =
          recorded.orElse(
              kind == UnixFsEntry.Kind.DIRECTORY ? DEFAULT_DIRECTORY_MODE : DEFAULT_FILE_MODE);
      Files.setPosixFilePermissions(target, permissions(bits));
    }
  }

  /** The node's UnixFS data; none for a raw block (a file chunk without metadata). */
  private Optional<UnixFsData> unixFsData(Cid cid) {
    if (cid.codec() == Multicodec.RAW.code()) {
      return Optional.empty();
    }
    Block block = store.get(cid).orElseThrow(() -> new MissingBlockException(cid));
    try {
      PbNode node = DagPb.decode(block.data());
      return node.data().map(UnixFsData::decode);
    } catch (InvalidIpldException e) {
      // The exporter has read this node already; this is only reached if the store changed.
      throw new InvalidUnixFsException(cid, e.getMessage(), e);
    }
  }

  static Set<PosixFilePermission> permissions(int bits) {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OWNER_READ,
      PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ,
      PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_EXECUTE
    };
    for (int i = 0; i < order.length; i++) {
      if ((bits & (0400 >> i)) != 0) {
        permissions.add(order[i]);
      }
    }
    return permissions;
  }
}
