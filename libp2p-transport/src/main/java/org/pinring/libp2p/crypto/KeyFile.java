package org.pinring.libp2p.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.pinring.runtime.SecureRandomSource;

/**
 * An identity key file: the {@code PrivateKey} protobuf (the format go-libp2p and js-libp2p store),
 * readable and writable by its owner only.
 *
 * <p>Writing is crash-safe: the key goes to a temporary file in the same directory, created with
 * mode 0600 (never readable by others, not even briefly), is forced to disk, then atomically
 * renamed over the target, and the directory is forced so the rename survives a crash.
 */
public final class KeyFile {

  /** Owner read and write, nothing else. */
  public static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private KeyFile() {}

  /**
   * Reads the key in {@code file}.
   *
   * @throws InvalidKeyException if the file does not hold a supported private key, or is readable
   *     by others than its owner
   * @throws IOException if it cannot be read
   */
  public static PrivateKey read(Path file) throws IOException {
    PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (posix != null) {
      Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
      if (!OWNER_ONLY.containsAll(permissions)) {
        throw new InvalidKeyException(
            file
                + " is accessible to others ("
                + PosixFilePermissions.toString(permissions)
                + "); run chmod 600 on it");
      }
    }
    long size = Files.size(file);
    if (size > Keys.MAX_PRIVATE_KEY_BYTES) {
      throw new InvalidKeyException(file + " is too large to be a key file (" + size + " bytes)");
    }
    try {
      return Keys.decodePrivateKey(Files.readAllBytes(file));
    } catch (InvalidKeyException e) {
      throw new InvalidKeyException(file + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code key} to {@code file} atomically with owner-only permissions. */
  public static void write(Path file, PrivateKey key) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path directory = absolute.getParent();
    Files.createDirectories(directory);
    Path temp = directory.resolve("." + absolute.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    boolean posix = Files.getFileStore(directory).supportsFileAttributeView("posix");
    try (FileChannel channel =
        posix
            ? FileChannel.open(
                temp,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(OWNER_ONLY))
            : FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer bytes = ByteBuffer.wrap(key.toProtobuf());
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
    }
    try {
      Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    forceDirectory(directory);
  }

  /** The key in {@code file}, creating a new Ed25519 key there first if the file does not exist. */
  public static PrivateKey loadOrCreate(Path file, SecureRandomSource random) throws IOException {
    if (Files.exists(file)) {
      return read(file);
    }
    PrivateKey key = Ed25519PrivateKey.generate(random);
    try {
      write(file, key);
    } catch (FileAlreadyExistsException e) {
      return read(file);
    }
    return key;
  }

  private static void forceDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some platforms cannot open directories; the rename is still atomic there.
    }
  }
}
