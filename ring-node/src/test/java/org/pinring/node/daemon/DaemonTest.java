package org.pinring.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinring.libp2p.PeerId;
import org.pinring.multiformats.Cid;
import org.pinring.node.bitswap.BitswapMessage;
import org.pinring.node.bitswap.BlockPresence;
import org.pinring.node.bitswap.PresenceType;
import org.pinring.node.bitswap.WantlistEntry;
import org.pinring.node.blockstore.Block;
import org.pinring.node.car.CarReader;
import org.pinring.node.unixfs.BlockSink;
import org.pinring.node.unixfs.ImportPreset;
import org.pinring.node.unixfs.UnixFsImporter;

/** Two daemons on loopback: add through one's API, fetch by Bitswap into the other, gateway. */
class DaemonTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path directory;

  static Daemon start(Path repository) throws IOException {
    return Daemon.start(
        new Daemon.Options(
            repository, List.of("/ip4/127.0.0.1/tcp/0"), "127.0.0.1:0", "pinring-test/0"));
  }

  static byte[] pattern(int size) {
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) (i % 251 + i / 4096);
    }
    return data;
  }

  private HttpResponse<byte[]> send(HttpRequest request) throws IOException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private JsonNode json(HttpResponse<byte[]> response) throws IOException {
    return JSON.readTree(response.body());
  }

  @Test
  void addsThroughTheApiAndAnotherDaemonFetchesByBitswap() throws IOException {
    byte[] data = pattern(5 * 1024 * 1024 + 123);
    try (Daemon a = start(directory.resolve("a"));
        Daemon b = start(directory.resolve("b"))) {
      HttpResponse<byte[]> added =
          send(
              HttpRequest.newBuilder(a.apiUrl().resolve("/add"))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(data))
                  .build());
      assertThat(added.statusCode()).isEqualTo(200);
      String cid = json(added).get("cid").asText();

      String from = URLEncoder.encode(a.addresses().get(0).toString(), StandardCharsets.UTF_8);
      HttpResponse<byte[]> fetched =
          send(
              HttpRequest.newBuilder(b.apiUrl().resolve("/fetch/" + cid + "?from=" + from))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build());
      String[] lines = new String(fetched.body(), StandardCharsets.UTF_8).split("\n", -1);
      JsonNode last = JSON.readTree(lines[lines.length - 2]);
      assertThat(last.get("type").asText()).as(String.join("\n", lines)).isEqualTo("done");
      assertThat(last.get("blocksByPeer").get(a.peerId().toString()).asLong()).isPositive();

      HttpResponse<byte[]> cat =
          send(HttpRequest.newBuilder(b.apiUrl().resolve("/ipfs/" + cid)).GET().build());
      assertThat(cat.body()).isEqualTo(data);
      assertThat(b.repository().pins().list()).contains(Cid.parse(cid));

      HttpResponse<byte[]> peers =
          send(HttpRequest.newBuilder(b.apiUrl().resolve("/peers")).GET().build());
      assertThat(json(peers).toString()).contains(a.peerId().toString());
    }
  }

  @Test
  void servesRawBlocksAndCarsAsATrustlessGateway() throws IOException {
    byte[] data = pattern(3 * 1024 * 1024);
    try (Daemon a = start(directory.resolve("a"))) {
      String cid =
          json(send(
                  HttpRequest.newBuilder(a.apiUrl().resolve("/add"))
                      .POST(HttpRequest.BodyPublishers.ofByteArray(data))
                      .build()))
              .get("cid")
              .asText();

      HttpResponse<byte[]> raw =
          send(
              HttpRequest.newBuilder(a.apiUrl().resolve("/ipfs/" + cid))
                  .header("Accept", "application/vnd.ipld.raw")
                  .GET()
                  .build());
      assertThat(raw.statusCode()).isEqualTo(200);
      assertThat(raw.headers().firstValue("Content-Type")).hasValue("application/vnd.ipld.raw");
      Block root = Block.verified(Cid.parse(cid), raw.body());
      assertThat(root.size()).isPositive();

      HttpResponse<byte[]> car =
          send(
              HttpRequest.newBuilder(a.apiUrl().resolve("/ipfs/" + cid + "?format=car"))
                  .GET()
                  .build());
      assertThat(car.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/vnd.ipld.car");
      List<Block> blocks = new ArrayList<>();
      CarReader reader = CarReader.open(new ByteArrayInputStream(car.body()));
      assertThat(reader.roots()).containsExactly(Cid.parse(cid));
      for (var block = reader.next(); block.isPresent(); block = reader.next()) {
        blocks.add(block.get());
      }
      assertThat(blocks).hasSize(4);

      HttpResponse<byte[]> missing =
          send(
              HttpRequest.newBuilder(
                      a.apiUrl()
                          .resolve(
                              "/ipfs/bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"))
                  .header("Accept", "application/vnd.ipld.raw")
                  .GET()
                  .build());
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(json(missing).get("message").asText()).contains("not stored");
    }
  }

  private int rawStatus(Daemon daemon, Cid cid) throws IOException {
    return send(HttpRequest.newBuilder(daemon.apiUrl().resolve("/ipfs/" + cid))
            .header("Accept", "application/vnd.ipld.raw")
            .GET()
            .build())
        .statusCode();
  }

  @Test
  void onlyHashGivesTheCidOfAnAddAndStoresNothing() throws IOException {
    byte[] data = pattern(2 * 1024 * 1024 + 5);
    Cid expected =
        new UnixFsImporter(ImportPreset.KUBO.options(), BlockSink.discarding()).importBytes(data);
    try (Daemon a = start(directory.resolve("a"))) {
      HttpResponse<byte[]> hashed =
          send(
              HttpRequest.newBuilder(a.apiUrl().resolve("/add?preset=kubo&only-hash=true"))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(data))
                  .build());
      assertThat(json(hashed).get("cid").asText()).isEqualTo(expected.toString());
      assertThat(rawStatus(a, expected)).as("stored after only-hash").isEqualTo(404);

      HttpResponse<byte[]> added =
          send(
              HttpRequest.newBuilder(a.apiUrl().resolve("/add?preset=kubo&only-hash=false"))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(data))
                  .build());
      assertThat(json(added).get("cid").asText()).isEqualTo(expected.toString());
      assertThat(rawStatus(a, expected)).isEqualTo(200);

      HttpResponse<byte[]> refused =
          send(
              HttpRequest.newBuilder(a.apiUrl().resolve("/add?only-hash=maybe"))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(data))
                  .build());
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(json(refused).get("message").asText()).contains("only-hash must be true or false");
    }
  }

  @Test
  void refusesASecondDaemonOnTheSameRepository() throws IOException {
    try (Daemon first = start(directory.resolve("a"))) {
      assertThatThrownBy(() -> start(directory.resolve("a")))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("another PinRing daemon is running");
      assertThat(Files.readString(directory.resolve("a").resolve(Daemon.API_FILE)).trim())
          .isEqualTo(first.apiUrl().toString());
    }
    assertThat(directory.resolve("a").resolve(Daemon.API_FILE)).doesNotExist();
    try (Daemon again = start(directory.resolve("a"))) {
      assertThat(again.peerId()).isNotNull();
    }
  }

  @Test
  void needsTheTokenWhenBoundBeyondLoopback() throws IOException {
    try (Daemon a =
        Daemon.start(
            new Daemon.Options(
                directory.resolve("a"), List.of("/ip4/127.0.0.1/tcp/0"), "0.0.0.0:0", "t/0"))) {
      URI id = URI.create("http://127.0.0.1:" + a.apiUrl().getPort() + "/id");
      assertThat(send(HttpRequest.newBuilder(id).GET().build()).statusCode()).isEqualTo(401);
      String token = ApiToken.read(directory.resolve("a")).orElseThrow();
      HttpResponse<byte[]> ok =
          send(HttpRequest.newBuilder(id).header("Authorization", "Bearer " + token).GET().build());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(json(ok).get("id").asText()).isEqualTo(a.peerId().toString());
    }
  }

  @Test
  void acceptsMultipartUploads() throws IOException {
    try (Daemon a = start(directory.resolve("a"))) {
      // Multipart lines end in CRLF (RFC 7578).
      String body =
          String.join(
              "\r\n",
              "--XyZ",
              "Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"",
              "Content-Type: application/octet-stream",
              "",
              "hello multipart",
              "--XyZ--",
              "");
      HttpResponse<byte[]> added =
          send(
              HttpRequest.newBuilder(a.apiUrl().resolve("/add"))
                  .header("Content-Type", "multipart/form-data; boundary=XyZ")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build());
      String cid = json(added).get("cid").asText();
      HttpResponse<byte[]> cat =
          send(HttpRequest.newBuilder(a.apiUrl().resolve("/ipfs/" + cid)).GET().build());
      assertThat(new String(cat.body(), StandardCharsets.UTF_8)).isEqualTo("hello multipart");
    }
  }

  @Test
  void aPeerWaitingForAnInnerBlockGetsItWhenTheDagIsAdded() throws Exception {
    byte[] data = pattern(3 * 1024 * 1024 + 17);
    // The DAG the daemon will make (its default preset, helia), computed beforehand.
    List<Block> blocks = new ArrayList<>();
    Cid root = new UnixFsImporter(ImportPreset.HELIA.options(), blocks::add).importBytes(data);
    Block leaf = blocks.get(1);
    assertThat(leaf.cid()).isNotEqualTo(root);
    try (Daemon a = start(directory.resolve("a"));
        BitswapProbe probe = new BitswapProbe()) {
      PeerId daemon = probe.connect(a.addresses().get(0));
      probe.send(daemon, BitswapMessage.wants(List.of(WantlistEntry.wantBlock(leaf.cid(), 1))));
      // The daemon lacks it now; the want stays in its ledger.
      probe.await(
          m -> m.presences().contains(new BlockPresence(leaf.cid(), PresenceType.DONT_HAVE)),
          Duration.ofSeconds(30));

      HttpResponse<byte[]> added =
          send(
              HttpRequest.newBuilder(a.apiUrl().resolve("/add"))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(data))
                  .build());
      assertThat(json(added).get("cid").asText()).isEqualTo(root.toString());

      BitswapMessage delivered =
          probe.await(
              m -> m.blocks().stream().anyMatch(b -> b.prefix().cidOf(b.data()).equals(leaf.cid())),
              Duration.ofSeconds(30));
      assertThat(delivered.blocks()).anyMatch(b -> Arrays.equals(b.data(), leaf.data()));
    }
  }

  @Test
  void servesByteRangesOfFilesAsThePathGatewaySpecifies() throws IOException {
    byte[] data = pattern(3 * 1024 * 1024 + 9);
    try (Daemon a = start(directory.resolve("a"))) {
      String cid =
          json(send(
                  HttpRequest.newBuilder(a.apiUrl().resolve("/add"))
                      .POST(HttpRequest.BodyPublishers.ofByteArray(data))
                      .build()))
              .get("cid")
              .asText();
      URI file = a.apiUrl().resolve("/ipfs/" + cid);

      HttpResponse<byte[]> middle =
          send(HttpRequest.newBuilder(file).header("Range", "bytes=1048570-1048589").build());
      assertThat(middle.statusCode()).isEqualTo(206);
      assertThat(middle.headers().firstValue("Content-Range"))
          .hasValue("bytes 1048570-1048589/" + data.length);
      assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(data, 1048570, 1048590));

      HttpResponse<byte[]> suffix =
          send(HttpRequest.newBuilder(file).header("Range", "bytes=-100").build());
      assertThat(suffix.statusCode()).isEqualTo(206);
      assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(data, data.length - 100, data.length));

      HttpResponse<byte[]> whole = send(HttpRequest.newBuilder(file).build());
      assertThat(whole.statusCode()).isEqualTo(200);
      assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");
      assertThat(whole.body()).isEqualTo(data);

      HttpResponse<byte[]> beyond =
          send(HttpRequest.newBuilder(file).header("Range", "bytes=99999999-").build());
      assertThat(beyond.statusCode()).isEqualTo(416);
      assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */" + data.length);
      assertThat(json(beyond).get("message").asText()).contains("beyond");
    }
  }

  /** One multipart part of a tree upload. */
  private static String part(String path, String type, String content) {
    return "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
        + path
        + "\"\r\nContent-Type: "
        + type
        + "\r\n\r\n"
        + content
        + "\r\n";
  }

  @Test
  void addsADirectoryTreeSentAsMultipartWithTheCidOfALocalImport() throws IOException {
    Path tree = directory.resolve("input").resolve("site");
    Files.createDirectories(tree.resolve("docs").resolve("empty"));
    Files.writeString(tree.resolve("index.html"), "<h1>hi</h1>");
    Files.writeString(tree.resolve("docs").resolve("read me.txt"), "caf\u00e9");
    Files.createSymbolicLink(tree.resolve("link"), Path.of("index.html"));
    Cid expected =
        new UnixFsImporter(ImportPreset.HELIA.options(), BlockSink.discarding())
            .importPath(tree, true, false);
    // Depth first, a directory before its entries, siblings by UTF-8 bytes: as `add -r` walks.
    String body =
        part("site", "application/x-directory", "")
            + part("site/docs", "application/x-directory", "")
            + part("site/docs/empty", "application/x-directory", "")
            + part("site/docs/read%20me.txt", "application/octet-stream", "caf\u00e9")
            + part("site/index.html", "text/html", "<h1>hi</h1>")
            + part("site/link", "application/symlink", "index.html")
            + "--XyZ--\r\n";
    try (Daemon a = start(directory.resolve("a"))) {
      HttpResponse<byte[]> added =
          send(
              HttpRequest.newBuilder(a.apiUrl().resolve("/add"))
                  .header("Content-Type", "multipart/form-data; boundary=XyZ")
                  .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                  .build());

      assertThat(added.statusCode())
          .as(new String(added.body(), StandardCharsets.UTF_8))
          .isEqualTo(200);
      assertThat(json(added).get("cid").asText()).isEqualTo(expected.toString());
      assertThat(json(added).get("entries").toString()).contains("site/docs/read me.txt");
      HttpResponse<byte[]> file =
          send(
              HttpRequest.newBuilder(
                      a.apiUrl().resolve("/ipfs/" + expected + "/docs/read%20me.txt"))
                  .build());
      assertThat(new String(file.body(), StandardCharsets.UTF_8)).isEqualTo("caf\u00e9");

      String outside =
          part("site", "application/x-directory", "")
              + part("other/x", "application/octet-stream", "x")
              + "--XyZ--\r\n";
      HttpResponse<byte[]> refused =
          send(
              HttpRequest.newBuilder(a.apiUrl().resolve("/add"))
                  .header("Content-Type", "multipart/form-data; boundary=XyZ")
                  .POST(HttpRequest.BodyPublishers.ofString(outside))
                  .build());
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(json(refused).get("message").asText()).contains("not inside 'site'");

      String climbing =
          part("site", "application/x-directory", "")
              + part("site/../x", "application/octet-stream", "x")
              + "--XyZ--\r\n";
      HttpResponse<byte[]> climbed =
          send(
              HttpRequest.newBuilder(a.apiUrl().resolve("/add"))
                  .header("Content-Type", "multipart/form-data; boundary=XyZ")
                  .POST(HttpRequest.BodyPublishers.ofString(climbing))
                  .build());
      assertThat(climbed.statusCode()).isEqualTo(400);
      assertThat(json(climbed).get("message").asText()).contains("invalid entry name '..'");
    }
  }
}
