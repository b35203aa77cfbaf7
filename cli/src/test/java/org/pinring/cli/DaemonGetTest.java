package org.pinring.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pinring.cli.DaemonCommandsTest.lastLine;
import static org.pinring.cli.DaemonCommandsTest.ok;
import static org.pinring.cli.DaemonCommandsTest.pattern;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinring.multiformats.ipld.DagPb;
import org.pinring.multiformats.ipld.UnixFsData;

/**
 * {@code pinring get} through a real daemon (in-process, as in {@link DaemonCommandsTest}): trees
 * come out exactly as a local get writes them, with their metadata when asked, and missing content
 * is reported without leaving anything behind. Hostile CARs are in {@link GetThroughGatewayTest}.
 */
class DaemonGetTest {

  @TempDir Path dir;

  /**
   * Every entry below {@code root} by relative path: its kind and content (a file's SHA-256, a
   * link's target), and with {@code metadata} its permissions and modification time.
   */
  static Map<String, String> describe(Path root, boolean metadata) throws IOException {
    Map<String, String> entries = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        String what;
        boolean link = Files.isSymbolicLink(path);
        if (link) {
          what = "link " + Files.readSymbolicLink(path);
        } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          what = "directory";
        } else {
          what = "file " + sha256(Files.readAllBytes(path));
        }
        if (metadata) {
          if (!link) {
            what +=
                " "
                    + PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
          }
          what += " " + Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS);
        }
        entries.put(root.relativize(path).toString(), what);
      }
    }
    return entries;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private void assertNoWorkDirectoryLeft() throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.startsWith(".pinring-get-"));
    }
  }

  /** A name long enough that 2,000 of them make their directory a HAMT shard (over 256 KiB). */
  private static String longName(int i) {
    return String.format("entry-%04d-", i) + "x".repeat(100);
  }

  private static Path nestedTree(Path tree) throws IOException {
    Files.createDirectories(tree.resolve("sub").resolve("deeper"));
    Files.createDirectories(tree.resolve("empty-dir"));
    Files.write(tree.resolve("a.bin"), pattern(1_500_000));
    Files.writeString(tree.resolve("sub").resolve("b.txt"), "b");
    Files.writeString(tree.resolve("sub").resolve("deeper").resolve("c.txt"), "c");
    Files.write(tree.resolve("empty.txt"), new byte[0]);
    Files.writeString(tree.resolve("ünïcödé ✓.txt"), "unicode");
    Files.createSymbolicLink(tree.resolve("link"), Path.of("sub", "b.txt"));
    Path many = Files.createDirectories(tree.resolve("many"));
    for (int i = 0; i < 2000; i++) {
      Files.writeString(many.resolve(longName(i)), Integer.toString(i));
    }
    return tree;
  }

  @Test
  void aTreeGotThroughTheDaemonIsTheTreeALocalGetWrites() throws Exception {
    Path repository = dir.resolve("repo");
    String repo = repository.toString();
    Path tree = nestedTree(dir.resolve("tree"));
    String cid;
    try (DaemonCommandsTest.RunningDaemon daemon =
        new DaemonCommandsTest.RunningDaemon(repository)) {
      cid = lastLine(ok("add", "--repo", repo, "-r", tree.toString()));

      CliRunner.Result whole =
          ok("get", "--repo", repo, cid, "-o", dir.resolve("via-daemon").toString());
      assertThat(whole.out()).isEqualTo("wrote " + dir.resolve("via-daemon") + "\n");
      ok("get", "--repo", repo, cid + "/sub", "-o", dir.resolve("sub-via-daemon").toString());
      ok(
          "get",
          "--repo",
          repo,
          cid + "/many/" + longName(1234),
          "-o",
          dir.resolve("file-via-daemon").toString());
      ok("get", "--repo", repo, cid + "/link", "-o", dir.resolve("link-via-daemon").toString());

      // The big directory really is a HAMT shard, so the CAR carried one.
      HttpResponse<byte[]> many =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(daemon.apiUrl + "/ipfs/" + cid + "/many?format=raw"))
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      assertThat(UnixFsData.decode(DagPb.decode(many.body()).data().orElseThrow()).type())
          .isEqualTo(UnixFsData.Type.HAMT_SHARD);
    }
    // The daemon is stopped: this get reads the repository itself.
    ok("get", "--repo", repo, cid, "-o", dir.resolve("local").toString());

    Map<String, String> local = describe(dir.resolve("local"), false);
    assertThat(describe(dir.resolve("via-daemon"), false)).isEqualTo(local);
    assertThat(local).isEqualTo(describe(tree, false)).hasSize(2000 + 11);
    assertThat(describe(dir.resolve("sub-via-daemon"), false))
        .isEqualTo(describe(dir.resolve("local").resolve("sub"), false));
    assertThat(dir.resolve("file-via-daemon")).hasContent("1234");
    assertThat(Files.readSymbolicLink(dir.resolve("link-via-daemon")))
        .isEqualTo(Path.of("sub", "b.txt"));
    assertNoWorkDirectoryLeft();
  }

  @Test
  void modesAndMtimesComeThroughTheDaemonAsALocalGetRestoresThem() throws Exception {
    Path repository = dir.resolve("repo");
    String repo = repository.toString();
    Path tree = Files.createDirectories(dir.resolve("tree"));
    Path readOnly = Files.createDirectories(tree.resolve("read-only"));
    Files.writeString(readOnly.resolve("f.txt"), "f");
    Files.writeString(tree.resolve("run.sh"), "#!/bin/sh\n");
    Files.writeString(tree.resolve("secret"), "s");
    Files.writeString(tree.resolve("plain.txt"), "p");
    Files.createSymbolicLink(tree.resolve("link"), Path.of("plain.txt"));
    Map<String, String> modes =
        Map.of(
            "read-only/f.txt", "r--r--r--",
            "run.sh", "rwxr-xr-x",
            "secret", "rw-------",
            "plain.txt", "rw-r--r--",
            "read-only", "r-xr-xr-x",
            "", "rwxr-x---");
    long second = 1_600_000_000L;
    // Files first: changing a directory's contents or mode afterwards would not change its mtime,
    // but creating files in it would.
    for (String name : new String[] {"read-only/f.txt", "run.sh", "secret", "plain.txt"}) {
      Path path = tree.resolve(name);
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(modes.get(name)));
      Files.setLastModifiedTime(path, FileTime.from(Instant.ofEpochSecond(second++, 123_456_789)));
    }
    Files.getFileAttributeView(
            tree.resolve("link"),
            java.nio.file.attribute.BasicFileAttributeView.class,
            LinkOption.NOFOLLOW_LINKS)
        .setTimes(FileTime.from(Instant.ofEpochSecond(second++)), null, null);
    for (String name : new String[] {"read-only", ""}) {
      Path path = tree.resolve(name);
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(modes.get(name)));
      Files.setLastModifiedTime(path, FileTime.from(Instant.ofEpochSecond(second++, 5)));
    }
    try {
      // Added with no daemon running; DaemonCommandsTest adds with metadata through one.
      String cid =
          lastLine(
              ok(
                  "add",
                  "--repo",
                  repo,
                  "-r",
                  "--preserve-mode",
                  "--preserve-mtime",
                  tree.toString()));
      Map<String, String> original = describe(tree, true);
      // The daemon holds the repository while it runs: these two can only go through it.
      DaemonCommandsTest.RunningDaemon daemon = new DaemonCommandsTest.RunningDaemon(repository);
      try {
        ok(
            "get",
            "--repo",
            repo,
            cid,
            "--preserve-mode",
            "--preserve-mtime",
            "-o",
            dir.resolve("via-daemon").toString());
        ok("get", "--repo", repo, cid, "-o", dir.resolve("plain-via-daemon").toString());
      } finally {
        daemon.close();
      }
      ok(
          "get",
          "--repo",
          repo,
          cid,
          "--preserve-mode",
          "--preserve-mtime",
          "-o",
          dir.resolve("local").toString());

      assertThat(describe(dir.resolve("via-daemon"), true))
          .isEqualTo(describe(dir.resolve("local"), true))
          .isEqualTo(original);
      // Without the flags nothing is restored: times are those of the writing.
      assertThat(Files.getLastModifiedTime(dir.resolve("plain-via-daemon").resolve("secret")))
          .isNotEqualTo(Files.getLastModifiedTime(tree.resolve("secret")));
      assertThat(describe(dir.resolve("plain-via-daemon"), false)).isEqualTo(describe(tree, false));
      assertNoWorkDirectoryLeft();
    } finally {
      // Read-only directories: open them up so that the temporary directory can be removed.
      for (String name : new String[] {"tree", "via-daemon", "local"}) {
        StagedOutput.deleteTree(dir.resolve(name));
      }
    }
  }

  @Test
  void contentTheDaemonDoesNotHaveIsReportedAndNothingIsLeft() throws Exception {
    Path repository = dir.resolve("repo");
    String missing = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";
    DaemonCommandsTest.RunningDaemon daemon = new DaemonCommandsTest.RunningDaemon(repository);
    try {
      Path destination = dir.resolve("out");

      CliRunner.Result result =
          CliRunner.run(
              "get", "--repo", repository.toString(), missing, "-o", destination.toString());

      assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
      assertThat(result.err())
          .startsWith("pinring: the daemon cannot send " + missing + ": ")
          .contains("not complete here");
      assertThat(destination).doesNotExist();
      assertNoWorkDirectoryLeft();

      CliRunner.Result below =
          CliRunner.run(
              "get",
              "--repo",
              repository.toString(),
              missing + "/some/path",
              "-o",
              destination.toString());
      assertThat(below.exitCode()).isEqualTo(ExitCodes.FAILURE);
      assertThat(below.err()).startsWith("pinring: the daemon cannot send block " + missing);
      assertThat(destination).doesNotExist();
      assertNoWorkDirectoryLeft();
    } finally {
      daemon.close();
    }
  }
}
