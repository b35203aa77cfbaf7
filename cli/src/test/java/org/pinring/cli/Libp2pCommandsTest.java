package org.pinring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinring.libp2p.Host;
import org.pinring.libp2p.HostConfig;
import org.pinring.multiformats.Multiaddr;
import picocli.CommandLine;

/**
 * {@code pinring id}, {@code ping} and {@code perf --client} against an in-process host, and {@code
 * perf --server} running on its own thread.
 */
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
  void perfServerPrintsItsAddressesServesAClientAndStopsWhenInterrupted() throws Exception {
    WatchedOutput out = new WatchedOutput();
    StringWriter err = new StringWriter();
    CommandLine commandLine = PinringCommand.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    AtomicInteger exitCode = new AtomicInteger(-1);
    Thread server =
        new Thread(
            () ->
                exitCode.set(
                    commandLine.execute("perf", "--server", "--listen", "/ip4/127.0.0.1/tcp/0")),
            "perf-server-under-test");
    server.start();
    JsonNode ready;
    try {
      ready =
          new ObjectMapper()
              .readTree(out.await(text -> text.endsWith("\n"), server, Duration.ofSeconds(60)));
    } catch (AssertionError e) {
      server.interrupt();
      throw new AssertionError(e.getMessage() + "\nstderr:\n" + err, e);
    }
    String address;
    try {
      assertThat(ready.get("type").asText()).isEqualTo("ready");
      String peerId = ready.get("peerId").asText();
      assertThat(peerId).startsWith("12D3KooW");
      assertThat(ready.get("addrs")).hasSize(1);
      address = ready.get("addrs").get(0).asText();
      assertThat(address).matches("/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/" + peerId);

      CliRunner.Result client =
          CliRunner.run(
              "perf",
              "--client",
              address,
              "--upload-bytes",
              "300000",
              "--download-bytes",
              "700000");

      assertThat(client.exitCode()).as(client.err()).isZero();
      JsonNode line = new ObjectMapper().readTree(client.out().strip());
      assertThat(line.get("uploadBytes").asLong()).isEqualTo(300_000);
      assertThat(line.get("downloadBytes").asLong()).isEqualTo(700_000);
    } finally {
      server.interrupt();
      server.join(Duration.ofSeconds(60).toMillis());
    }
    assertThat(server.isAlive()).as("the server command returned").isFalse();
    assertThat(exitCode.get()).as(err.toString()).isEqualTo(ExitCodes.OK);
    // Stopped means no longer listening.
    CliRunner.Result afterwards = CliRunner.run("ping", address, "-n", "1", "--timeout", "5");
    assertThat(afterwards.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(afterwards.err()).contains("refused");
  }

  @Test
  void perfNeedsAMode() {
    CliRunner.Result result = CliRunner.run("perf", "--upload-bytes", "1");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
  }
}
