package org.pinring.threshold;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinring.runtime.SecureRandomSource;

class FileNonceStoreTest {

  @TempDir Path dir;

  static KeyPackage key(long seed) {
    return TrustedDealer.deal(2, 3, TestRandom.seeded(seed))
        .shares()
        .get(Identifier.of(1))
        .verify();
  }

  private static SigningNonces fresh(KeyPackage key, SecureRandomSource random) {
    return Frost.commit(key, random);
  }

  @Test
  void keepsPendingNoncesAcrossReopenAndNeverReturnsATakenOne() throws IOException {
    Path storeDir = dir.resolve("nonces");
    Path file = FileNonceStore.logFile(storeDir);
    KeyPackage key = key(1);
    SecureRandomSource random = TestRandom.seeded(2);
    SigningNonces a = fresh(key, random);
    SigningNonces b = fresh(key, random);
    try (FileNonceStore store = FileNonceStore.open(storeDir)) {
      store.put(a);
      store.put(b);
      assertThat(store.take(a.commitment())).isPresent();
      assertThat(store.take(a.commitment())).isEmpty();
    }
    try (FileNonceStore store = FileNonceStore.open(storeDir)) {
      assertThat(store.pending()).isEqualTo(1);
      assertThat(store.take(a.commitment())).isEmpty();
      SigningNonces back = store.take(b.commitment()).orElseThrow();
      assertThat(back.commitment()).isEqualTo(b.commitment());
      assertThat(back.hidingNonceBytes()).isEqualTo(b.hidingNonceBytes());
    }
    try (FileNonceStore store = FileNonceStore.open(storeDir)) {
      assertThat(store.pending()).isZero();
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  /** A crash can cut the last append anywhere: cut the log at every byte and reopen. */
  @Test
  void tornWritesAtEveryOffsetNeverResurrectATakenNonce() throws IOException {
    Path storeDir = dir.resolve("nonces");
    Path file = FileNonceStore.logFile(storeDir);
    KeyPackage key = key(3);
    SecureRandomSource random = TestRandom.seeded(4);
    SigningNonces a = fresh(key, random);
    SigningNonces b = fresh(key, random);
    long afterPutA;
    long afterTakeA;
    long afterPutB;
    try (FileNonceStore store = FileNonceStore.open(storeDir)) {
      store.put(a);
      afterPutA = Files.size(file);
      store.take(a.commitment());
      afterTakeA = Files.size(file);
      store.put(b);
      afterPutB = Files.size(file);
    }
    byte[] full = Files.readAllBytes(file);
    for (int cut = 0; cut <= full.length; cut++) {
      // Rewrite in place (same file, same inode) and cut: what a crash mid-append leaves.
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(full, 0, cut));
        ch.force(true);
      }
      try (FileNonceStore store = FileNonceStore.open(storeDir)) {
        boolean aPending = store.take(a.commitment()).isPresent();
        boolean bPending = store.take(b.commitment()).isPresent();
        assertThat(aPending).as("cut %d", cut).isEqualTo(cut >= afterPutA && cut < afterTakeA);
        assertThat(bPending).as("cut %d", cut).isEqualTo(cut >= afterPutB);
      }
      // The reopen above may have rewritten the file (new inode): start each cut from a file
      // created by a store, then overwrite it in place.
      Files.delete(file);
      try (FileNonceStore store = FileNonceStore.open(storeDir)) {
        assertThat(store.pending()).isZero();
      }
      byte[] header = Files.readAllBytes(file);
      full = withHeader(full, header);
    }
  }

  /** The original log with its header record replaced by that of the current file. */
  private static byte[] withHeader(byte[] log, byte[] newHeaderOnly) {
    int oldHeaderLength = 5 + ByteBuffer.wrap(log, 1, 4).getInt() + 4;
    byte[] out = new byte[newHeaderOnly.length + log.length - oldHeaderLength];
    System.arraycopy(newHeaderOnly, 0, out, 0, newHeaderOnly.length);
    System.arraycopy(log, oldHeaderLength, out, newHeaderOnly.length, log.length - oldHeaderLength);
    return out;
  }

