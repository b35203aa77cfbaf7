package org.pinring.bench.pubsub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.pinring.libp2p.Host;
import org.pinring.libp2p.HostConfig;
import org.pinring.libp2p.crypto.Ed25519PrivateKey;
import org.pinring.libp2p.pubsub.Gossipsub;
import org.pinring.libp2p.pubsub.GossipsubConfig;
import org.pinring.libp2p.pubsub.PeerScoreParams;
import org.pinring.libp2p.transport.TcpTransport;
import org.pinring.multiformats.Multiaddr;
import org.pinring.runtime.Environment;
import org.pinring.runtime.ExecutorScheduler;
import org.pinring.runtime.SecureRandomSource;
import org.pinring.runtime.SystemClock;
import org.pinring.testkit.JsHarness;
import org.pinring.testkit.JsProcess;

/**
 * Gossipsub meshes on loopback TCP, in one run: a 10-peer PinRing mesh (one JVM, one event loop and
 * one router thread per peer), a 10-peer js-libp2p gossipsub mesh (ten Node processes of {@code
 * interop/js/peer/libp2p-peer.mjs --gossipsub}), and a 50-peer PinRing mesh. Each peer dials the
 * next (a ring) and three others picked by a fixed seed; all join one topic. Peer 0 publishes 1 KiB
 * signed messages:
 *
 * <ul>
 *   <li>latency: {@code latencyMessages} messages 20 ms apart; publish-to-delivery time at every
 *       other peer (the send time travels in the message; js processes share the machine's clock);
 *   <li>sustained rate: {@code burst} messages back to back (each publish awaited); the rate is the
 *       messages each peer received on average, divided by the time from the first publish to the
 *       last delivery (peers that drop messages under load do not count them as sent).
 * </ul>
 *
 * <pre>
 * mvn -B -q package -pl bench -am -DskipTests
 * java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
 *     org.pinring.bench.pubsub.GossipsubComparison [latencyMessages] [burst] [java10,js10,java50]
 * </pre>
 */
public final class GossipsubComparison {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOPIC = "/pinring/bench/heads";
  private static final int SIZE = 1024;
  private static final byte MARK = (byte) 0xb7;
  private static final Duration DRAIN = Duration.ofSeconds(60);

  private GossipsubComparison() {}

  record Result(
      String name,
      double p50Millis,
      double p99Millis,
      long latencySamples,
      double messagesPerSecond,
      double deliveredFraction) {}

  public static void main(String[] args) throws Exception {
    int latencyMessages = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int burst = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    List<String> meshes =
        List.of(args.length > 2 ? args[2].split(",") : new String[] {"java10", "js10", "java50"});
    List<Result> results = new ArrayList<>();
    for (String mesh : meshes) {
      Result result =
          switch (mesh) {
            case "java10" -> runJava(10, latencyMessages, burst);
            case "js10" -> runJs(10, latencyMessages, burst);
            case "java50" -> runJava(50, latencyMessages, burst);
            default -> throw new IllegalArgumentException("unknown mesh " + mesh);
          };
      System.out.println(result);
      results.add(result);
    }
    print(latencyMessages, burst, results);
  }

  // ---- Java ----

  /** One PinRing peer: host, gossipsub, and what it received. */
  private static final class JavaPeer implements AutoCloseable {
    final Host host;
    final Gossipsub gossipsub;
    final ExecutorScheduler scheduler;
    final Multiaddr address;
    final List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    final AtomicLong count = new AtomicLong();
    volatile long lastNanos;

    JavaPeer(int index) throws Exception {
      scheduler = ExecutorScheduler.singleThreaded("bench-pubsub-" + index);
      Environment env = new Environment(SystemClock.get(), scheduler, new SecureRandomSource());
      Ed25519PrivateKey key = Ed25519PrivateKey.generate(new SecureRandomSource());
      host = Host.create(key, HostConfig.defaults(), env, List.of(TcpTransport.create(1)));
      // Every peer shares 127.0.0.1: without this, IP colocation (P6) would make peers with more
      // than ten connections score each other negative (js's mesh of 10 stays below that).
      GossipsubConfig config =
          GossipsubConfig.builder()
              .scoreParams(PeerScoreParams.defaults().withIpColocationFactorWeight(0))
              .build();
      gossipsub = Gossipsub.start(host, key, config, env);
      address =
          host.listen(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")))
              .get(30, TimeUnit.SECONDS)
              .get(0)
              .withPeerId(host.peerId().multihash());
      gossipsub
          .subscribe(
              TOPIC,
              (message, id, from) -> {
                ByteBuffer data = message.dataBuffer();
                if (data.remaining() >= 13 && data.get(0) == MARK) {
                  long now = System.nanoTime();
                  latencies.add((now - data.getLong(1)) / 1e6);
                  count.incrementAndGet();
                  lastNanos = now;
                }
              })
          .get(30, TimeUnit.SECONDS);
    }

    void reset() {
      latencies.clear();
      count.set(0);
    }

    @Override
    public void close() {
      gossipsub.close();
      host.close();
      scheduler.close();
    }
  }

