package org.pinring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinring.node.daemon.Daemon;
import org.pinring.node.repo.RepoLock;

/**
 * {@code pinring daemon} run in-process (stopped by interrupting its thread, as a signal would stop
 * it), and the commands that talk to a running daemon: {@code connect}, {@code peers}, {@code
 * fetch}, and {@code add}, {@code cat}, {@code get} through its API. Every daemon uses a temporary
 * repository and port 0.
 */
class DaemonCommandsTest {

  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final Pattern LISTENING =
      Pattern.compile(
          "^listening: (/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/(12D3KooW\\w+))$", Pattern.MULTILINE);
  private static final Pattern API =
      Pattern.compile("^API: (http://127\\.0\\.0\\.1:\\d+)$", Pattern.MULTILINE);

  @TempDir Path dir;

  /** A {@code pinring daemon} command running on its own thread (also used by DaemonGetTest). */
  static final class RunningDaemon implements AutoCloseable {
    final Path repository;
    final WatchedOutput out = new WatchedOutput();
    final StringWriter err = new StringWriter();
    final Thread thread;
    volatile int exitCode = -1;
    final String peerId;
    final String address;
    final String apiUrl;

    RunningDaemon(Path repository) throws InterruptedException {
      this.repository = repository;
      var commandLine = PinringCommand.commandLine();
      commandLine.setOut(new PrintWriter(out, true));
      commandLine.setErr(new PrintWriter(err, true));
      thread =
          new Thread(
              () ->
                  exitCode =
                      commandLine.execute(
                          "daemon",
                          "--repo",
                          repository.toString(),
                          "--listen",
                          "/ip4/127.0.0.1/tcp/0",
                          "--api",
                          "127.0.0.1:0"),
              "daemon-under-test");
      thread.start();
      String printed;
      try {
        printed = out.await(text -> text.contains("\nready\n"), thread, DEADLINE);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "\nstderr:\n" + err, e);
      }
      Matcher listening = LISTENING.matcher(printed);
      assertThat(listening.find()).as(printed).isTrue();
      address = listening.group(1);
      peerId = listening.group(2);
      Matcher api = API.matcher(printed);
      assertThat(api.find()).as(printed).isTrue();
      apiUrl = api.group(1);
    }

    /** Stops the daemon and returns its command's exit code. */
    int stop() {
      thread.interrupt();
      try {
        thread.join(DEADLINE.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while stopping the daemon", e);
      }
      assertThat(thread.isAlive()).as("the daemon command returned").isFalse();
      return exitCode;
    }

    @Override
    public void close() {
      if (thread.isAlive()) {
        stop();
      }
    }
  }