  @Test
  void aRestoredCopyKeepsNoNonces() throws IOException {
    Path storeDir = dir.resolve("nonces");
    Path file = FileNonceStore.logFile(storeDir);
    Path backup = dir.resolve("backup.log");
    KeyPackage key = key(5);
    SigningNonces a = fresh(key, TestRandom.seeded(6));
    try (FileNonceStore s = FileNonceStore.open(storeDir)) {
      s.put(a);
    }
    Files.copy(file, backup);
    try (FileNonceStore s = FileNonceStore.open(storeDir)) {
      assertThat(s.take(a.commitment())).isPresent();
    }
    // Restore the backup taken while the nonce was still pending, as rsync does: a new file
    // renamed over the live one.
    Path staged = dir.resolve("staged.log");
    Files.copy(backup, staged);
    Files.move(staged, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    try (FileNonceStore s = FileNonceStore.open(storeDir)) {
      assertThat(s.pending()).isZero();
      assertThat(s.take(a.commitment())).isEmpty();
    }
    assertThat(Files.readString(storeDir.resolve("CACHEDIR.TAG"), StandardCharsets.US_ASCII))
        .startsWith("Signature: 8a477f597d28d172789f06886806bc55");
  }

  @Test
  void aRestoreThatKeepsTheOldTimesIsRecognised() throws IOException {
    Path storeDir = dir.resolve("nonces");
    Path file = FileNonceStore.logFile(storeDir);
    KeyPackage key = key(15);
    SigningNonces a = fresh(key, TestRandom.seeded(16));
    try (FileNonceStore s = FileNonceStore.open(storeDir)) {
      s.put(a);
    }
    byte[] backup = Files.readAllBytes(file);
    try (FileNonceStore s = FileNonceStore.open(storeDir)) {
      assertThat(s.take(a.commitment())).isPresent();
    }
    // In place (same inode), then the original modification time put back, as cp -p or tar do.
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(0);
      ch.write(ByteBuffer.wrap(backup));
    }
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    try (FileNonceStore s = FileNonceStore.open(storeDir)) {
      assertThat(s.take(a.commitment())).isEmpty();
    }
  }

