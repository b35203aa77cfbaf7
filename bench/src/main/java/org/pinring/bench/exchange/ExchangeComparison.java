package org.pinring.bench.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.pinring.node.daemon.Daemon;
import org.pinring.testkit.JsHarness;

/**
 * Bitswap throughput on loopback, in one run: a file (256 MiB by default) fetched Java-from-Java
 * (one PinRing daemon from another), Java-from-3-Java-peers (one daemon from three that each hold
 * the file) and Helia-from-Helia ({@code interop/js/bench/helia-bitswap.mjs}: two Helia 7 nodes,
 * each its own Node process). Prints a Markdown table with MiB/s and the ratio Java / Helia.
 *
 * <p>Both sides import the same pattern bytes with Helia's defaults (CIDv1, raw 1 MiB leaves, 1024
 * links per node), so they move the same DAG; the command checks that the CIDs agree. Each run
 * fetches into a fresh, empty node. A Java run is the daemon's {@code POST /fetch/{cid}?from=}
 * (dial, Bitswap session, every block hashed and fsynced into the repository's FlatFS store, root
 * pinned); a Helia run is {@code @helia/unixfs} {@code cat} drained without hashing into an
 * in-memory block store. All daemons share this JVM; the bytes are checked by SHA-256 after each
 * timed run.
 *
 * <pre>
 * mvn -B -q package -pl bench -am -DskipTests
 * java -Xmx3g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
 *     org.pinring.bench.exchange.ExchangeComparison [MiB] [runs]
 * </pre>
 */
public final class ExchangeComparison {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SOURCES = 3;

  private final HttpClient http = HttpClient.newHttpClient();
  private final Path workDirectory;
  private int nextRepository;

  private ExchangeComparison(Path workDirectory) {
    this.workDirectory = workDirectory;
  }

  public static void main(String[] args) throws Exception {
    int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path work = Files.createTempDirectory("pinring-exchange-bench");
    try {
      new ExchangeComparison(work).run(mib, runs);
    } finally {
      deleteRecursively(work);
    }
  }

  /** One measured configuration: the best and every run's MiB/s. */
  record Figures(double bestMibps, List<Double> runs) {}

  private void run(int mib, int runs) throws Exception {
    String expectedSha256 = sha256(pattern(mib << 20));
    List<Daemon> sources = new ArrayList<>();
    try {
      String cid = startSources(sources, mib);
      Figures one = fetchRuns(cid, sources.subList(0, 1), mib, runs, expectedSha256);
      System.out.println("java from 1 java peer: " + one);
      Figures three = fetchRuns(cid, sources, mib, runs, expectedSha256);
      System.out.println("java from 3 java peers: " + three);
      for (Daemon source : sources) {
        source.close();
      }
      sources.clear();
      JsonNode helia = runHelia(mib, runs);
      if (!helia.get("cid").asText().equals(cid)) {
        throw new IllegalStateException("Helia made " + helia.get("cid") + ", Java " + cid);
      }
      if (!helia.get("sha256").asText().equals(expectedSha256)) {
        throw new IllegalStateException("Helia fetched other bytes: " + helia);
      }
      List<Double> heliaRuns = new ArrayList<>();
      helia.get("runs").forEach(r -> heliaRuns.add(r.asDouble()));
      print(mib, runs, cid, one, three, new Figures(helia.get("bestMibps").asDouble(), heliaRuns));
    } finally {
      sources.forEach(Daemon::close);
    }
  }

  /** Starts the source daemons, each holding the file; returns its CID. */
  private String startSources(List<Daemon> sources, int mib) throws IOException {
    byte[] data = pattern(mib << 20);
    String cid = null;
    for (int i = 0; i < SOURCES; i++) {
      Daemon source = start();
      sources.add(source);
      String added = add(source, data);
      if (cid != null && !cid.equals(added)) {
        throw new IllegalStateException("sources disagree on the CID: " + cid + ", " + added);
      }
      cid = added;
    }
    return cid;
  }

