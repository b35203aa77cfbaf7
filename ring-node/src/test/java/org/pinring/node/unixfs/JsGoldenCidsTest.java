package org.pinring.node.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinring.multiformats.Cid;
import org.pinring.testkit.JsHarness;

/**
 * Golden CIDs: the importer gives the same root CID as Helia's {@code @helia/unixfs} defaults, the
 * js importer with kubo's classic settings, and the js importer with explicit options, for every
 * fixture of interop/js/vectors/unixfs-golden.mjs (empty, one byte, one chunk, one chunk plus one,
 * 10 MiB, two-level layouts, nested and HAMT-sharded directories, metadata).
 */
class JsGoldenCidsTest {

  private static JsonNode golden;

  @BeforeAll
  static void load() {
    golden = GoldenFixtures.load();
  }

  @Test
  void theIssuesExampleIsAmongTheVectors() {
    UnixFsImporter kubo = new UnixFsImporter(ImportPreset.KUBO.options(), BlockSink.discarding());

    Cid cid = kubo.importBytes(PatternInputStream.bytes(1 << 20, 1, 0));

    assertThat(cid).hasToString("QmXgkY4miMKJBrg8YYke4xw6C2n8WNsUc1GXLhN84k4QM3");
  }

  @Test
  void everyFileGetsTheJsRootCid() throws IOException {
    assertThat(golden.get("files").size()).isGreaterThan(20);
    for (JsonNode vector : golden.get("files")) {
      UnixFsImporter importer =
          new UnixFsImporter(GoldenFixtures.options(vector), BlockSink.discarding());

      Cid cid;
      try (InputStream in = GoldenFixtures.content(vector)) {
        cid = importer.importStream(in);
      }

      assertThat(cid)
          .as("%s, %d bytes", vector.get("preset").asText(), vector.get("length").asLong())
          .hasToString(vector.get("cid").asText());
    }
  }

  @Test
  void everyTreeGetsTheJsRootCid(@TempDir Path base) throws IOException {
    assertThat(golden.get("trees").size()).isGreaterThan(8);
    int index = 0;
    for (JsonNode vector : golden.get("trees")) {
      Path top = GoldenFixtures.materialize(vector, base.resolve("tree-" + index++));
      boolean metadata = vector.get("preserveMetadata").asBoolean();
      ImportOptions options =
          GoldenFixtures.options(vector).withPreserveMode(metadata).withPreserveMtime(metadata);

      Cid cid = new UnixFsImporter(options, BlockSink.discarding()).importPath(top, true, false);

      assertThat(cid)
          .as("%s with %s", vector.get("name").asText(), vector.get("preset").asText())
          .hasToString(vector.get("cid").asText());
    }
  }

  @Test
  void murmur3MatchesTheJsHasher() {
    HexFormat hex = HexFormat.of();
    for (JsonNode vector : golden.get("murmur3")) {
      byte[] input = hex.parseHex(vector.get("input").asText());

      assertThat(hex.formatHex(Murmur3.hash128(input)))
          .as(vector.get("input").asText())
          .isEqualTo(vector.get("hash").asText());
    }
  }

  /** Interop: the committed CIDs are what the pinned js importer and Helia produce today. */
  @Test
  @Tag("interop")
  void committedVectorsAreWhatTheJsImporterProduces() throws IOException {
    String regenerated =
        JsHarness.require().run("vectors/unixfs-golden.mjs", Duration.ofMinutes(5));

    try (InputStream in = getClass().getResourceAsStream(GoldenFixtures.RESOURCE)) {
      assertThat(regenerated).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
