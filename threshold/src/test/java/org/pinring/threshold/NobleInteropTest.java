package org.pinring.threshold;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinring.runtime.SecureRandomSource;
import org.pinring.testkit.JsHarness;

/**
 * Interop with the FROST of {@code @noble/curves}: the committed noble vectors are still what noble
 * prints, and noble re-derives every value of transcripts PinRing generates with fresh randomness
 * (and
 *
 * <p>{@code @noble/ed25519} verifies the signatures).
 */
@Tag("interop")
class NobleInteropTest {

  @TempDir Path dir;

  @Test
  void committedNobleVectorsAreWhatNoblePrints() {
    JsHarness js = JsHarness.require();

    String regenerated = js.run("threshold/frost-vectors.mjs", Duration.ofMinutes(2));

    assertThat(regenerated).isEqualTo(Vectors.read(NobleVectorsTest.RESOURCE));
  }

  @Test
  void nobleRederivesPinringTranscripts() throws IOException {
    JsHarness js = JsHarness.require();
    SecureRandomSource random = new SecureRandomSource();
    int[][] configs = {{2, 3}, {3, 5}, {7, 10}};
    List<List<Integer>> signers =
        List.of(List.of(2, 3), List.of(1, 4, 5), List.of(1, 2, 3, 5, 6, 8, 10));
    for (int i = 0; i < configs.length; i++) {
      Transcript t =
          TranscriptGenerator.generate(
              configs[i][0],
              configs[i][1],
              ("interop " + i).getBytes(StandardCharsets.UTF_8),
              signers.get(i),
              random);
      Path file = dir.resolve("transcript-" + i + ".json");
      Files.writeString(file, TranscriptJson.write(t), StandardCharsets.UTF_8);

      String report =
          js.run("threshold/check-transcript.mjs", Duration.ofMinutes(1), file.toString());

      assertThat(report.strip()).isEqualTo("{\"ok\":true,\"mismatches\":[]}");
    }
  }
}
