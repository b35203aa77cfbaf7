package org.pinring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PinringCommandTest {

  @Test
  void printsVersion() {
    CliRunner.Result result = CliRunner.run("--version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("pinring 0.").contains("Java ");
  }

  @Test
  void helpListsEverySubcommand() {
    CliRunner.Result result = CliRunner.run("--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("Usage: pinring")
        .contains("cid")
        .contains("multiaddr")
        .contains("help");
  }

  @Test
  void noSubcommandShowsUsage() {
    assertThat(CliRunner.run().out()).contains("Usage: pinring");
  }

  @Test
  void unknownSubcommandIsAUsageError() {
    CliRunner.Result result = CliRunner.run("frobnicate");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Unmatched argument");
  }
}
