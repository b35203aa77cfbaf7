package org.pinring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CidCommandTest {

  private static final String V0 = "QmXgkY4miMKJBrg8YYke4xw6C2n8WNsUc1GXLhN84k4QM3";

  @Test
  void inspectsACidV0() {
    CliRunner.Result result = CliRunner.run("cid", "inspect", V0);

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("CID:        " + V0)
        .contains("version:    0")
        .contains("multibase:  base58btc (implicit")
        .contains("codec:      dag-pb (0x70)")
        .contains("multihash:  sha2-256 (0x12), 32-byte digest")
        .containsPattern("digest: +[0-9a-f]{64}")
        .contains("CIDv1:      bafybei")
        .contains("CIDv0:      " + V0);
  }

  @Test
  void inspectsACidV1AsJson() throws Exception {
    String v1 = CliRunner.run("cid", "convert", V0, "--to", "v1", "--base", "base36").out().strip();

    CliRunner.Result result = CliRunner.run("cid", "inspect", "--json", v1);

    assertThat(result.exitCode()).isZero();
    JsonNode json = new ObjectMapper().readTree(result.out());
    assertThat(json.get("version").asInt()).isEqualTo(1);
    assertThat(json.get("multibase").asText()).isEqualTo("base36");
    assertThat(json.get("codec").get("name").asText()).isEqualTo("dag-pb");
    assertThat(json.get("multihash").get("digestLength").asInt()).isEqualTo(32);
    assertThat(json.get("cidV0").asText()).isEqualTo(V0);
    assertThat(json.get("cidV1").asText()).startsWith("bafybei");
  }

  @Test
  void omitsV0ForContentThatHasNone() throws Exception {
    String raw = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";

    JsonNode json =
        new ObjectMapper().readTree(CliRunner.run("cid", "inspect", "--json", raw).out());

    assertThat(json.get("codec").get("name").asText()).isEqualTo("raw");
    assertThat(json.has("cidV0")).isFalse();
    assertThat(CliRunner.run("cid", "inspect", raw).out()).contains("CIDv0:      (none");
  }

  @Test
  void convertsBetweenVersionsAndBases() {
    String v1 = CliRunner.run("cid", "convert", V0, "--to", "v1").out().strip();
    assertThat(v1).startsWith("bafybei");
    assertThat(CliRunner.run("cid", "convert", v1, "--to", "v0").out().strip()).isEqualTo(V0);
    assertThat(CliRunner.run("cid", "convert", v1, "--base", "base58btc").out().strip())
        .startsWith("z");
  }

  @Test
  void explainsBadInputWithExitCodeThree() {
    CliRunner.Result result = CliRunner.run("cid", "inspect", "QmNotACid");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.err())
        .startsWith("pinring: ")
        .contains("not a CID")
        .doesNotContain("Exception");
    assertThat(CliRunner.run("cid", "convert", V0, "--base", "base99").err())
        .contains("unknown multibase 'base99'");
    assertThat(CliRunner.run("cid", "convert", V0, "--to", "v7").err())
        .contains("--to must be v0 or v1");
    assertThat(CliRunner.run("cid", "convert", V0, "--base", "base32").err())
        .contains("only be written in base58btc");
  }

  @Test
  void reportsUsageErrorsWithExitCodeTwo() {
    assertThat(CliRunner.run("cid", "inspect").exitCode()).isEqualTo(2);
    assertThat(CliRunner.run("cid", "inspect", "--nope", V0).exitCode()).isEqualTo(2);
  }
}
