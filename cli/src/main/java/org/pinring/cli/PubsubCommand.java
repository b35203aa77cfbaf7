package org.pinring.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.pinring.libp2p.Host;
import org.pinring.libp2p.HostConfig;
import org.pinring.libp2p.crypto.Ed25519PrivateKey;
import org.pinring.libp2p.crypto.KeyFile;
import org.pinring.libp2p.crypto.PrivateKey;
import org.pinring.libp2p.pubsub.Gossipsub;
import org.pinring.libp2p.pubsub.GossipsubConfig;
import org.pinring.libp2p.pubsub.PublishResult;
import org.pinring.multiformats.Multiaddr;
import org.pinring.multiformats.MultiformatException;
import org.pinring.runtime.ExecutorScheduler;
import org.pinring.runtime.SecureRandomSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pinring pubsub sub|pub}: gossipsub v1.1 from the command line, for debugging. */
@Command(
    name = "pubsub",
    description = "Subscribe or publish to a gossipsub topic (/meshsub/1.1.0 over TCP).",
    mixinStandardHelpOptions = true,
    subcommands = {PubsubCommand.Sub.class, PubsubCommand.Pub.class})
final class PubsubCommand implements Runnable {

  private static final ObjectMapper LINES = new ObjectMapper();

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options both subcommands take. */
  static class Common {
    @Option(
        names = "--dial",
        paramLabel = "MULTIADDR",
        description = "A peer to connect to (with /p2p/<peer-id>); repeatable.")
    List<String> dial = new ArrayList<>();

    @Option(
        names = "--key",
        paramLabel = "FILE",
        description = "Identity key file (created if missing); default: an ephemeral identity.")
    Path key;

    @Option(
        names = "--timeout",
        description = "Seconds to wait for connections and peers (default: ${DEFAULT-VALUE}).",
        defaultValue = "30")
    int timeoutSeconds;
  }

  /** A running host with gossipsub. */
  private record Node(Host host, Gossipsub gossipsub, ExecutorScheduler scheduler)
      implements AutoCloseable {
    @Override
    public void close() {
      gossipsub.close();
      host.close();
      scheduler.close();
    }
  }

  private static Node start(Common common, List<String> listen) {
    PrivateKey key;
    try {
      key =
          common.key == null
              ? Ed25519PrivateKey.generate(new SecureRandomSource())
              : KeyFile.loadOrCreate(common.key, new SecureRandomSource());
    } catch (IOException e) {
      throw new UserInputException("cannot use key file " + common.key + ": " + e.getMessage());
    }
    List<Multiaddr> dials = new ArrayList<>();
    for (String text : common.dial) {
      dials.add(Libp2pSupport.peerAddress(text));
    }
    List<Multiaddr> listens = new ArrayList<>();
    for (String text : listen) {
      try {
        listens.add(Multiaddr.parse(text));
      } catch (MultiformatException e) {
        throw new UserInputException("'" + text + "' is not a multiaddr: " + e.getMessage());
      }
    }
    Host host = Libp2pSupport.host(key, HostConfig.defaults().withAgentVersion("pinring-cli"));
    ExecutorScheduler scheduler = ExecutorScheduler.singleThreaded("pinring-pubsub");
    var env =
        new org.pinring.runtime.Environment(
            org.pinring.runtime.SystemClock.get(), scheduler, new SecureRandomSource());
    Gossipsub gossipsub = Gossipsub.start(host, key, GossipsubConfig.defaults(), env);
    Node node = new Node(host, gossipsub, scheduler);
    try {
      if (!listens.isEmpty()) {
        host.listen(listens).get(common.timeoutSeconds, TimeUnit.SECONDS);
      }
      for (Multiaddr address : dials) {
        host.connect(address).get(common.timeoutSeconds, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      node.close();
      throw new IllegalStateException("cannot start: " + Libp2pSupport.reason(e), e);
    }
    return node;
  }

  private static void printLine(PrintWriter out, ObjectNode line) {
    synchronized (out) {
      out.println(line.toString());
      out.flush();
    }
  }

  /** {@code pinring pubsub sub}. */
  @Command(
      name = "sub",
      description =
          "Join a topic and print one JSON line per received message, after a JSON line with the"
              + " listen addresses.",
      mixinStandardHelpOptions = true)
  static final class Sub implements java.util.concurrent.Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "TOPIC", description = "The topic, e.g. /pinring/<ring-id>/heads")
    String topic;

    @Option(
        names = "--listen",
        paramLabel = "MULTIADDR",
        description = "Address to listen on (default: ${DEFAULT-VALUE}); repeatable.",
        defaultValue = "/ip4/127.0.0.1/tcp/0")
    List<String> listen;

    @Option(
        names = "--count",
        description = "Exit after this many messages (default: run until interrupted).",
        defaultValue = "0")
    long count;

    @picocli.CommandLine.Mixin Common common = new Common();

    @Override
    public Integer call() throws InterruptedException {
      if (topic.isEmpty()) {
        throw new UserInputException("the topic must not be empty");
      }
      if (count < 0) {
        throw new UserInputException("--count must not be negative");
      }
      PrintWriter out = spec.commandLine().getOut();
      CountDownLatch done =
          new CountDownLatch(count == 0 ? 1 : (int) Math.min(count, Integer.MAX_VALUE));
      try (Node node = start(common, listen)) {
        ObjectNode ready = LINES.createObjectNode();
        ready.put("type", "ready");
        ready.put("peerId", node.host().peerId().toString());
        var addrs = ready.putArray("listenAddrs");
        for (Multiaddr a : node.host().listenAddresses()) {
          addrs.add(a.withPeerId(node.host().peerId().multihash()).toString());
        }
        printLine(out, ready);
        node.gossipsub()
            .subscribe(
                topic,
                (message, id, from) -> {
                  ObjectNode line = LINES.createObjectNode();
                  line.put("topic", message.topic());
                  line.put("from", message.author().map(Object::toString).orElse(null));
                  if (message.sequenceNumber().isPresent()) {
                    line.put("seqno", Long.toUnsignedString(message.sequenceNumber().getAsLong()));
                  } else {
                    line.putNull("seqno");
                  }
                  line.put("dataHex", HexFormat.of().formatHex(message.data()));
                  line.put("receivedFrom", from.toString());
                  line.put("messageId", id.toString());
                  printLine(out, line);
                  if (count > 0) {
                    done.countDown();
                  }
                })
            .join();
        done.await();
      }
      return ExitCodes.OK;
    }
  }

