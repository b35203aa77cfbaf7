package org.pinring.testkit;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/**
 * Installs the harness's pinned npm packages ({@code npm ci}) when they are missing or older than
 * the lock file. A file lock keeps concurrent test JVMs from installing at the same time.
 */
final class NpmInstall {

  private static final long TIMEOUT_MINUTES = 10;

  private NpmInstall() {}

  /**
   * @return null when the packages are installed and current, otherwise why they cannot be
   */
  static String ensureInstalled(Path harness, String npm) {
    if (isCurrent(harness)) {
      return null;
    }
    if (npm == null) {
      return "interop/js/node_modules is missing or stale and npm is not on the PATH";
    }
    try (FileChannel channel =
        FileChannel.open(
            harness.resolve(".npm-install.lock"),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE)) {
      FileLock lock = channel.lock();
      try {
        return isCurrent(harness) ? null : runNpmCi(harness, npm);
      } finally {
        lock.release();
      }
    } catch (IOException e) {
      return "could not run npm ci in interop/js: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while running npm ci in interop/js";
    }
  }

  private static String runNpmCi(Path harness, String npm)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("pinring-npm-ci", ".log");
    try {
      Process process =
          new ProcessBuilder(npm, "ci", "--no-audit", "--no-fund")
              .directory(harness.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        return "npm ci in interop/js did not finish within " + TIMEOUT_MINUTES + " minutes";
      }
      if (process.exitValue() != 0) {
        return "npm ci in interop/js failed:\n" + Files.readString(log, StandardCharsets.UTF_8);
      }
      return isCurrent(harness) ? null : "npm ci in interop/js left node_modules incomplete";
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** npm writes node_modules/.package-lock.json on every install; it must postdate the lock. */
  static boolean isCurrent(Path harness) {
    Path installed = harness.resolve("node_modules").resolve(".package-lock.json");
    Path lock = harness.resolve("package-lock.json");
    try {
      if (!Files.isRegularFile(installed) || !Files.isRegularFile(lock)) {
        return false;
      }
      FileTime installedAt = Files.getLastModifiedTime(installed);
      return installedAt.compareTo(Files.getLastModifiedTime(lock)) >= 0;
    } catch (IOException e) {
      return false;
    }
  }
}
