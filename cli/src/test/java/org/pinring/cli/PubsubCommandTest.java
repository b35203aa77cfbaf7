package org.pinring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pinring.libp2p.Host;
import org.pinring.libp2p.HostConfig;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.crypto.Ed25519PrivateKey;
import org.pinring.libp2p.pubsub.Gossipsub;
import org.pinring.libp2p.pubsub.GossipsubConfig;
import org.pinring.multiformats.Multiaddr;
import org.pinring.runtime.Environment;
import org.pinring.runtime.ExecutorScheduler;
import org.pinring.runtime.SecureRandomSource;
import org.pinring.runtime.SystemClock;
import picocli.CommandLine;

/** {@code pinring pubsub sub|pub} against an in-process gossipsub peer. */
class PubsubCommandTest {

  private static final String TOPIC = "/pinring/cli-test/heads";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Host peer;
  private Gossipsub gossipsub;
  private ExecutorScheduler scheduler;
  private String peerAddress;
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final List<PeerId> authors = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startPeer() {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(new SecureRandomSource());
    peer = Libp2pSupport.host(key, HostConfig.defaults());
    scheduler = ExecutorScheduler.singleThreaded("test-pubsub");
    gossipsub =
        Gossipsub.start(
            peer,
            key,
            GossipsubConfig.defaults(),
            new Environment(SystemClock.get(), scheduler, new SecureRandomSource()));
    Multiaddr bound = peer.listen(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))).join().get(0);
    peerAddress = bound.withPeerId(peer.peerId().multihash()).toString();
    gossipsub
        .subscribe(
            TOPIC,
            (message, id, from) -> {
              received.add(new String(message.data(), StandardCharsets.UTF_8));
              authors.add(message.author().orElseThrow());
            })
        .join();
  }

  @AfterEach
  void stopPeer() {
    gossipsub.close();
    peer.close();
    scheduler.close();
  }

  @Test
  void pubSendsSignedMessagesToTheTopicAndPrintsOneLineEach() throws Exception {
    CliRunner.Result result =
        CliRunner.run(
            "pubsub",
            "pub",
            TOPIC,
            "hello",
            "--dial",
            peerAddress,
            "--count",
            "3",
            "--interval",
            "20");

    assertThat(result.exitCode()).as(result.err()).isZero();
    String[] lines = result.out().strip().split("\n");
    assertThat(lines).hasSize(3);
    List<String> ids = new ArrayList<>();
    for (String line : lines) {
      JsonNode node = JSON.readTree(line);
      assertThat(node.get("topic").asText()).isEqualTo(TOPIC);
      assertThat(node.get("recipients").asInt()).isEqualTo(1);
      ids.add(node.get("messageId").asText());
    }
    assertThat(ids).doesNotHaveDuplicates();
    awaitCondition(() -> received.size() == 3);
    assertThat(received).containsOnly("hello");
    assertThat(authors).doesNotContain(peer.peerId());
  }

  @Test
  void subPrintsItsAddressesThenEachMessageAsJson() throws Exception {
    CommandLine commandLine = PinringCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                commandLine.execute("pubsub", "sub", TOPIC, "--dial", peerAddress, "--count", "2"));

    awaitCondition(() -> out.toString().contains("\"ready\""));
    for (int i = 0; !exit.isDone(); i++) {
      assertThat(i).as("messages published before sub exited; stderr: %s", err).isLessThan(300);
      gossipsub.publish(TOPIC, ("m-" + i).getBytes(StandardCharsets.UTF_8)).join();
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }

    assertThat(exit.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
    String[] lines = out.toString().strip().split("\n");
    JsonNode ready = JSON.readTree(lines[0]);
    assertThat(ready.get("type").asText()).isEqualTo("ready");
    assertThat(ready.get("listenAddrs").get(0).asText())
        .startsWith("/ip4/127.0.0.1/tcp/")
        .contains("/p2p/");
    assertThat(lines).hasSize(3);
    for (int i = 1; i < 3; i++) {
      JsonNode message = JSON.readTree(lines[i]);
      assertThat(message.get("topic").asText()).isEqualTo(TOPIC);
      assertThat(message.get("from").asText()).isEqualTo(peer.peerId().toString());
      assertThat(message.get("seqno").asText()).matches("[0-9]+");
      String text =
          new String(
              HexFormat.of().parseHex(message.get("dataHex").asText()), StandardCharsets.UTF_8);
      assertThat(text).startsWith("m-");
    }
  }

  @Test
  void rejectsAPeerAddressWithoutPeerId() {
    CliRunner.Result result =
        CliRunner.run("pubsub", "pub", TOPIC, "x", "--dial", "/ip4/127.0.0.1/tcp/1");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(result.err()).contains("lacks the peer ID");
  }

  @Test
  void pubFailsWhenNoPeerJoinsTheTopic() {
    CliRunner.Result result =
        CliRunner.run(
            "pubsub", "pub", "/other/topic", "x", "--dial", peerAddress, "--timeout", "2");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(result.err()).contains("no peer subscribed to /other/topic");
  }

  private static void awaitCondition(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 60 s").isLessThan(deadline);
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }
}
