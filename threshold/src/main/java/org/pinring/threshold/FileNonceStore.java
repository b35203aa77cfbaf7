package org.pinring.threshold;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link NonceStore} in one append-only file, fsynced on every change.
 *
 * <p><b>Format.</b> A sequence of records {@code type (1) | length (4, big-endian) | payload |
 * CRC32C (4) of the preceding bytes}. The first record is the header: a magic string and the
 * identity of the file itself (its file key: device and inode on Unix). Then {@code PUT} records
 * (commitment id||D||E, hiding nonce, binding nonce) and {@code TAKE} records (the commitment).
 *
 * <p><b>Crash safety.</b> {@link #put} and {@link #take} append a record and force it to disk
 * before returning, so a nonce pair is marked used before any share computed from it exists. On
 * open, a record cut short at the end of the file (a write torn by a crash) is dropped and the file
 * truncated: a torn {@code TAKE} means {@code take} never returned, so no share was released. A
 * damaged record with more data after it is not a torn write; then every pending nonce is
 * discarded, since a lost {@code TAKE} could otherwise bring a used nonce back.
 *
 * <p><b>Backups.</b> The store owns a directory and marks it with a {@code CACHEDIR.TAG}, which
 * common backup tools skip. As a safety net, every pending nonce is discarded on open when the log
 * looks restored: its file key (device and inode) differs from the one in its header (a restore
 * that created a new file), or its status-change time is well after its modification time (a
 * restore that kept the original times). When the platform reports no file keys, every reopen
 * discards pending nonces (safe: round one is repeated). Two restores cannot be seen locally: an
 * in-place overwrite with fresh times that reuses the inode, and a rollback of the whole disk or
 * virtual machine. Against those only keeping the directory out of backups and snapshots helps.
 *
 * <p>Compaction rewrites the pending nonces into a new file (written, forced, then atomically
 * renamed over the old one, and the directory forced) once the log passes {@link
 * #COMPACT_AFTER_BYTES}. The file is created owner-only (0600) where POSIX permissions exist. It
 * holds secret nonces. Thread-safe; an exclusive lock on the directory's {@code lock} file keeps a
 * second process (or a second open store) out, since two users of one log could take the same
 * nonces.
 */
public final class FileNonceStore implements NonceStore, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FileNonceStore.class);

  /** Most unused nonce pairs kept at once. */
  public static final int MAX_PENDING = 4096;

  /** Largest file accepted on open. */
  public static final long MAX_FILE_BYTES = 16L << 20;

  /** Log size after which the file is rewritten with only the pending nonces. */
  public static final long COMPACT_AFTER_BYTES = 256L << 10;

  private static final String FILE_NAME = "nonces.log";

  /** Metadata changed this long after the last write means a tool rewrote the file's times. */
  private static final long MAX_CTIME_AFTER_MTIME_MILLIS = 2_000;

  private static final byte HEADER = 0;
  private static final byte PUT = 1;
  private static final byte TAKE = 2;
  private static final byte[] MAGIC = "pinring-frost-nonces-v1".getBytes(StandardCharsets.US_ASCII);
  private static final int COMMITMENT_BYTES = 96;
  private static final int PUT_PAYLOAD = COMMITMENT_BYTES + 64;
  private static final int MAX_HEADER_PAYLOAD = 512;

  private final Path path;
  private final long compactAfterBytes;
  private final Map<ByteBuffer, SigningNonces> pending = new LinkedHashMap<>();
  private FileChannel channel;
  private FileChannel lockChannel;
  private FileLock lock;

  private FileNonceStore(Path path, long compactAfterBytes) {
    this.path = path;
    this.compactAfterBytes = compactAfterBytes;
  }

  /**
   * Opens (or creates) the store at {@code path}, recovering from a crash and discarding nonces
   * from a restored copy.
   *
   * @throws MalformedInputException if the file is larger than {@link #MAX_FILE_BYTES}
   */
  public static FileNonceStore open(Path directory) throws IOException {
    return open(directory, COMPACT_AFTER_BYTES);
  }

  /** Like {@link #open(Path)} with another compaction threshold (tests use a small one). */
  static FileNonceStore open(Path directory, long compactAfterBytes) throws IOException {
    Path dir = directory.toAbsolutePath();
    Files.createDirectories(dir);
    markExcludedFromBackups(dir);
    FileNonceStore store = new FileNonceStore(dir.resolve(FILE_NAME), compactAfterBytes);
    store.lockDirectory(dir);
    try {
      store.load();
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  /**
   * Takes an exclusive lock on the directory's {@code lock} file for as long as the store is open:
   * two processes sharing one log could both take the same nonces.
   *
   * @throws IOException if another process (or another open store in this one) holds it
   */
  private void lockDirectory(Path dir) throws IOException {
    lockChannel =
        FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      lock = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      lockChannel.close();
      lockChannel = null;
      throw new IOException("nonce store " + dir + " is already open (by this or another process)");
    }
  }

  /** The log file inside a store directory. */
  public static Path logFile(Path directory) {
    return directory.resolve(FILE_NAME);
  }

  /**
   * Writes a CACHEDIR.TAG (bford.info/cachedir) so that backup tools that honour it (tar
   * --exclude-caches, restic, borg, ...) skip the directory: the best protection against a nonce
   * coming back from a backup is that it never goes into one.
   */
  private static void markExcludedFromBackups(Path dir) throws IOException {
    Path tag = dir.resolve("CACHEDIR.TAG");
    if (!Files.exists(tag)) {
      AtomicFiles.write(
          tag,
          """
              Signature: 8a477f597d28d172789f06886806bc55
              # This directory holds one-time FROST signing nonces (PinRing).
              # Never back it up or restore it: a restored nonce can leak a key share.
              """
              .getBytes(StandardCharsets.US_ASCII));
    }
  }

  private void load() throws IOException {
    if (!Files.exists(path)) {
      rewrite();
      return;
    }
    long size = Files.size(path);
    if (size > MAX_FILE_BYTES) {
      throw new MalformedInputException(
          "nonce file " + path + " is " + size + " bytes, more than " + MAX_FILE_BYTES);
    }
    byte[] data = Files.readAllBytes(path);
    ByteBuffer in = ByteBuffer.wrap(data);
    LogRecord header = LogRecord.next(data, in);
    if (header == null
        || header.type != HEADER
        || !headerMatches(header.payload)
        || timesWereRestored(path)) {
      LOG.warn(
          "nonce file {} is not the file this store created (restored from a backup or copied?):"
              + " discarding every pending nonce in it",
          path);
      rewrite();
      return;
    }
    long validEnd = in.position();
    boolean damaged = false;
    while (in.hasRemaining()) {
      int start = in.position();
      LogRecord r = LogRecord.next(data, in);
      if (r == null) {
        // Cut short at the end: a torn write. Anything else is damage.
        damaged = !LogRecord.isTornTail(data, start);
        break;
      }
      if (!apply(r)) {
        damaged = true;
        break;
      }
      validEnd = in.position();
    }
    if (damaged) {
      LOG.warn("nonce file {} is damaged: discarding every pending nonce", path);
      pending.clear();
      rewrite();
      return;
    }
    channel = FileChannel.open(path, StandardOpenOption.WRITE);
    if (validEnd < data.length) {
      LOG.info("nonce file {}: dropping a torn record at the end", path);
      channel.truncate(validEnd);
      channel.force(true);
    }
    channel.position(validEnd);
    if (validEnd > compactAfterBytes) {
      rewrite();
    }
  }

  private boolean apply(LogRecord r) {
    if (r.type == PUT && r.payload.length == PUT_PAYLOAD) {
      byte[] commitment = Arrays.copyOfRange(r.payload, 0, COMMITMENT_BYTES);
      SigningNonces nonces;
      try {
        nonces =
            SigningNonces.fromStored(
                decodeCommitment(commitment),
                Arrays.copyOfRange(r.payload, COMMITMENT_BYTES, COMMITMENT_BYTES + 32),
                Arrays.copyOfRange(r.payload, COMMITMENT_BYTES + 32, PUT_PAYLOAD));
      } catch (FrostException e) {
        return false;
      }
      pending.put(ByteBuffer.wrap(commitment), nonces);
      return true;
    }
    if (r.type == TAKE && r.payload.length == COMMITMENT_BYTES) {
      pending.remove(ByteBuffer.wrap(r.payload));
      return true;
    }
    return false;
  }

  private static SigningCommitment decodeCommitment(byte[] encoded) {
    return new SigningCommitment(
        Identifier.fromBytes(Arrays.copyOfRange(encoded, 0, 32)),
        GroupElement.fromBytes(Arrays.copyOfRange(encoded, 32, 64)),
        GroupElement.fromBytes(Arrays.copyOfRange(encoded, 64, 96)));
  }

  private boolean headerMatches(byte[] payload) throws IOException {
    String identity = fileIdentity(path);
    if (identity == null
        || payload.length < MAGIC.length
        || !Arrays.equals(Arrays.copyOf(payload, MAGIC.length), MAGIC)) {
      return false;
    }
    String recorded =
        new String(payload, MAGIC.length, payload.length - MAGIC.length, StandardCharsets.UTF_8);
    return recorded.equals(identity);
  }

  /**
   * Whether the file's status-change time is well after its modification time. This store only ever
   * appends (which moves both together); a restore that preserves the original modification time
   * (cp -p, tar, rsync -t) leaves the change time at the moment of the restore.
   */
  private static boolean timesWereRestored(Path file) throws IOException {
    Object ctime;
    try {
      ctime = Files.getAttribute(file, "unix:ctime");
    } catch (UnsupportedOperationException | IllegalArgumentException notUnix) {
      return false;
    }
    long changed = ((java.nio.file.attribute.FileTime) ctime).toMillis();
    long modified = Files.getLastModifiedTime(file).toMillis();
    return changed - modified > MAX_CTIME_AFTER_MTIME_MILLIS;
  }

  /** The file key (device and inode on Unix), or null where the platform has none. */
  private static String fileIdentity(Path file) throws IOException {
    Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    return key == null ? null : key.toString();
  }

  /**
   * Writes the pending nonces to a new file that records its own identity, forces it, renames it
   * over the old one and forces the directory.
   */
  private void rewrite() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
    Path directory = path.getParent();
    Files.createDirectories(directory);
    Path temporary = directory.resolve(path.getFileName() + ".tmp");
    Files.deleteIfExists(temporary);
    AtomicFiles.createOwnerOnly(temporary);
    String identity = fileIdentity(temporary);
    byte[] identityBytes = (identity == null ? "" : identity).getBytes(StandardCharsets.UTF_8);
    byte[] headerPayload = new byte[MAGIC.length + identityBytes.length];
    System.arraycopy(MAGIC, 0, headerPayload, 0, MAGIC.length);
    System.arraycopy(identityBytes, 0, headerPayload, MAGIC.length, identityBytes.length);
    if (headerPayload.length > MAX_HEADER_PAYLOAD) {
      throw new IOException("file key too long: " + identity);
    }
    try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
      writeFully(out, LogRecord.encode(HEADER, headerPayload));
      for (SigningNonces n : pending.values()) {
        writeFully(out, LogRecord.encode(PUT, putPayload(n)));
      }
      out.force(true);
    }
    Files.move(
        temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    AtomicFiles.forceDirectory(directory);
    channel = FileChannel.open(path, StandardOpenOption.WRITE);
    channel.position(channel.size());
  }

  private static byte[] putPayload(SigningNonces n) {
    byte[] payload = new byte[PUT_PAYLOAD];
    System.arraycopy(n.commitment().encode(), 0, payload, 0, COMMITMENT_BYTES);
    System.arraycopy(n.hidingNonceBytes(), 0, payload, COMMITMENT_BYTES, 32);
    System.arraycopy(n.bindingNonceBytes(), 0, payload, COMMITMENT_BYTES + 32, 32);
    return payload;
  }

  private void append(byte type, byte[] payload) throws IOException {
    if (channel == null) {
      throw new IOException("nonce store " + path + " is closed");
    }
    writeFully(channel, LogRecord.encode(type, payload));
    channel.force(true);
  }

  private static void writeFully(FileChannel out, byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      out.write(buffer);
    }
  }

  @Override
  public synchronized void put(SigningNonces nonces) throws IOException {
    ByteBuffer key = InMemoryNonceStore.key(nonces.commitment());
    if (pending.containsKey(key)) {
      throw new ProtocolViolationException("these nonces are already stored");
    }
    if (pending.size() >= MAX_PENDING) {
      throw new ProtocolViolationException(
          MAX_PENDING + " unused nonce pairs are stored already; finish or abandon sessions first");
    }
    append(PUT, putPayload(nonces));
    pending.put(key, nonces);
  }

  @Override
  public synchronized Optional<SigningNonces> take(SigningCommitment commitment)
      throws IOException {
    ByteBuffer key = InMemoryNonceStore.key(commitment);
    SigningNonces nonces = pending.get(key);
    if (nonces == null) {
      return Optional.empty();
    }
    // Durable before the nonces leave this method.
    append(TAKE, commitment.encode());
    pending.remove(key);
    if (channel.position() > compactAfterBytes) {
      rewrite();
    }
    return Optional.of(nonces);
  }

  @Override
  public synchronized int pending() {
    return pending.size();
  }

  @Override
  public synchronized void close() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
    if (lockChannel != null) {
      lockChannel.close(); // releases the lock
      lockChannel = null;
      lock = null;
    }
  }

  /** One framed record. */
  private static final class LogRecord {
    final byte type;
    final byte[] payload;

    private LogRecord(byte type, byte[] payload) {
      this.type = type;
      this.payload = payload;
    }

    static byte[] encode(byte type, byte[] payload) {
      ByteBuffer out = ByteBuffer.allocate(1 + 4 + payload.length + 4);
      out.put(type).putInt(payload.length).put(payload);
      CRC32C crc = new CRC32C();
      crc.update(out.array(), 0, out.position());
      out.putInt((int) crc.getValue());
      return out.array();
    }

    /** The next record, or null if it is incomplete or fails its checksum. */
    static LogRecord next(byte[] data, ByteBuffer in) {
      int start = in.position();
      if (in.remaining() < 5) {
        return null;
      }
      byte type = in.get();
      int length = in.getInt();
      if (length < 0
          || length > Math.max(PUT_PAYLOAD, MAX_HEADER_PAYLOAD)
          || in.remaining() < length + 4) {
        in.position(start);
        return null;
      }
      byte[] payload = new byte[length];
      in.get(payload);
      int stored = in.getInt();
      CRC32C crc = new CRC32C();
      crc.update(data, start, 5 + length);
      if ((int) crc.getValue() != stored) {
        in.position(start);
        return null;
      }
      return new LogRecord(type, payload);
    }

    /**
     * Whether the bytes from {@code start} are a record cut short by the end of the file (a torn
     * append), as opposed to a damaged record followed by more data.
     */
    static boolean isTornTail(byte[] data, int start) {
      int remaining = data.length - start;
      if (remaining < 5) {
        return true;
      }
      int length = ByteBuffer.wrap(data, start + 1, 4).getInt();
      if (length < 0 || length > Math.max(PUT_PAYLOAD, MAX_HEADER_PAYLOAD)) {
        // The length itself is garbage: treat as damage only if the garbage is not the very end.
        return false;
      }
      return remaining < 5 + length + 4;
    }
  }
}
