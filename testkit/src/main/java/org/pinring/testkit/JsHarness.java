package org.pinring.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The js reference harness in {@code interop/js}: real js-libp2p, Helia and multiformats packages
 * pinned by its lock file. Tests call {@link #require()} first; it applies the {@link
 * InteropPolicy} and then either returns a usable harness, skips the test (local opt-out only) or
 * fails it with setup instructions.
 */
public final class JsHarness {

  private final Path directory;
  private final String node;

  private JsHarness(Path directory, String node) {
    this.directory = directory;
    this.node = node;
  }

  /**
   * The harness, or a skipped or failed test according to {@link InteropPolicy}. If the pinned
   * packages are not installed yet (or the lock file changed since), runs {@code npm ci} once
   * first, so {@code mvn verify} works on a fresh clone with only Node.js present.
   */
  public static synchronized JsHarness require() {
    Path directory = findHarnessDirectory(Path.of("").toAbsolutePath());
    String node = findOnPath("node");
    String problem = null;
    if (directory == null) {
      problem = "interop/js not found above " + Path.of("").toAbsolutePath();
    } else if (node == null) {
      problem = "Node.js (node) is not on the PATH";
    } else if (!skipRequested()) {
      problem = NpmInstall.ensureInstalled(directory, findOnPath("npm"));
    }
    InteropPolicy.Decision decision =
        InteropPolicy.decide(System.getenv(), System.getProperty("pinring.interop"), problem);
    switch (decision.verdict()) {
      case SKIP -> Assumptions.abort(decision.reason());
      case FAIL -> fail(decision.reason());
      case RUN -> {}
    }
    return new JsHarness(directory, node);
  }

  private static boolean skipRequested() {
    return "skip".equalsIgnoreCase(System.getenv().getOrDefault("PINRING_INTEROP", ""))
        || "skip".equalsIgnoreCase(System.getProperty("pinring.interop", ""));
  }

  /** The {@code interop/js} directory. */
  public Path directory() {
    return directory;
  }

  /**
   * Runs a script of the harness to completion and returns its standard output.
   *
   * @param script path relative to {@code interop/js}, e.g. {@code vectors/multiformats.mjs}
   * @param timeout how long the script may take before it is killed and the test fails
   */
  public String run(String script, Duration timeout, String... args) {
    List<String> command = new ArrayList<>();
    command.add(node);
    command.add(script);
    command.addAll(List.of(args));
    try {
      Path stdout = Files.createTempFile("pinring-js-out", ".txt");
      Path stderr = Files.createTempFile("pinring-js-err", ".txt");
      try {
        Process process =
            new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          fail("js script " + script + " did not finish within " + timeout);
        }
        if (process.exitValue() != 0) {
          fail(
              "js script "
                  + script
                  + " exited with "
                  + process.exitValue()
                  + ":\n"
                  + Files.readString(stderr, StandardCharsets.UTF_8));
        }
        return Files.readString(stdout, StandardCharsets.UTF_8);
      } finally {
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  /**
   * Starts a long-running script of the harness (e.g. a js-libp2p peer); the caller closes it.
   *
   * @param script path relative to {@code interop/js}
   */
  public JsProcess start(String script, String... args) {
    List<String> command = new ArrayList<>();
    command.add(node);
    command.add(script);
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).directory(directory.toFile()).start();
      return new JsProcess(script, process);
    } catch (IOException e) {
      throw new IllegalStateException("could not start " + command, e);
    }
  }

  /** The nearest {@code interop/js} directory at or above {@code start}, or null. */
  static Path findHarnessDirectory(Path start) {
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("interop").resolve("js");
      if (Files.isRegularFile(candidate.resolve("package.json"))) {
        return candidate;
      }
    }
    return null;
  }

  /** The repository root: the directory that holds {@code interop/js}. */
  public Path repositoryRoot() {
    return directory.getParent().getParent();
  }

  static String findOnPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator, -1)) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }
}
