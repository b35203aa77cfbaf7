package org.pinring.bench.libp2p;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.pinring.libp2p.Connection;
import org.pinring.libp2p.Host;
import org.pinring.libp2p.HostConfig;
import org.pinring.libp2p.PerfResult;
import org.pinring.libp2p.crypto.Ed25519PrivateKey;
import org.pinring.libp2p.transport.TcpTransport;
import org.pinring.multiformats.Multiaddr;
import org.pinring.runtime.Environment;
import org.pinring.runtime.ExecutorScheduler;
import org.pinring.runtime.SecureRandomSource;
import org.pinring.runtime.SystemClock;
import org.pinring.testkit.JsHarness;
import org.pinring.testkit.JsProcess;

/**
 * Java-to-Java against js-to-js on loopback, in one run: 256 MiB single-stream upload and download
 * over {@code /perf/1.0.0}, and connection setup (dial to the first negotiated stream) p50/p99 with
 * the sequential handshake rate. Each side of each pair gets one thread (one Netty event loop per
 * Java host; Node is single-threaded). Prints a Markdown table.
 *
 * <pre>
 * mvn -B -q package -pl bench -am -DskipTests
 * java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
 *     org.pinring.bench.libp2p.TransportComparison [MiB] [setups]
 * </pre>
 */
public final class TransportComparison {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RUNS = 3;

  private TransportComparison() {}

  public static void main(String[] args) throws Exception {
    long bytes = (args.length > 0 ? Long.parseLong(args[0]) : 256) << 20;
    int setups = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    Result java = runJava(bytes, setups);
    System.out.println("java: " + java);
    Result js = runJs(bytes, setups);
    print(bytes, setups, java, js);
  }

  record Result(
      double uploadMiBps,
      double downloadMiBps,
      double setupP50Millis,
      double setupP99Millis,
      double handshakesPerSecond,
      String cipher) {}

  private static Result runJava(long bytes, int setups) throws Exception {
    try (Host server = host(true);
        Host client = host(false)) {
      Multiaddr address =
          server
              .listen(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")))
              .get(30, TimeUnit.SECONDS)
              .get(0)
              .withPeerId(server.peerId().multihash());
      client.connect(address).get(30, TimeUnit.SECONDS);
      double upload = 0;
      double download = 0;
      for (int run = 0; run < RUNS; run++) {
        PerfResult up = client.perf(server.peerId(), bytes, 0).get(10, TimeUnit.MINUTES);
        PerfResult down = client.perf(server.peerId(), 0, bytes).get(10, TimeUnit.MINUTES);
        upload = Math.max(upload, mibps(bytes, up.time()));
        download = Math.max(download, mibps(bytes, down.time()));
      }
      for (Connection connection : client.connections()) {
        connection.close().get(30, TimeUnit.SECONDS);
      }
      List<Double> millis = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < setups; i++) {
        long t0 = System.nanoTime();
        Connection connection = client.connect(address).get(30, TimeUnit.SECONDS);
        var stream = connection.newStream(List.of("/ipfs/ping/1.0.0")).get(30, TimeUnit.SECONDS);
        millis.add((System.nanoTime() - t0) / 1e6);
        stream.reset();
        connection.close().get(30, TimeUnit.SECONDS);
      }
      double rate = setups / ((System.nanoTime() - start) / 1e9);
      return new Result(
          upload,
          download,
          percentile(millis, 50),
          percentile(millis, 99),
          rate,
          client.cipherProvider());
    }
  }

  private static Result runJs(long bytes, int setups) throws Exception {
    JsHarness harness = JsHarness.require();
    try (JsProcess server = harness.start("peer/libp2p-peer.mjs");
        JsProcess client = harness.start("peer/libp2p-peer.mjs")) {
      JsonNode ready =
          JSON.readTree(server.awaitLine(l -> l.contains("\"ready\""), Duration.ofMinutes(1)));
      client.awaitLine(l -> l.contains("\"ready\""), Duration.ofMinutes(1));
      String address = ready.get("addrs").get(0).asText();
      double upload = 0;
      double download = 0;
      for (int run = 0; run < RUNS; run++) {
        JsonNode up =
            call(
                client,
                command("perf").put("addr", address).put("upload", bytes).put("download", 0));
        JsonNode down =
            call(
                client,
                command("perf").put("addr", address).put("upload", 0).put("download", bytes));
        upload = Math.max(upload, bytes / 1048576.0 / up.get("timeSeconds").asDouble());
        download = Math.max(download, bytes / 1048576.0 / down.get("timeSeconds").asDouble());
      }
      call(client, command("hangUp").put("peer", ready.get("peerId").asText()));
      long start = System.nanoTime();
      JsonNode setup = call(client, command("setupTime").put("addr", address).put("count", setups));
      double rate = setups / ((System.nanoTime() - start) / 1e9);
      List<Double> millis = new ArrayList<>();
      setup.get("millis").forEach(m -> millis.add(m.asDouble()));
      if (setup.get("failures").asInt() > 0) {
        System.out.println("js setups that failed: " + setup.get("failures").asInt());
      }
      return new Result(
          upload, download, percentile(millis, 50), percentile(millis, 99), rate, "@noble/ciphers");
    }
  }

  private static int nextId;

  private static ObjectNode command(String name) {
    return JSON.createObjectNode().put("cmd", name).put("id", ++nextId);
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

  private static Host host(boolean perfServer) {
    Environment environment =
        new Environment(
            SystemClock.get(), ExecutorScheduler.singleThreaded("bench"), new SecureRandomSource());
    return Host.create(
        Ed25519PrivateKey.generate(new SecureRandomSource()),
        HostConfig.defaults().withPerfServer(perfServer),
        environment,
        List.of(TcpTransport.create(1)));
  }

  private static double mibps(long bytes, Duration time) {
    return bytes / 1048576.0 / (time.toNanos() / 1e9);
  }

  private static double percentile(List<Double> values, int p) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  private static void print(long bytes, int setups, Result java, Result js) {
    System.out.printf(
        Locale.ROOT,
        "%d MiB single stream, best of %d runs; %d sequential setups%n%n",
        bytes >> 20,
        RUNS,
        setups);
    System.out.println("| | Java (PinRing) | js-libp2p | Java / js |");
    System.out.println("|---|---|---|---|");
    row("upload MiB/s", java.uploadMiBps(), js.uploadMiBps());
    row("download MiB/s", java.downloadMiBps(), js.downloadMiBps());
    row("setup p50 ms", java.setupP50Millis(), js.setupP50Millis());
    row("setup p99 ms", java.setupP99Millis(), js.setupP99Millis());
    row("handshakes/s (sequential)", java.handshakesPerSecond(), js.handshakesPerSecond());
    System.out.printf("%nJava cipher provider: %s%n", java.cipher());
  }

  private static void row(String name, double java, double js) {
    System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.2f |%n", name, java, js, java / js);
  }
}
