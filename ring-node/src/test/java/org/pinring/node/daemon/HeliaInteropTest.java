package org.pinring.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinring.multiformats.Cid;
import org.pinring.node.bitswap.Bitswap;
import org.pinring.node.unixfs.BlockSink;
import org.pinring.node.unixfs.ImportPreset;
import org.pinring.node.unixfs.UnixFsImporter;
import org.pinring.testkit.JsHarness;
import org.pinring.testkit.JsProcess;

/**
 * The daemon against real Helia 7 nodes ({@code interop/js/peer/helia-peer.mjs}): Bitswap both
 * ways, Helia's trustless-gateway block broker against the daemon's gateway, and one DAG fetched
 * from three Helia peers at once.
 */
@Tag("interop")
class HeliaInteropTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path directory;

  private static final class Helia implements AutoCloseable {
    final JsProcess process;
    final String address;
    private int nextId;

    Helia(JsHarness harness) {
      process = harness.start("peer/helia-peer.mjs");
      JsonNode ready =
          parse(process.awaitLine(l -> l.contains("\"ready\""), Duration.ofMinutes(1)));
      address = ready.get("addrs").get(0).asText();
    }

    JsonNode call(String command, String... fields) {
      int id = ++nextId;
      StringBuilder line = new StringBuilder("{\"id\":" + id + ",\"cmd\":\"" + command + "\"");
      for (int i = 0; i < fields.length; i += 2) {
        line.append(",\"").append(fields[i]).append("\":").append(fields[i + 1]);
      }
      process.send(line.append('}').toString());
      JsonNode result = parse(process.awaitLine(l -> l.contains("\"id\":" + id + ","), TIMEOUT));
      assertThat(result.get("type").asText()).as(result.toString()).isEqualTo("result");
      return result;
    }

    @Override
    public void close() {
      process.close();
    }
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String quoted(String text) {
    return "\"" + text + "\"";
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<byte[]> send(HttpRequest request) throws IOException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private JsonNode fetch(Daemon daemon, String cid, List<String> from) throws IOException {
    StringBuilder query = new StringBuilder();
    for (String address : from) {
      query.append(query.length() == 0 ? "?" : "&");
      query.append("from=").append(URLEncoder.encode(address, StandardCharsets.UTF_8));
    }
    HttpResponse<byte[]> response =
        send(
            HttpRequest.newBuilder(daemon.apiUrl().resolve("/fetch/" + cid + query))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    String[] lines = new String(response.body(), StandardCharsets.UTF_8).split("\n", -1);
    JsonNode last = JSON.readTree(lines[lines.length - 2]);
    assertThat(last.get("type").asText()).as(last.toString()).isEqualTo("done");
    return last;
  }

  private byte[] cat(Daemon daemon, String cid) throws IOException {
    return send(HttpRequest.newBuilder(daemon.apiUrl().resolve("/ipfs/" + cid)).GET().build())
        .body();
  }

  private String add(Daemon daemon, byte[] data) throws IOException {
    HttpResponse<byte[]> added =
        send(
            HttpRequest.newBuilder(daemon.apiUrl().resolve("/add"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(data))
                .build());
    return JSON.readTree(added.body()).get("cid").asText();
  }

  @Test
  void fetchesByBitswapWhatHeliaAdded() throws IOException {
    byte[] data = DaemonTest.pattern(6 * 1024 * 1024 + 7);
    try (Helia helia = new Helia(JsHarness.require());
        Daemon daemon = DaemonTest.start(directory.resolve("java"))) {
      String cid = helia.call("add", "size", String.valueOf(data.length)).get("cid").asText();
      Cid expected =
          new UnixFsImporter(ImportPreset.HELIA.options(), BlockSink.discarding())
              .importBytes(data);
      assertThat(cid).isEqualTo(expected.toString());

      JsonNode done = fetch(daemon, cid, List.of(helia.address));

      assertThat(done.get("blocks").asLong()).isEqualTo(8);
      assertThat(cat(daemon, cid)).isEqualTo(data);
      // The session asked with want-have first: Helia answered HAVE for the 1 MiB leaves (blocks
      // up to 1 KiB, like the root, come in place of a HAVE).
      assertThat(daemon.bitswap().stats().join().havesReceived()).isPositive();
    }
  }

  @Test
  void heliaFetchesByBitswapWhatTheDaemonAdded() throws IOException {
    byte[] data = DaemonTest.pattern(5 * 1024 * 1024 + 11);
    try (Helia helia = new Helia(JsHarness.require());
        Daemon daemon = DaemonTest.start(directory.resolve("java"))) {
      String cid = add(daemon, data);
      helia.call("dial", "addr", quoted(daemon.addresses().get(0).toString()));

      JsonNode read = helia.call("cat", "cid", quoted(cid));

      assertThat(read.get("bytes").asLong()).isEqualTo(data.length);
      assertThat(read.get("sha256").asText()).isEqualTo(sha256(data));
    }
  }

  @Test
  void heliasTrustlessGatewayBrokerReadsFromTheDaemonsGateway() throws IOException {
    byte[] data = DaemonTest.pattern(3 * 1024 * 1024 + 5);
    try (Helia helia = new Helia(JsHarness.require());
        Daemon daemon = DaemonTest.start(directory.resolve("java"))) {
      String cid = add(daemon, data);

      JsonNode read =
          helia.call(
              "gateway-cat", "cid", quoted(cid), "gateway", quoted(daemon.apiUrl().toString()));

      assertThat(read.get("bytes").asLong()).isEqualTo(data.length);
      assertThat(read.get("sha256").asText()).isEqualTo(sha256(data));
    }
  }

  @Test
  void fetchesA100MibDagFromThreeHeliaPeersAtOnce() throws IOException {
    int size = 100 * 1024 * 1024;
    JsHarness harness = JsHarness.require();
    List<Helia> peers = new ArrayList<>();
    try (Daemon daemon = DaemonTest.start(directory.resolve("java"))) {
      String cid = null;
      for (int i = 0; i < 3; i++) {
        Helia helia = new Helia(harness);
        peers.add(helia);
        cid = helia.call("add", "size", String.valueOf(size)).get("cid").asText();
      }
      List<String> from = new ArrayList<>();
      peers.forEach(p -> from.add(p.address));

      JsonNode done = fetch(daemon, cid, from);
      Bitswap.Stats stats = daemon.bitswap().stats().join();

      assertThat(done.get("bytesFetched").asLong()).isGreaterThanOrEqualTo(size);
      for (Helia helia : peers) {
        String peer = helia.address.substring(helia.address.lastIndexOf('/') + 1);
        assertThat(done.get("blocksByPeer").get(peer).asLong()).as(done.toString()).isPositive();
      }
      assertThat(sha256(cat(daemon, cid))).isEqualTo(sha256(DaemonTest.pattern(size)));
      // Each leaf was asked of all three with want-have; every Helia holds it.
      assertThat(stats.havesReceived()).isGreaterThanOrEqualTo(100);
      assertThat(stats.dontHavesReceived()).isZero();
    } finally {
      peers.forEach(Helia::close);
    }
  }
}
