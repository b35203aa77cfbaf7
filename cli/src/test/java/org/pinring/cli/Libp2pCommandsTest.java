package org.pinring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinring.libp2p.Host;
import org.pinring.libp2p.HostConfig;
import org.pinring.multiformats.Multiaddr;

/** {@code pinring id}, {@code ping} and {@code perf --client} against an in-process host. */
class Libp2pCommandsTest {

  private static Host target;
  private static String targetAddress;

  @TempDir Path dir;

  @BeforeAll
  static void startTarget() {
    target = Libp2pSupport.host(null, HostConfig.defaults().withPerfServer(true));
    Multiaddr bound = target.listen(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))).join().get(0);
    targetAddress = bound.withPeerId(target.peerId().multihash()).toString();
  }

  @AfterAll
  static void stopTarget() {
    target.close();
  }

  @Test
  void idCreatesAnOwnerOnlyKeyOnceAndShowsTheSamePeerAfterwards() throws Exception {
    Path key = dir.resolve("identity.key");

    CliRunner.Result first = CliRunner.run("id", "--key", key.toString(), "--json");
    CliRunner.Result second = CliRunner.run("id", "--key", key.toString(), "--json");

    assertThat(first.exitCode()).as(first.err()).isZero();
    JsonNode created = new ObjectMapper().readTree(first.out());
    JsonNode shown = new ObjectMapper().readTree(second.out());
    assertThat(created.get("created").asBoolean()).isTrue();
    assertThat(shown.get("created").asBoolean()).isFalse();
    assertThat(shown.get("peerId").asText())
        .isEqualTo(created.get("peerId").asText())
        .startsWith("12D3KooW");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
  }

  @Test
  void idRefusesAKeyFileOthersCanRead() throws Exception {
    Path key = dir.resolve("identity.key");
    CliRunner.run("id", "--key", key.toString());
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw-r--"));

    CliRunner.Result result = CliRunner.run("id", "--key", key.toString());

    assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err()).contains("chmod 600");
  }

  @Test
  void pingPrintsEachRoundTripAndASummary() {
    CliRunner.Result result = CliRunner.run("ping", targetAddress, "-n", "3");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("PING " + target.peerId())
        .containsPattern("pong 1 from 12D3KooW\\w+: time=[0-9.]+ ms")
        .contains("pong 3")
        .containsPattern("3 pings, rtt min/avg/max = [0-9.]+/[0-9.]+/[0-9.]+ ms");
  }

  @Test
  void pingExplainsAnUnreachablePeer() {
    String closed = "/ip4/127.0.0.1/tcp/1/p2p/" + target.peerId();

    CliRunner.Result result = CliRunner.run("ping", closed, "--timeout", "5");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(result.err()).contains("cannot reach /ip4/127.0.0.1/tcp/1").contains("refused");
  }

  @Test
  void pingNeedsThePeerIdInTheAddress() {
    CliRunner.Result result = CliRunner.run("ping", "/ip4/127.0.0.1/tcp/4001");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err()).contains("append /p2p/<peer-id>");
  }

  @Test
  void perfClientPrintsTheFinalJsonLine() throws Exception {
    CliRunner.Result result =
        CliRunner.run(
            "perf",
            "--client",
            targetAddress,
            "--upload-bytes",
            "1000000",
            "--download-bytes",
            "2000000");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode line = new ObjectMapper().readTree(result.out().strip());
    assertThat(line.get("type").asText()).isEqualTo("final");
    assertThat(line.get("uploadBytes").asLong()).isEqualTo(1_000_000);
    assertThat(line.get("downloadBytes").asLong()).isEqualTo(2_000_000);
    assertThat(line.get("timeSeconds").asDouble()).isPositive();
  }

  @Test
  void perfNeedsAMode() {
    CliRunner.Result result = CliRunner.run("perf", "--upload-bytes", "1");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
  }
}
