package org.pinring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinring.threshold.TranscriptChecker;
import org.pinring.threshold.TranscriptJson;

class ThresholdCommandTest {

  @TempDir Path dir;

  @Test
  void writesATranscriptThatTheVectorCheckerAccepts() throws Exception {
    Path out = dir.resolve("t.json");

    CliRunner.Result result =
        CliRunner.run(
            "threshold",
            "transcript",
            "--min",
            "3",
            "--max",
            "5",
            "--message",
            "74657374",
            "--signers",
            "1,3,5",
            "--out",
            out.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("3 of 5, signers [1, 3, 5]").contains("signature:");
    String json = Files.readString(out, StandardCharsets.UTF_8);
    JsonNode tree = new ObjectMapper().readTree(json);
    for (String section :
        new String[] {
          "config", "inputs", "round_one_outputs", "round_two_outputs", "final_output"
        }) {
      assertThat(tree.has(section)).as(section).isTrue();
    }
    assertThat(tree.get("inputs").get("participant_list").toString()).isEqualTo("[1,3,5]");
    assertThat(TranscriptChecker.check(TranscriptJson.read(json))).isEmpty();

    CliRunner.Result check = CliRunner.run("threshold", "check", out.toString());
    assertThat(check.exitCode()).isZero();
    assertThat(check.out()).startsWith("ok");

    String key = tree.get("inputs").get("group_public_key").asText();
    String sig = tree.get("final_output").get("sig").asText();
    CliRunner.Result verify =
        CliRunner.run(
            "threshold",
            "verify",
            "--public-key",
            key,
            "--message",
            "74657374",
            "--signature",
            sig);
    assertThat(verify.exitCode()).isZero();
    assertThat(verify.out().strip()).isEqualTo("valid");
    CliRunner.Result wrong =
        CliRunner.run(
            "threshold",
            "verify",
            "--public-key",
            key,
            "--message",
            "74657375",
            "--signature",
            sig);
    assertThat(wrong.exitCode()).isEqualTo(1);
    assertThat(wrong.out().strip()).isEqualTo("invalid");
  }

  @Test
  void defaultsToTheFirstTSignersAndReportsTamperedTranscripts() throws Exception {
    Path out = dir.resolve("t.json");
    assertThat(
            CliRunner.run(
                    "threshold",
                    "transcript",
                    "--min",
                    "2",
                    "--max",
                    "3",
                    "--message",
                    "",
                    "--out",
                    out.toString())
                .exitCode())
        .isZero();
    String json = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(new ObjectMapper().readTree(json).get("inputs").get("participant_list").toString())
        .isEqualTo("[1,2]");
    String sigShare =
        new ObjectMapper()
            .readTree(json)
            .get("round_two_outputs")
            .get("outputs")
            .get(0)
            .get("sig_share")
            .asText();
    String flipped = (sigShare.charAt(0) == '0' ? "1" : "0") + sigShare.substring(1);
    Files.writeString(out, json.replace(sigShare, flipped), StandardCharsets.UTF_8);

    CliRunner.Result check = CliRunner.run("threshold", "check", out.toString());

    assertThat(check.exitCode()).isEqualTo(1);
    assertThat(check.out()).contains("sig_share of 1");
  }

  @Test
  void explainsBadInput() {
    CliRunner.Result notHex =
        CliRunner.run(
            "threshold", "verify", "--public-key", "zz", "--message", "00", "--signature", "00");
    assertThat(notHex.exitCode()).isEqualTo(3);
    assertThat(notHex.err()).contains("--public-key must be hex");

    CliRunner.Result smallOrder =
        CliRunner.run(
            "threshold", "verify",
            "--public-key", "0100000000000000000000000000000000000000000000000000000000000000",
            "--message", "00",
            "--signature", "00".repeat(64));
    assertThat(smallOrder.exitCode()).isEqualTo(3);
    assertThat(smallOrder.err()).contains("identity");

    CliRunner.Result badThreshold =
        CliRunner.run(
            "threshold", "transcript", "--min", "4", "--max", "3", "--message", "00", "--out", "x");
    assertThat(badThreshold.exitCode()).isEqualTo(3);
    assertThat(badThreshold.err()).contains("exceeds");

    CliRunner.Result tooFewSigners =
        CliRunner.run(
            "threshold",
            "transcript",
            "--min",
            "3",
            "--max",
            "5",
            "--message",
            "00",
            "--signers",
            "1,2",
            "--out",
            "x");
    assertThat(tooFewSigners.exitCode()).isEqualTo(3);
  }
}