  /** {@code pinring pubsub pub}. */
  @Command(
      name = "pub",
      description =
          "Publish TEXT to a topic (signed, StrictSign) once the topic has a peer; prints one JSON"
              + " line per message sent.",
      mixinStandardHelpOptions = true)
  static final class Pub implements java.util.concurrent.Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "The topic.")
    String topic;

    @Parameters(index = "1", paramLabel = "TEXT", description = "The message (UTF-8).")
    String text;

    @Option(
        names = "--count",
        description = "Messages to send (default: ${DEFAULT-VALUE}).",
        defaultValue = "1")
    int count;

    @Option(
        names = "--interval",
        paramLabel = "MS",
        description = "Milliseconds between messages (default: ${DEFAULT-VALUE}).",
        defaultValue = "1000")
    long intervalMillis;

    @picocli.CommandLine.Mixin Common common = new Common();

    @Override
    public Integer call() {
      if (topic.isEmpty()) {
        throw new UserInputException("the topic must not be empty");
      }
      if (count < 1 || intervalMillis < 0) {
        throw new UserInputException("--count must be at least 1 and --interval not negative");
      }
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try (Node node = start(common, List.of())) {
        long deadline = System.nanoTime() + Duration.ofSeconds(common.timeoutSeconds).toNanos();
        // Peers announce their subscriptions right after the pubsub streams open: wait for one.
        while (node.gossipsub().topicPeers(topic).join().isEmpty()) {
          if (System.nanoTime() > deadline) {
            err.println(
                "pinring: no peer subscribed to "
                    + topic
                    + " within "
                    + common.timeoutSeconds
                    + " s");
            err.flush();
            return ExitCodes.FAILURE;
          }
          LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < count; i++) {
          if (i > 0) {
            LockSupport.parkNanos(Duration.ofMillis(intervalMillis).toNanos());
          }
          PublishResult result = node.gossipsub().publish(topic, data).join();
          ObjectNode line = LINES.createObjectNode();
          line.put("topic", topic);
          line.put("messageId", result.id().toString());
          line.put("recipients", result.recipients());
          printLine(out, line);
        }
      }
      return ExitCodes.OK;
    }
  }
}
