package org.pinring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The content commands end to end on a temporary repository. */
class ContentCommandsTest {

  @TempDir Path directory;
  private String repo;

  @BeforeEach
  void paths() {
    repo = directory.resolve("repo").toString();
  }

  private static byte[] pattern(int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = (byte) (i % 251);
    }
    return out;
  }

  private Path file(String name, byte[] content) throws IOException {
    Path path = directory.resolve(name);
    Files.createDirectories(path.getParent());
    Files.write(path, content);
    return path;
  }

  /** Runs a command whose standard output is binary. */
  private static byte[] binaryOutput(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true));
    try {
      CliRunner.Result result = CliRunner.run(args);
      assertThat(result.exitCode()).as(result.err()).isZero();
    } finally {
      System.setOut(original);
    }
    return captured.toByteArray();
  }

  @Test
  void addsWithTheKuboPresetAndGetsTheIssuesExampleCid() throws IOException {
    Path file = file("one-mib", pattern(1 << 20));

    CliRunner.Result result =
        CliRunner.run("add", "--repo", repo, "--preset", "kubo", file.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out().strip()).isEqualTo("QmXgkY4miMKJBrg8YYke4xw6C2n8WNsUc1GXLhN84k4QM3");
    assertThat(result.err()).contains("created a repository in " + repo);
    assertThat(CliRunner.run("pin", "ls", "--repo", repo).out())
        .contains("QmXgkY4miMKJBrg8YYke4xw6C2n8WNsUc1GXLhN84k4QM3");
    assertThat(CliRunner.run("repo", "stat", "--repo", repo).out())
        .contains("blocks:     5")
        .contains("lent:       10 GiB");
  }

  /**
   * The writers and window come from config.json; one writer and the smallest window still work.
   */
  @Test
  void addStoresBlocksWithTheWritersAndWindowOfTheConfig() throws IOException {
    assertThat(CliRunner.run("repo", "init", "--repo", repo).exitCode()).isZero();
    Path config = Path.of(repo, "config.json");
    Files.writeString(
        config,
        Files.readString(config)
            .replaceFirst("\"writers\" : \\d+", "\"writers\" : 1")
            .replaceFirst("\"writeWindow\" : \"[^\"]+\"", "\"writeWindow\" : \"2MiB\""));
    assertThat(Files.readString(config)).contains("\"writers\" : 1").contains("\"2MiB\"");
    Path file = file("five-mib", pattern(5 << 20));

    CliRunner.Result result =
        CliRunner.run("add", "--repo", repo, "--preset", "kubo", file.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out().strip())
        .isEqualTo(
            CliRunner.run("add", "--only-hash", "--preset", "kubo", file.toString()).out().strip());
    assertThat(CliRunner.run("repo", "stat", "--repo", repo).out()).contains("blocks:     21");
    assertThat(CliRunner.run("repo", "scrub", "--repo", repo).exitCode()).isZero();
  }

  @Test
  void addsWithHeliasDefaultsAndFlagsOverrideThePreset() throws IOException {
    Path file = file("f", pattern(1 << 20));

    assertThat(CliRunner.run("add", "--repo", repo, file.toString()).out().strip())
        .isEqualTo(
            CliRunner.run("add", "--only-hash", "--preset", "helia", file.toString()).out().strip())
        .startsWith("bafkrei");
    assertThat(
            CliRunner.run(
                    "add", "--only-hash", "--preset", "kubo", "--cid-version", "1", file.toString())
                .out()
                .strip())
        .startsWith("bafybei");
    assertThat(
            CliRunner.run(
                    "add",
                    "--only-hash",
                    "--preset",
                    "kubo",
                    "--chunk-size",
                    "1MiB",
                    file.toString())
                .out()
                .strip())
        .startsWith("Qm");
    CliRunner.Result tooBig =
        CliRunner.run("add", "--only-hash", "--chunk-size", "2MiB", file.toString());
    assertThat(tooBig.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(tooBig.err()).contains("chunk size must be between 1 and 1048576");
  }

  @Test
  void onlyHashStoresNothing() throws IOException {
    Path file = file("f", pattern(1000));

    CliRunner.Result result = CliRunner.run("add", "--repo", repo, "--only-hash", file.toString());

    assertThat(result.exitCode()).isZero();
    assertThat(Path.of(repo)).doesNotExist();
  }

  @Test
  void addsDirectoriesOnlyWhenRecursiveAndListsThem() throws IOException {
    file("tree/a.txt", "alpha".getBytes(StandardCharsets.UTF_8));
    file("tree/sub/b.txt", "beta".getBytes(StandardCharsets.UTF_8));
    file("tree/.hidden", "h".getBytes(StandardCharsets.UTF_8));
    String tree = directory.resolve("tree").toString();

    CliRunner.Result refused = CliRunner.run("add", "--repo", repo, tree);
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(refused.err()).contains("is a directory; add it with --recursive");

    CliRunner.Result added = CliRunner.run("add", "--repo", repo, "-r", "--verbose", tree);
    assertThat(added.exitCode()).as(added.err()).isZero();
    String output = added.out().strip();
    String root = output.substring(output.lastIndexOf('\n') + 1);
    assertThat(added.out())
        .contains("added ")
        .contains(" tree/a.txt")
        .contains(" tree/sub/b.txt")
        .doesNotContain(".hidden");

    CliRunner.Result listing = CliRunner.run("ls", "--repo", repo, root);
    assertThat(listing.out()).contains(" a.txt").contains(" sub/").doesNotContain("hidden");
    assertThat(
            new String(
                binaryOutput("cat", "--repo", repo, root + "/sub/b.txt"), StandardCharsets.UTF_8))
        .isEqualTo("beta");

    Path out = directory.resolve("copy");
    CliRunner.Result got = CliRunner.run("get", "--repo", repo, root, "-o", out.toString());
    assertThat(got.exitCode()).as(got.err()).isZero();
    assertThat(out.resolve("a.txt")).hasContent("alpha");
    assertThat(out.resolve("sub/b.txt")).hasContent("beta");
    CliRunner.Result again = CliRunner.run("get", "--repo", repo, root, "-o", out.toString());
    assertThat(again.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(again.err()).contains("already exists");
  }

  @Test
  void catsByteRanges() throws IOException {
    byte[] content = pattern(3_000_000);
    String cid = CliRunner.run("add", "--repo", repo, file("f", content).toString()).out().strip();

    byte[] slice =
        binaryOutput("cat", "--repo", repo, cid, "--offset", "1048570", "--length", "20");

    byte[] expected = new byte[20];
    System.arraycopy(content, 1_048_570, expected, 0, 20);
    assertThat(slice).isEqualTo(expected);
    assertThat(binaryOutput("cat", "--repo", repo, "/ipfs/" + cid)).isEqualTo(content);
  }

  @Test
  void exportsAndImportsCars() throws IOException {
    byte[] content = pattern(2_500_000);
    String cid = CliRunner.run("add", "--repo", repo, file("f", content).toString()).out().strip();
    Path car = directory.resolve("x.car");

    CliRunner.Result exported =
        CliRunner.run("car", "export", "--repo", repo, cid, "-o", car.toString());
    assertThat(exported.exitCode()).as(exported.err()).isZero();
    byte[] viaStdout = binaryOutput("car", "export", "--repo", repo, cid);
    assertThat(viaStdout).isEqualTo(Files.readAllBytes(car));

    String other = directory.resolve("other").toString();
    CliRunner.Result imported = CliRunner.run("car", "import", "--repo", other, car.toString());
    assertThat(imported.exitCode()).as(imported.err()).isZero();
    assertThat(imported.out()).contains("pinned root " + cid).contains("imported 4 block(s)");
    assertThat(binaryOutput("cat", "--repo", other, cid)).isEqualTo(content);

    Path garbage = file("garbage.car", "not a car".getBytes(StandardCharsets.UTF_8));
    CliRunner.Result refused = CliRunner.run("car", "import", "--repo", other, garbage.toString());
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
  }

  @Test
  void collectsGarbageAfterUnpinning() throws IOException {
    String keep =
        CliRunner.run("add", "--repo", repo, file("keep", pattern(5000)).toString()).out().strip();
    String drop =
        CliRunner.run("add", "--repo", repo, file("drop", pattern(7000)).toString()).out().strip();

    assertThat(CliRunner.run("pin", "rm", "--repo", repo, drop).out()).contains("unpinned " + drop);
    CliRunner.Result gc = CliRunner.run("repo", "gc", "--repo", repo);

    assertThat(gc.out()).contains("removed 1 block(s), freed 6.8 KiB");
    assertThat(CliRunner.run("cat", "--repo", repo, drop).exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(binaryOutput("cat", "--repo", repo, keep)).hasSize(5000);
    assertThat(CliRunner.run("pin", "rm", "--repo", repo, drop).exitCode())
        .isEqualTo(ExitCodes.BAD_INPUT);
  }

  @Test
  void scrubReportsAndRepairsAFlippedByte() throws IOException {
    String cid =
        CliRunner.run("add", "--repo", repo, file("f", pattern(5000)).toString()).out().strip();
    Path block;
    try (Stream<Path> files = Files.walk(Path.of(repo, "blocks"))) {
      block = files.filter(p -> p.toString().endsWith(".data")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(block);
    bytes[100] ^= 1;
    Files.write(block, bytes);

    CliRunner.Result scrub = CliRunner.run("repo", "scrub", "--repo", repo);
    assertThat(scrub.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(scrub.out()).contains("corrupt ").contains("damaged; run with --repair");
    CliRunner.Result cat = CliRunner.run("cat", "--repo", repo, cid);
    assertThat(cat.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(cat.err()).contains("do not hash to this CID");

    assertThat(CliRunner.run("repo", "scrub", "--repo", repo, "--repair").out())
        .contains("repaired");
    assertThat(CliRunner.run("repo", "scrub", "--repo", repo).out()).contains("ok");
  }

  @Test
  void refusesToExceedTheLentSpace() throws IOException {
    assertThat(CliRunner.run("repo", "init", "--repo", repo, "--lend", "1MiB").out())
        .contains("lending 1 MiB");

    CliRunner.Result result =
        CliRunner.run("add", "--repo", repo, file("big", pattern(3_000_000)).toString());

    assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(result.err()).contains("would exceed the lent space of 1 MiB");
    assertThat(CliRunner.run("repo", "stat", "--repo", repo).out()).contains("pins:       0");
  }

  @Test
  void explainsMissingRepositoriesBlocksAndPaths() throws IOException {
    CliRunner.Result noRepo = CliRunner.run("repo", "stat", "--repo", repo);
    assertThat(noRepo.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(noRepo.err()).contains("create one with `pinring repo init`");

    String cid =
        CliRunner.run("add", "--repo", repo, file("f", pattern(10)).toString()).out().strip();
    CliRunner.Result missing =
        CliRunner.run(
            "cat", "--repo", repo, "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(missing.err()).contains("is not in the local store");
    CliRunner.Result badPath = CliRunner.run("cat", "--repo", repo, cid + "/inside");
    assertThat(badPath.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(badPath.err()).contains("is not a directory");
    assertThat(CliRunner.run("cat", "--repo", repo, "notacid").exitCode())
        .isEqualTo(ExitCodes.BAD_INPUT);
  }

  @Test
  void drawsAProgressBar() {
    assertThat(ProgressBar.line(512L << 20, 1L << 30, 2_000_000_000L))
        .isEqualTo("[############............]  50%  512 MiB / 1 GiB  256 MiB/s  ETA 0:02   ");
  }
}