  private static Result runJava(int n, int latencyMessages, int burst) throws Exception {
    List<JavaPeer> peers = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        peers.add(new JavaPeer(i));
      }
      for (int[] edge : topology(n)) {
        peers.get(edge[0]).host.connect(peers.get(edge[1]).address).get(30, TimeUnit.SECONDS);
      }
      waitUntil(
          () ->
              peers.stream()
                  .allMatch(
                      p ->
                          p.gossipsub.meshPeers(TOPIC).join().size()
                                  >= Math.min(4, p.gossipsub.topicPeers(TOPIC).join().size())
                              && !p.gossipsub.topicPeers(TOPIC).join().isEmpty()),
          "Java meshes");
      JavaPeer publisher = peers.get(0);
      List<JavaPeer> receivers = peers.subList(1, n);
      publishJava(publisher, 50, 5); // warm-up
      waitUntil(() -> receivers.stream().allMatch(p -> p.count.get() >= 50), "Java warm-up");
      receivers.forEach(JavaPeer::reset);

      publishJava(publisher, latencyMessages, 20);
      waitUntil(
          () -> receivers.stream().allMatch(p -> p.count.get() >= latencyMessages), "Java latency");
      List<Double> latencies = new ArrayList<>();
      receivers.forEach(p -> latencies.addAll(p.latencies));
      receivers.forEach(JavaPeer::reset);

