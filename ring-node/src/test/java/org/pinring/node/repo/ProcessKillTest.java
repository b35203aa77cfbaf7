package org.pinring.node.repo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pinring.multiformats.Cid;
import org.pinring.node.dag.DagLimits;
import org.pinring.node.dag.DagWalker;

/**
 * Kills a writing process with SIGKILL at an arbitrary moment, several times over, and reopens the
 * repository each time: every acknowledged pin's DAG is complete and verifies, no partial or stray
 * block is visible, the totals match, and the store keeps working.
 */
class ProcessKillTest {

  @TempDir Path directory;

  /**
   * {@code blocks}: small DAGs written block by block; {@code pipelined}: files imported with many
   * block writes in flight, as {@code pinring add} stores them.
   */
  @ParameterizedTest
  @ValueSource(strings = {"blocks", "pipelined"})
  void aKilledWriterLosesNothingAcknowledgedAndLeavesNoPartialBlock(String mode) throws Exception {
    List<Cid> acknowledged = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      acknowledged.addAll(runAndKill(round, 8 + round * 5, mode));

      try (Repository repository = Repository.open(directory)) {
        assertThat(repository.pins().list()).containsAll(acknowledged);
        DagWalker walker = new DagWalker(repository.blocks()::links, DagLimits.defaults());
        for (Cid root : repository.pins().list()) {
          walker.walk(
              root,
              (cid, depth) -> assertThat(repository.blocks().get(cid)).as("%s", cid).isPresent());
        }
        var scrub = repository.blocks().scrub(false);
        assertThat(scrub.healthy()).as("%s", scrub).isTrue();
        assertThat(scrub.checkedBytes()).isEqualTo(repository.blocks().stats().bytes());
        assertThat(scrub.checkedBlocks()).isEqualTo(repository.blocks().stats().blocks());
        assertThat(directory.resolve("blocks/.temp")).isEmptyDirectory();
      }
    }
  }

  /** Starts the writer, waits for {@code pins} acknowledgements, kills it; returns those pins. */
  private List<Cid> runAndKill(int round, int pins, String mode)
      throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                KillableWriter.class.getName(),
                directory.toString(),
                Integer.toString(round),
                mode)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    List<Cid> acknowledged = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      while (acknowledged.size() < pins) {
        String line = out.readLine();
        assertThat(line).as("the writer stopped early").isNotNull();
        acknowledged.add(Cid.parse(line.substring(line.lastIndexOf(' ') + 1)));
      }
      process.destroyForcibly(); // SIGKILL: no shutdown hooks, no clean close
      process.waitFor();
    }
    return acknowledged;
  }
}
