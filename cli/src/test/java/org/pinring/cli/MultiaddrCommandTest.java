package org.pinring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class MultiaddrCommandTest {

  private static final String ADDRESS =
      "/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";

  @Test
  void showsComponentsAndBinaryForm() {
    CliRunner.Result result = CliRunner.run("multiaddr", "inspect", ADDRESS);

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("multiaddr:  " + ADDRESS)
        .contains("binary:     047f000001060fa1a50326")
        .containsPattern("ip4 +code 4 +127\\.0\\.0\\.1 +047f000001")
        .containsPattern("tcp +code 6 +4001 +060fa1")
        .containsPattern("p2p +code 421 +12D3KooW");
  }

  @Test
  void readsTheBinaryFormAsHex() throws Exception {
    CliRunner.Result result = CliRunner.run("multiaddr", "inspect", "--json", "0x04c000022a0601bb");

    JsonNode json = new ObjectMapper().readTree(result.out());
    assertThat(json.get("multiaddr").asText()).isEqualTo("/ip4/192.0.2.42/tcp/443");
    assertThat(json.get("components").get(1).get("value").asText()).isEqualTo("443");
  }

  @Test
  void explainsBadInput() {
    CliRunner.Result result = CliRunner.run("multiaddr", "inspect", "/ip4/300.1.1.1");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.err()).contains("invalid /ip4 value '300.1.1.1'");
    assertThat(CliRunner.run("multiaddr", "inspect", "0xzz").err()).contains("not valid hex");
    assertThat(CliRunner.run("multiaddr", "inspect", "0x04c0").err()).contains("binary multiaddr");
  }
}