      long start = System.nanoTime();
      publishJava(publisher, burst, 0);
      long deadline = System.nanoTime() + DRAIN.toNanos();
      while (receivers.stream().anyMatch(p -> p.count.get() < burst)
          && System.nanoTime() < deadline) {
        LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
      }
      long delivered = receivers.stream().mapToLong(p -> p.count.get()).sum();
      long last = receivers.stream().mapToLong(p -> p.lastNanos).max().orElse(start);
      double seconds = (last - start) / 1e9;
      return result(
          n + " Java peers",
          latencies,
          delivered / (double) (n - 1) / seconds,
          (double) delivered / (burst * (long) (n - 1)));
    } finally {
      peers.parallelStream().forEach(p -> p.gossipsub.close());
      peers.parallelStream().forEach(JavaPeer::close);
    }
  }

  private static void publishJava(JavaPeer publisher, int count, long intervalMillis) {
    for (int i = 0; i < count; i++) {
      byte[] data = new byte[SIZE];
      ByteBuffer.wrap(data).put(MARK).putLong(System.nanoTime()).putInt(i);
      publisher.gossipsub.publish(TOPIC, data).join();
      if (intervalMillis > 0) {
        LockSupport.parkNanos(Duration.ofMillis(intervalMillis).toNanos());
      }
    }
  }

  // ---- js ----

  private static Result runJs(int n, int latencyMessages, int burst) throws Exception {
    JsHarness harness = JsHarness.require();
    List<JsProcess> peers = new ArrayList<>();
    List<String> addresses = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        JsProcess peer = harness.start("peer/libp2p-peer.mjs", "--gossipsub");
        peers.add(peer);
        JsonNode ready =
            JSON.readTree(peer.awaitLine(l -> l.contains("\"ready\""), Duration.ofMinutes(1)));
        addresses.add(ready.get("addrs").get(0).asText());
      }
      for (int[] edge : topology(n)) {
        call(peers.get(edge[0]), command("dial").put("addr", addresses.get(edge[1])));
      }
      for (JsProcess peer : peers) {
        call(peer, command("subscribe").put("topic", TOPIC));
      }
      waitUntil(
          () ->
              peers.stream()
                  .allMatch(
                      p ->
                          callUnchecked(p, command("meshPeers").put("topic", TOPIC))
                                  .get("peers")
                                  .size()
                              >= 4),
          "js meshes");
      JsProcess publisher = peers.get(0);
      List<JsProcess> receivers = peers.subList(1, n);
      benchPublish(publisher, 50, 5);
      waitUntil(
          () -> receivers.stream().allMatch(p -> stats(p).get("count").asLong() >= 50),
          "js warm-up");
      for (JsProcess p : receivers) {
        call(p, command("benchReset"));
      }

      benchPublish(publisher, latencyMessages, 20);
      waitUntil(
          () -> receivers.stream().allMatch(p -> stats(p).get("count").asLong() >= latencyMessages),
          "js latency");
      List<Double> latencies = new ArrayList<>();
      for (JsProcess p : receivers) {
        stats(p).get("latenciesMs").forEach(l -> latencies.add(l.asDouble()));
        call(p, command("benchReset"));
      }

      JsonNode published = benchPublish(publisher, burst, 0);
      double start = published.get("startMillis").asDouble();
      long deadline = System.nanoTime() + DRAIN.toNanos();
      while (System.nanoTime() < deadline
          && receivers.stream().anyMatch(p -> stats(p).get("count").asLong() < burst)) {
        LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
      }
      long delivered = 0;
      double last = start;
      for (JsProcess p : receivers) {
        JsonNode s = stats(p);
        delivered += s.get("count").asLong();
        last = Math.max(last, s.get("lastMillis").asDouble());
      }
      double seconds = (last - start) / 1000;
      return result(
          n + " js-libp2p peers",
          latencies,
          delivered / (double) (n - 1) / seconds,
          (double) delivered / (burst * (long) (n - 1)));
    } finally {
      peers.forEach(JsProcess::close);
    }
  }

  private static JsonNode benchPublish(JsProcess publisher, int count, int intervalMs)
      throws Exception {
    return call(
        publisher,
        command("benchPublish")
            .put("topic", TOPIC)
            .put("count", count)
            .put("size", SIZE)
            .put("intervalMs", intervalMs));
  }

  private static JsonNode stats(JsProcess peer) {
    return callUnchecked(peer, command("benchStats"));
  }

  // ---- shared ----

  /** A ring plus three seeded random edges per peer. */
  private static List<int[]> topology(int n) {
    Random random = new Random(42);
    List<int[]> edges = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      edges.add(new int[] {i, (i + 1) % n});
      for (int k = 0; k < 3; k++) {
        int other = random.nextInt(n);
        if (other != i && other != (i + 1) % n) {
          edges.add(new int[] {i, other});
        }
      }
    }
    return edges;
  }

  private static Result result(String name, List<Double> latencies, double rate, double delivered) {
    List<Double> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    return new Result(
        name, percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.size(), rate, delivered);
  }

  private static double percentile(List<Double> sorted, double q) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(q * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  private static void print(int latencyMessages, int burst, List<Result> results) {
    System.out.printf(
        Locale.ROOT,
        "%n1 KiB messages; latency over %d messages 20 ms apart; rate over %d back-to-back%n%n",
        latencyMessages,
        burst);
    System.out.println(
        "| mesh | latency p50 ms | latency p99 ms | samples | sustained msg/s | delivered |");
    System.out.println("| --- | --- | --- | --- | --- | --- |");
    for (Result r : results) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %.2f | %.2f | %d | %.0f | %.1f%% |%n",
          r.name(),
          r.p50Millis(),
          r.p99Millis(),
          r.latencySamples(),
          r.messagesPerSecond(),
          100 * r.deliveredFraction());
    }
    if (results.size() < 2) {
      return;
    }
    Result java = results.get(0);
    Result js = results.get(1);
    System.out.printf(
        Locale.ROOT,
        "%n10 peers, Java / js: p99 latency %.2f, sustained rate %.2f%n",
        java.p99Millis() / js.p99Millis(),
        java.messagesPerSecond() / js.messagesPerSecond());
  }

  private static int nextId;

  private static synchronized ObjectNode command(String name) {
    return JSON.createObjectNode().put("cmd", name).put("id", ++nextId);
  }

  private static JsonNode callUnchecked(JsProcess process, ObjectNode command) {
    try {
      return call(process, command);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode call(JsProcess process, ObjectNode command) throws Exception {
    String id = "\"id\":" + command.get("id").asInt() + ",";
    process.send(command.toString());
    JsonNode result =
        JSON.readTree(
            process.awaitLine(
                l -> l.contains("\"result\"") && l.contains(id), Duration.ofMinutes(10)));
    if (!result.get("ok").asBoolean()) {
      throw new IllegalStateException("js command failed: " + result);
    }
    return result;
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(what + " not ready within 2 minutes");
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }
}
