package org.pinring.node.car;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinring.multiformats.Cid;
import org.pinring.node.blockstore.BlockStore;
import org.pinring.node.dag.DagLimits;
import org.pinring.node.dag.DagWalker;
import org.pinring.node.repo.RepoConfig;
import org.pinring.node.repo.Repository;
import org.pinring.node.unixfs.ImportPreset;
import org.pinring.node.unixfs.UnixFsExporter;
import org.pinring.node.unixfs.UnixFsImporter;
import org.pinring.testkit.JsHarness;

/** CAR files written here are read by {@code @ipld/car}, and CARs it writes are imported here. */
@Tag("interop")
class CarInteropTest {

  @TempDir Path directory;
  private Repository repository;

  @BeforeEach
  void open() throws IOException {
    repository = Repository.create(directory.resolve("repo"), RepoConfig.defaults());
  }

  @AfterEach
  void close() {
    repository.close();
  }

  private static byte[] pattern(int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = (byte) ((i * 7L + 3) % 251);
    }
    return out;
  }

  @Test
  void theJsCarReaderReadsOurCars() throws Exception {
    JsHarness js = JsHarness.require();
    for (ImportPreset preset : ImportPreset.values()) {
      byte[] content = pattern(5 * 1024 * 1024 + 17);
      Cid root;
      try (BlockStore.Session session = repository.blocks().openSession()) {
        root = new UnixFsImporter(preset.options(), session::put).importBytes(content);
        repository.pins().add(root);
      }
      Path car = directory.resolve(preset + ".car");
      try (OutputStream out = Files.newOutputStream(car)) {
        CarExporter.export(repository.blocks(), root, out, DagLimits.defaults());
      }
      List<String> ourOrder = new ArrayList<>();
      new DagWalker(repository.blocks()::links, DagLimits.defaults())
          .walk(root, (cid, depth) -> ourOrder.add(cid.toString()));

      JsonNode report =
          new ObjectMapper()
              .readTree(js.run("car-interop.mjs", Duration.ofMinutes(2), "read", car.toString()));

      assertThat(report.get("roots").get(0).asText()).isEqualTo(root.toString());
      List<String> jsOrder = new ArrayList<>();
      report.get("blocks").forEach(b -> jsOrder.add(b.asText()));
      assertThat(jsOrder).isEqualTo(ourOrder);
      assertThat(report.get("length").asLong()).isEqualTo(content.length);
      assertThat(report.get("sha256").asText()).isEqualTo(sha256(content));
    }
  }

  @Test
  void weImportCarsTheJsCarWriterWrites() throws Exception {
    JsHarness js = JsHarness.require();
    Path car = directory.resolve("from-js.car");
    int length = 3 * 1024 * 1024 + 5;

    JsonNode written =
        new ObjectMapper()
            .readTree(
                js.run(
                    "car-interop.mjs",
                    Duration.ofMinutes(2),
                    "write",
                    car.toString(),
                    Integer.toString(length)));

    CarImporter.Result result;
    try (BlockStore.Session session = repository.blocks().openSession();
        InputStream in = Files.newInputStream(car)) {
      result = CarImporter.importCar(in, session, repository.blocks(), DagLimits.defaults());
      result.complete().forEach(repository.pins()::add);
    }
    Cid root = Cid.parse(written.get("root").asText());
    assertThat(result.roots()).containsExactly(root);
    assertThat(result.complete()).containsExactly(root);
    assertThat(result.blocks()).isEqualTo(written.get("blocks").asLong());
    java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream();
    new UnixFsExporter(repository.blocks(), DagLimits.defaults()).cat(root, content);
    assertThat(content.size()).isEqualTo(length);
    assertThat(sha256(content.toByteArray())).isEqualTo(written.get("sha256").asText());
    // And the same bytes imported here with Helia's defaults give the same root.
    assertThat(
            new UnixFsImporter(ImportPreset.HELIA.options(), b -> {}).importBytes(pattern(length)))
        .isEqualTo(root);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
