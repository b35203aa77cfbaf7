package org.pinring.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpmInstallTest {

  @Test
  void installedPackagesAreCurrentOnlyIfNewerThanTheLockFile(@TempDir Path harness)
      throws Exception {
    Path lock = Files.writeString(harness.resolve("package-lock.json"), "{}");
    assertThat(NpmInstall.isCurrent(harness)).isFalse();

    Path installed =
        Files.writeString(
            Files.createDirectories(harness.resolve("node_modules")).resolve(".package-lock.json"),
            "{}");
    Files.setLastModifiedTime(lock, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
    Files.setLastModifiedTime(installed, FileTime.from(Instant.parse("2026-01-02T00:00:00Z")));
    assertThat(NpmInstall.isCurrent(harness)).isTrue();

    Files.setLastModifiedTime(lock, FileTime.from(Instant.parse("2026-01-03T00:00:00Z")));
    assertThat(NpmInstall.isCurrent(harness)).isFalse();
  }

  @Test
  void reportsAMissingNpmInsteadOfInstalling(@TempDir Path harness) throws Exception {
    Files.writeString(harness.resolve("package-lock.json"), "{}");

    assertThat(NpmInstall.ensureInstalled(harness, null)).contains("npm is not on the PATH");
  }
}