  private Figures fetchRuns(
      String cid, List<Daemon> sources, int mib, int runs, String expectedSha256)
      throws IOException {
    List<Double> figures = new ArrayList<>();
    for (int run = 0; run < runs; run++) {
      try (Daemon fetcher = start()) {
        List<String> from = new ArrayList<>();
        sources.forEach(s -> from.add(s.addresses().get(0).toString()));
        long started = System.nanoTime();
        JsonNode done = fetch(fetcher, cid, from);
        double seconds = (System.nanoTime() - started) / 1e9;
        String fetched = catSha256(fetcher, cid);
        if (!fetched.equals(expectedSha256)) {
          throw new IllegalStateException("fetched other bytes: " + done);
        }
        if (done.get("blocksByPeer").size() != sources.size()) {
          throw new IllegalStateException("not every source delivered blocks: " + done);
        }
        figures.add(mib / seconds);
      }
    }
    return new Figures(figures.stream().mapToDouble(d -> d).max().orElseThrow(), figures);
  }

  private JsonNode runHelia(int mib, int runs) throws IOException {
    String output =
        JsHarness.require()
            .run(
                "bench/helia-bitswap.mjs",
                Duration.ofMinutes(30),
                String.valueOf(mib),
                String.valueOf(runs));
    JsonNode summary = null;
    var collected = JSON.createArrayNode();
    for (String line : output.lines().toList()) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode node = JSON.readTree(line);
      if (node.get("type").asText().equals("run")) {
        collected.add(node.get("mibps").asDouble());
      } else if (node.get("type").asText().equals("summary")) {
        summary = node;
      }
    }
    if (summary == null) {
      throw new IllegalStateException("helia-bitswap.mjs printed no summary:\n" + output);
    }
    ((com.fasterxml.jackson.databind.node.ObjectNode) summary).set("runs", collected);
    return summary;
  }

  private Daemon start() throws IOException {
    Path repository = workDirectory.resolve("node-" + nextRepository++);
    return Daemon.start(
        new Daemon.Options(
            repository, List.of("/ip4/127.0.0.1/tcp/0"), "127.0.0.1:0", "pinring-bench/0"));
  }

  private String add(Daemon daemon, byte[] data) throws IOException {
    HttpResponse<byte[]> response =
        send(
            HttpRequest.newBuilder(daemon.apiUrl().resolve("/add?preset=helia"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(data))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException("add failed: " + new String(response.body(), StandardCharsets.UTF_8));
    }
    return JSON.readTree(response.body()).get("cid").asText();
  }

  /** {@code POST /fetch}: returns the final "done" line, or throws with the error line. */
  private JsonNode fetch(Daemon daemon, String cid, List<String> from) throws IOException {
    StringBuilder query = new StringBuilder();
    for (String address : from) {
      query.append(query.length() == 0 ? "?" : "&");
      query.append("from=").append(URLEncoder.encode(address, StandardCharsets.UTF_8));
    }
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(daemon.apiUrl().resolve("/fetch/" + cid + query))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    List<String> lines = response.body().strip().lines().toList();
    JsonNode last = JSON.readTree(lines.get(lines.size() - 1));
    if (!last.get("type").asText().equals("done")) {
      throw new IOException("fetch failed: " + response.body());
    }
    return last;
  }

  private String catSha256(Daemon daemon, String cid) throws IOException {
    HttpResponse<InputStream> response =
        send(
            HttpRequest.newBuilder(daemon.apiUrl().resolve("/ipfs/" + cid)).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
    MessageDigest digest = sha256Digest();
    try (InputStream in = new DigestInputStream(response.body(), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException {
    try {
      return http.send(request, handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** The bytes helia-peer.mjs adds: byte i is {@code i % 251 + i / 4096}, truncated. */
  static byte[] pattern(int size) {
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) (i % 251 + i / 4096);
    }
    return data;
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256(byte[] data) {
    return HexFormat.of().formatHex(sha256Digest().digest(data));
  }

  private static void print(
      int mib, int runs, String cid, Figures one, Figures three, Figures helia) {
    System.out.printf(
        Locale.ROOT,
        "%n%d MiB file (%s), best of %d runs, each into an empty node%n%n",
        mib,
        cid,
        runs);
    System.out.println("| fetch over Bitswap | best MiB/s | runs MiB/s | vs Helia-from-Helia |");
    System.out.println("|---|---|---|---|");
    row("Java from 1 Java peer", one, helia);
    row("Java from 3 Java peers", three, helia);
    row("Helia from 1 Helia peer", helia, helia);
  }

  private static void row(String name, Figures figures, Figures helia) {
    StringBuilder runs = new StringBuilder();
    for (double run : figures.runs()) {
      runs.append(runs.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", run));
    }
    System.out.printf(
        Locale.ROOT,
        "| %s | %.1f | %s | %.2f |%n",
        name,
        figures.bestMibps(),
        runs,
        figures.bestMibps() / helia.bestMibps());
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