  static byte[] pattern(int size) {
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) (i % 251 + i / 4096);
    }
    return data;
  }

  static CliRunner.Result ok(String... args) {
    CliRunner.Result result = CliRunner.run(args);
    assertThat(result.exitCode()).as(result.err()).isZero();
    return result;
  }

  /** Runs a command whose standard output is binary. */
  private static byte[] binaryOutput(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true));
    try {
      ok(args);
    } finally {
      System.setOut(original);
    }
    return captured.toByteArray();
  }

  private static String addedCid(CliRunner.Result add) {
    Matcher cid = Pattern.compile("(baf\\w+|Qm\\w+)").matcher(add.out());
    assertThat(cid.find()).as(add.out()).isTrue();
    return cid.group(1);
  }

  @Test
  void daemonPrintsItsIdentityAddressesAndApiWhenReadyAndCleansUpWhenStopped() throws Exception {
    Path repository = dir.resolve("repo");
    String peerId;
    try (RunningDaemon daemon = new RunningDaemon(repository)) {
      peerId = daemon.peerId;
      assertThat(daemon.out.toString())
          .startsWith("peer ID: " + daemon.peerId + "\n")
          .endsWith("API: " + daemon.apiUrl + "\nready\n");
      assertThat(Files.readString(repository.resolve(Daemon.API_FILE)).trim())
          .isEqualTo(daemon.apiUrl);
      assertThat(repository.resolve("config.json")).isRegularFile();
      HttpResponse<String> id =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(daemon.apiUrl + "/id")).GET().build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(id.body()).contains("\"id\":\"" + daemon.peerId + "\"");

      assertThat(daemon.stop()).isZero();
      assertThat(repository.resolve(Daemon.API_FILE)).doesNotExist();
    }
    // The lock was released and the identity kept: the same peer starts again.
    try (RunningDaemon again = new RunningDaemon(repository)) {
      assertThat(again.peerId).isEqualTo(peerId);
    }
  }

  @Test
  void sigtermStopsADaemonProcessCleanly() throws Exception {
    Path repository = dir.resolve("repo");
    // Surefire's fork may run from a manifest-only jar; this property has the real class path.
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                Main.class.getName(),
                "daemon",
                "--repo",
                repository.toString(),
                "--listen",
                "/ip4/127.0.0.1/tcp/0",
                "--api",
                "127.0.0.1:0")
            // Logs go to a file: the JDK may close the stdout pipe under a reader when the process
            // exits, losing its last lines.
            .redirectError(dir.resolve("daemon.log").toFile());
    builder.environment().put("PINRING_LOG_LEVEL", "info");
    Process process = builder.start();
    try {
      WatchedOutput output = new WatchedOutput();
      Thread reader =
          new Thread(
              () -> {
                try (var in =
                    new java.io.InputStreamReader(
                        process.getInputStream(), StandardCharsets.UTF_8)) {
                  in.transferTo(output);
                } catch (IOException e) {
                  char[] note =
                      ("\n[reading the daemon's output failed: " + e + "]\n").toCharArray();
                  output.write(note, 0, note.length);
                }
              },
              "daemon-process-output");
      reader.start();
      output.await(text -> text.contains("\nready\n"), reader, DEADLINE);
      assertThat(repository.resolve(Daemon.API_FILE)).exists();

      process.destroy(); // SIGTERM

      assertThat(process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
      reader.join(DEADLINE.toMillis());
      // 143 = 128 + SIGTERM: the JVM's status after a signal, once its shutdown hooks have run.
      assertThat(process.exitValue()).as(output.toString()).isEqualTo(143);
      assertThat(Files.readString(dir.resolve("daemon.log"))).contains("daemon stopped");
      assertThat(repository.resolve(Daemon.API_FILE)).doesNotExist();
    } finally {
      process.destroyForcibly();
    }
    // The lock died with the process: a new daemon takes the repository.
    try (RunningDaemon again = new RunningDaemon(repository)) {
      assertThat(again.apiUrl).startsWith("http://127.0.0.1:");
    }
  }

  @Test
  void secondDaemonOnTheSameRepositoryIsRefused() throws Exception {
    Path repository = dir.resolve("repo");
    try (RunningDaemon first = new RunningDaemon(repository)) {
      CliRunner.Result second =
          CliRunner.run(
              "daemon",
              "--repo",
              repository.toString(),
              "--listen",
              "/ip4/127.0.0.1/tcp/0",
              "--api",
              "127.0.0.1:0");

      assertThat(second.exitCode()).isNotZero();
      assertThat(second.err())
          .contains("another PinRing daemon is running on")
          .contains("process " + ProcessHandle.current().pid());
      assertThat(second.out()).doesNotContain("ready");
      // The first one is unharmed.
      assertThat(ok("peers", "--repo", repository.toString()).exitCode()).isZero();
      assertThat(Files.readString(repository.resolve(Daemon.API_FILE)).trim())
          .isEqualTo(first.apiUrl);
    }
  }

  @Test
  void addCatAndGetGoThroughTheRunningDaemon() throws Exception {
    Path repository = dir.resolve("repo");
    byte[] content = pattern(3 * 1024 * 1024 + 17);
    Path file = dir.resolve("input.bin");
    Files.write(file, content);
    try (RunningDaemon daemon = new RunningDaemon(repository)) {
      // The daemon holds the repository's locks, so these can only work through its API.
      String cid = addedCid(ok("add", "--repo", repository.toString(), file.toString()));

      assertThat(binaryOutput("cat", "--repo", repository.toString(), cid)).isEqualTo(content);
      Path got = dir.resolve("got.bin");
      CliRunner.Result get =
          ok("get", "--repo", repository.toString(), cid, "--output", got.toString());
      assertThat(get.out()).contains("wrote " + got);
      assertThat(Files.readAllBytes(got)).isEqualTo(content);
      HttpResponse<byte[]> viaGateway =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(daemon.apiUrl + "/ipfs/" + cid)).GET().build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      assertThat(viaGateway.body()).isEqualTo(content);

      // Ranges as without a daemon (HTTP Range on the gateway).
      String repo = repository.toString();
      assertThat(binaryOutput("cat", "--repo", repo, cid, "--offset", "5"))
          .isEqualTo(Arrays.copyOfRange(content, 5, content.length));
      assertThat(binaryOutput("cat", "--repo", repo, cid, "--offset", "1048570", "--length", "20"))
          .isEqualTo(Arrays.copyOfRange(content, 1048570, 1048590));
      assertThat(binaryOutput("cat", "--repo", repo, cid, "--length", "3"))
          .isEqualTo(Arrays.copyOfRange(content, 0, 3));
      assertThat(binaryOutput("cat", "--repo", repo, cid, "--offset", "3145740", "--length", "99"))
          .isEqualTo(Arrays.copyOfRange(content, 3145740, content.length));
      assertThat(binaryOutput("cat", "--repo", repo, cid, "--offset", "99999999")).isEmpty();
      assertThat(binaryOutput("cat", "--repo", repo, cid, "--length", "0")).isEmpty();
    }
  }

  static String lastLine(CliRunner.Result result) {
    String[] lines = result.out().strip().split("\n", -1);
    return lines[lines.length - 1].strip();
  }

  @Test
  void addsDirectoriesThroughTheRunningDaemonWithTheCidsOfALocalImport() throws Exception {
    Path repository = dir.resolve("repo");
    String repo = repository.toString();
    Path tree = dir.resolve("tree");
    Files.createDirectories(tree.resolve("sub").resolve("empty"));
    Files.write(tree.resolve("a.bin"), pattern(1_500_000));
    Files.writeString(tree.resolve("sub").resolve("b.txt"), "b");
    Files.writeString(tree.resolve(".hidden"), "h");
    String local = lastLine(ok("add", "--repo", repo, "--only-hash", "-r", tree.toString()));
    String localHidden =
        lastLine(ok("add", "--repo", repo, "--only-hash", "-r", "--hidden", tree.toString()));
    String localKubo =
        lastLine(
            ok("add", "--repo", repo, "--only-hash", "-r", "--preset", "kubo", tree.toString()));
    assertThat(localHidden).isNotEqualTo(local);
    try (RunningDaemon daemon = new RunningDaemon(repository)) {
      CliRunner.Result added = ok("add", "--repo", repo, "-r", "-v", tree.toString());

      assertThat(lastLine(added)).isEqualTo(local);
      assertThat(added.out()).contains(" tree/sub/b.txt").contains(" tree/sub\n");
      assertThat(lastLine(ok("add", "--repo", repo, "-r", "--hidden", tree.toString())))
          .isEqualTo(localHidden);
      assertThat(lastLine(ok("add", "--repo", repo, "-r", "--preset", "kubo", tree.toString())))
          .isEqualTo(localKubo);
      assertThat(binaryOutput("cat", "--repo", repo, local + "/sub/b.txt"))
          .isEqualTo("b".getBytes(java.nio.charset.StandardCharsets.UTF_8));

      HttpResponse<byte[]> listing =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(daemon.apiUrl + "/ipfs/" + local)).build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      assertThat(new String(listing.body(), java.nio.charset.StandardCharsets.UTF_8))
          .contains("\"a.bin\"")
          .doesNotContain(".hidden");

      for (String directory : List.of(local, local + "/sub")) {
        CliRunner.Result catOfDirectory = CliRunner.run("cat", "--repo", repo, directory);
        assertThat(catOfDirectory.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(catOfDirectory.err()).contains(directory + " is a directory, not a file");
        assertThat(catOfDirectory.out()).isEmpty();
      }
      CliRunner.Result notRecursive = CliRunner.run("add", "--repo", repo, tree.toString());
      assertThat(notRecursive.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(notRecursive.err()).contains("add it with --recursive");
    }
  }

  @Test
  void addsWithModesAndMtimesThroughTheRunningDaemonWithTheCidsOfALocalImport() throws Exception {
    Path repository = dir.resolve("repo");
    String repo = repository.toString();
    Path tree = Files.createDirectories(dir.resolve("tree"));
    Files.createDirectories(tree.resolve("sub"));
    Path script = Files.writeString(tree.resolve("run.sh"), "#!/bin/sh\n");
    Path secret = Files.writeString(tree.resolve("sub").resolve("secret"), "s");
    Files.createSymbolicLink(tree.resolve("link"), Path.of("run.sh"));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    Files.setLastModifiedTime(script, FileTime.from(Instant.ofEpochSecond(1_600_000_000L, 250)));
    // Before the epoch: mtime is signed.
    Files.setLastModifiedTime(secret, FileTime.from(Instant.ofEpochSecond(-86_400L)));
    Files.setLastModifiedTime(tree.resolve("sub"), FileTime.from(Instant.ofEpochSecond(1_000)));
    Files.setPosixFilePermissions(tree, PosixFilePermissions.fromString("rwx------"));
    String[][] flagSets = {
      {"--preserve-mode"}, {"--preserve-mtime"}, {"--preserve-mode", "--preserve-mtime"}, {}
    };
    List<String> local = new java.util.ArrayList<>();
    for (String[] flags : flagSets) {
      for (Path input : List.of(tree, script)) {
        local.add(lastLine(ok(addArgs(repo, input, "--only-hash", flags))));
      }
    }
    assertThat(new java.util.HashSet<>(local)).as("each flag set changes the CIDs").hasSize(8);
    // The daemon holds the repository: every add below goes through it.
    RunningDaemon daemon = new RunningDaemon(repository);
    try {
      List<String> throughDaemon = new java.util.ArrayList<>();
      for (String[] flags : flagSets) {
        for (Path input : List.of(tree, script)) {
          throughDaemon.add(lastLine(ok(addArgs(repo, input, "-v", flags))));
        }
      }

      assertThat(throughDaemon).isEqualTo(local);
    } finally {
      daemon.close();
    }
  }

  private static String[] addArgs(String repo, Path input, String extra, String... flags) {
    List<String> args = new java.util.ArrayList<>(List.of("add", "--repo", repo, "-r", extra));
    args.addAll(Arrays.asList(flags));
    args.add(input.toString());
    return args.toArray(String[]::new);
  }

  @Test
  void connectPeersAndFetchMoveADagBetweenTwoDaemons() throws Exception {
    byte[] content = pattern(5 * 1024 * 1024 + 3);
    Path file = dir.resolve("input.bin");
    Files.write(file, content);
    try (RunningDaemon holder = new RunningDaemon(dir.resolve("holder"));
        RunningDaemon fetcher = new RunningDaemon(dir.resolve("fetcher"))) {
      String holderRepo = holder.repository.toString();
      String fetcherRepo = fetcher.repository.toString();
      String cid = addedCid(ok("add", "--repo", holderRepo, "--cid-version", "1", file.toString()));

      CliRunner.Result connect = ok("connect", "--repo", fetcherRepo, holder.address);
      assertThat(connect.out()).isEqualTo("connected to " + holder.peerId + "\n");
      assertThat(ok("peers", "--repo", fetcherRepo).out())
          .containsPattern("(?m)^/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/" + holder.peerId + "$");
      assertThat(ok("peers", "--repo", holderRepo).out()).contains("/p2p/" + fetcher.peerId);

      CliRunner.Result fetch = ok("fetch", "--repo", fetcherRepo, cid, "--from", holder.address);

      Matcher fetched =
          Pattern.compile(
                  "^fetched " + cid + ": (\\d+) blocks, (\\d+) bytes received$", Pattern.MULTILINE)
              .matcher(fetch.out());
      assertThat(fetched.find()).as(fetch.out()).isTrue();
      assertThat(Long.parseLong(fetched.group(2))).isGreaterThanOrEqualTo(content.length);
      assertThat(fetch.out()).containsPattern("(?m)^  \\d+ blocks from " + holder.peerId + "$");
      assertThat(binaryOutput("cat", "--repo", fetcherRepo, cid)).isEqualTo(content);
      // Pinned by the fetch: it survives the daemon and is there for offline commands.
      assertThat(fetcher.stop()).isZero();
      assertThat(ok("pin", "ls", "--repo", fetcherRepo).out()).contains(cid);
    }
  }

  @Test
  void fetchReportsAPeerThatLacksTheDag() throws Exception {
    try (RunningDaemon empty = new RunningDaemon(dir.resolve("empty"));
        RunningDaemon fetcher = new RunningDaemon(dir.resolve("fetcher"))) {
      String missing = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";

      CliRunner.Result fetch =
          CliRunner.run(
              "fetch", "--repo", fetcher.repository.toString(), missing, "--from", empty.address);

      assertThat(fetch.exitCode()).isEqualTo(ExitCodes.FAILURE);
      assertThat(fetch.err()).startsWith("pinring: fetch failed: ");
    }
  }

  @Test
  void daemonCommandsWithoutADaemonSayHowToStartOne() throws IOException {
    Path repository = dir.resolve("idle");
    Files.createDirectories(repository);
    for (List<String> args :
        List.of(
            List.of("peers"),
            List.of(
                "connect",
                "/ip4/127.0.0.1/tcp/1/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA"),
            List.of("fetch", "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"))) {
      String[] command = new String[args.size() + 2];
      args.toArray(command);
      command[args.size()] = "--repo";
      command[args.size() + 1] = repository.toString();

      CliRunner.Result result = CliRunner.run(command);

      assertThat(result.exitCode()).as(args.toString()).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(result.err())
          .contains("no daemon is running on " + repository)
          .contains("pinring daemon");
    }
  }

  /** A command running on its own thread, its standard error watched. */
  private static final class BackgroundCommand {
    final StringWriter out = new StringWriter();
    final WatchedOutput err = new WatchedOutput();
    final Thread thread;
    volatile int exitCode = -1;

    BackgroundCommand(String... args) {
      var commandLine = PinringCommand.commandLine();
      commandLine.setOut(new PrintWriter(out, true));
      commandLine.setErr(new PrintWriter(err, true));
      thread = new Thread(() -> exitCode = commandLine.execute(args), "command-under-test");
      thread.start();
    }

    void awaitWaiting() throws InterruptedException {
      err.await(text -> text.contains("waiting for the daemon"), thread, DEADLINE);
    }

    int finish() throws InterruptedException {
      thread.join(DEADLINE.toMillis());
      assertThat(thread.isAlive()).as("the command returned").isFalse();
      return exitCode;
    }
  }

  @Test
  void aCommandRunBeforeTheDaemonWritesItsApiFileWaitsAndGoesThroughIt() throws Exception {
    Path repository = dir.resolve("repo");
    Path file = Files.writeString(dir.resolve("input.txt"), "written while the daemon starts");
    try (RunningDaemon daemon = new RunningDaemon(repository)) {
      // What a command sees in the moments after `pinring daemon &`: the repository is locked by
      // the daemon, and its API file is not written yet.
      Path apiFile = repository.resolve(Daemon.API_FILE);
      String api = Files.readString(apiFile);
      Files.delete(apiFile);
      BackgroundCommand add =
          new BackgroundCommand("add", "--repo", repository.toString(), file.toString());
      add.awaitWaiting();
      Files.writeString(apiFile, api);

      assertThat(add.finish()).as(add.err.toString()).isZero();
      String cid = add.out.toString().strip();
      HttpResponse<byte[]> fromDaemon =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(daemon.apiUrl + "/ipfs/" + cid)).GET().build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      assertThat(new String(fromDaemon.body(), StandardCharsets.UTF_8))
          .isEqualTo("written while the daemon starts");
    }
  }

  @Test
  void aCommandWaitsForAStoppingDaemonToLetGoThenWorksLocally() throws Exception {
    Path repository = dir.resolve("repo");
    Path file = Files.writeString(dir.resolve("input.txt"), "local");
    String cid = lastLine(ok("add", "--repo", repository.toString(), file.toString()));
    // A daemon that has removed its API file and not yet closed the repository.
    RepoLock stopping = RepoLock.acquire(repository, RepoLock.Holder.DAEMON);
    BackgroundCommand cat;
    try {
      cat = new BackgroundCommand("cat", "--repo", repository.toString(), cid);
      cat.awaitWaiting();
    } finally {
      stopping.close();
    }

    assertThat(cat.finish()).as(cat.err.toString()).isZero();
    assertThat(cat.err.toString()).contains("waiting for the daemon on " + repository);
  }

  @Test
  void aRepositoryHeldByAnotherCommandIsReportedAtOnce() throws Exception {
    Path repository = dir.resolve("repo");
    Path file = Files.writeString(dir.resolve("input.txt"), "x");
    ok("add", "--repo", repository.toString(), file.toString());
    RepoLock other = RepoLock.acquire(repository, RepoLock.Holder.COMMAND);
    try {
      for (String[] args :
          new String[][] {
            {"add", "--repo", repository.toString(), file.toString()},
            {
              "daemon",
              "--repo",
              repository.toString(),
              "--api",
              "127.0.0.1:0",
              "--listen",
              "/ip4/127.0.0.1/tcp/0"
            }
          }) {
        CliRunner.Result result = CliRunner.run(args);

        assertThat(result.exitCode()).as(args[0]).isNotZero();
        assertThat(result.err())
            .as(args[0])
            .contains(
                "another pinring command (process "
                    + ProcessHandle.current().pid()
                    + ") is using the repository "
                    + repository)
            .doesNotContain("waiting");
      }
    } finally {
      other.close();
    }
  }

  @Test
  void staleApiFileOfAKilledDaemonIsIgnored() throws Exception {
    Path repository = dir.resolve("repo");
    String staleUrl;
    try (RunningDaemon daemon = new RunningDaemon(repository)) {
      staleUrl = daemon.apiUrl;
    }
    // What a killed daemon leaves behind: the api file pointing at a closed port.
    Files.writeString(repository.resolve(Daemon.API_FILE), staleUrl + "\n", StandardCharsets.UTF_8);

    CliRunner.Result peers = CliRunner.run("peers", "--repo", repository.toString());

    assertThat(peers.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(peers.err()).contains("no daemon is running on " + repository);
  }
}