  @Test
  void damageBeforeTheEndDiscardsEverything() throws IOException {
    Path storeDir = dir.resolve("nonces");
    Path file = FileNonceStore.logFile(storeDir);
    KeyPackage key = key(7);
    SecureRandomSource random = TestRandom.seeded(8);
    SigningNonces a = fresh(key, random);
    SigningNonces b = fresh(key, random);
    long afterPutA;
    try (FileNonceStore store = FileNonceStore.open(storeDir)) {
      store.put(a);
      afterPutA = Files.size(file);
      store.put(b);
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {0x55}), afterPutA - 10);
    }
    try (FileNonceStore store = FileNonceStore.open(storeDir)) {
      assertThat(store.pending()).isZero();
    }
  }

  @Test
  void compactionKeepsExactlyThePendingNonces() throws IOException {
    Path storeDir = dir.resolve("nonces");
    Path file = FileNonceStore.logFile(storeDir);
    KeyPackage key = key(9);
    SecureRandomSource random = TestRandom.seeded(10);
    List<SigningNonces> kept = new ArrayList<>();
    try (FileNonceStore store = FileNonceStore.open(storeDir, 2048)) {
      for (int i = 0; i < 40; i++) {
        SigningNonces n = fresh(key, random);
        store.put(n);
        if (i % 4 == 0) {
          kept.add(n);
        } else {
          store.take(n.commitment());
        }
      }
      assertThat(Files.size(file)).isLessThan(4096);
    }
    try (FileNonceStore store = FileNonceStore.open(storeDir, 2048)) {
      assertThat(store.pending()).isEqualTo(kept.size());
      for (SigningNonces n : kept) {
        assertThat(store.take(n.commitment())).isPresent();
      }
    }
  }

  @Test
  void oneStoreDirectoryIsOpenAtMostOnce() throws IOException {
    Path storeDir = dir.resolve("nonces");
    try (FileNonceStore first = FileNonceStore.open(storeDir)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> FileNonceStore.open(storeDir))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("already open");
      assertThat(first.pending()).isZero();
    }
    try (FileNonceStore again = FileNonceStore.open(storeDir)) {
      assertThat(again.pending()).isZero();
    }
  }

  @Test
  void aSignerOnAFileStoreCannotSignTwiceEvenAfterARestart() throws IOException {
    Path storeDir = dir.resolve("nonces");
    TrustedDealer.Dealt dealt = TrustedDealer.deal(2, 3, TestRandom.seeded(20));
    SecureRandomSource random = TestRandom.seeded(21);
    KeyPackage k1 = dealt.shares().get(Identifier.of(1)).verify();
    KeyPackage k2 = dealt.shares().get(Identifier.of(2)).verify();
    SigningCommitment c1;
    try (FileNonceStore store = FileNonceStore.open(storeDir)) {
      c1 = new Signer(k1, store, random).commit();
    }
    SigningCommitment c2 = new Signer(k2, new InMemoryNonceStore(), random).commit();
    SigningPackage pkg = new SigningPackage(new byte[] {1}, List.of(c1, c2));
    try (FileNonceStore store = FileNonceStore.open(storeDir)) {
      assertThat(new Signer(k1, store, random).sign(pkg)).isNotNull();
    }
    try (FileNonceStore store = FileNonceStore.open(storeDir)) {
      Signer again = new Signer(k1, store, random);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> again.sign(pkg))
          .isInstanceOf(ProtocolViolationException.class);
    }
  }

  @Test
  void noShareExistsWhenTheUseCannotBeRecorded() throws IOException {
    Path storeDir = dir.resolve("nonces");
    TrustedDealer.Dealt dealt = TrustedDealer.deal(2, 3, TestRandom.seeded(22));
    SecureRandomSource random = TestRandom.seeded(23);
    KeyPackage k1 = dealt.shares().get(Identifier.of(1)).verify();
    KeyPackage k2 = dealt.shares().get(Identifier.of(2)).verify();
    FileNonceStore store = FileNonceStore.open(storeDir);
    Signer signer = new Signer(k1, store, random);
    SigningPackage pkg =
        new SigningPackage(
            new byte[] {2},
            List.of(signer.commit(), new Signer(k2, new InMemoryNonceStore(), random).commit()));
    store.close(); // the disk went away: the TAKE record cannot be written
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> signer.sign(pkg))
        .isInstanceOf(IOException.class);
    try (FileNonceStore reopened = FileNonceStore.open(storeDir)) {
      assertThat(reopened.pending()).isEqualTo(1); // still unused, and no share was released
    }
  }

  /**
   * Kills a real signer process (SIGKILL) in the middle of putting and taking nonces, many times,
   * and checks after each reopen that no nonce it reported as taken is pending again.
   */
  @Test
  void killedProcessNeverResurrectsATakenNonce() throws Exception {
    Path storeDir = dir.resolve("nonces");
    Set<String> taken = new HashSet<>();
    Set<String> put = new HashSet<>();
    for (int run = 0; run < 3; run++) {
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  NonceStoreCrashDriver.class.getName(),
                  storeDir.toString(),
                  Long.toString(100 + run))
              .redirectErrorStream(true)
              .start();
      int lines = 0;
      Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null && Instant.now().isBefore(deadline)) {
          if (line.startsWith("PUT ")) {
            put.add(line.substring(4));
          } else if (line.startsWith("TAKEN ")) {
            taken.add(line.substring(6));
          }
          if (++lines == 40 + 17 * run) {
            child.destroyForcibly(); // SIGKILL mid-flight
            break;
          }
        }
      }
      child.waitFor();
      try (FileNonceStore store = FileNonceStore.open(storeDir)) {
        assertThat(store.pending()).isLessThanOrEqualTo(put.size());
        for (String hex : taken) {
          SigningCommitment c = NonceStoreCrashDriver.commitment(HexFormat.of().parseHex(hex));
          assertThat(store.take(c)).as("taken nonce %s came back", hex).isEmpty();
        }
      }
    }
    assertThat(taken).isNotEmpty();
  }
}
