package org.pinring.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pinring.crdt.auth.Ed25519Authorizer;
import org.pinring.crdt.internal.DeltaCodec;
import org.pinring.multiformats.ipld.DagCbor;
import org.pinring.testkit.JsHarness;

/**
 * Golden delta blocks: {@code vectors/deltas/NAME.cbor} and {@code index.json} (NAME to CID).
 * Encoding the fixed inputs reproduces every block byte for byte, and the js reference codec
 * ({@code @ipld/dag-cbor}) decodes and re-encodes each one unchanged with the same CID.
 *
 * <p>Regenerate (only when the format changes on purpose) with {@code mvn -pl crdt -am test
 * -Dtest=DeltaVectorsTest -Dpinring.vectors.write=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class DeltaVectorsTest {

  private static final Path DIRECTORY = Path.of("src/test/resources/vectors/deltas");

  static Stream<Arguments> vectors() {
    return DeltaVectors.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  private static JsonNode index() throws IOException {
    return new ObjectMapper().readTree(DIRECTORY.resolve("index.json").toFile());
  }

  @Test
  void writeVectorsWhenAsked() throws IOException {
    if (!Boolean.getBoolean("pinring.vectors.write")) {
      return;
    }
    Map<String, String> index = new TreeMap<>();
    for (Map.Entry<String, Delta> vector : DeltaVectors.all().entrySet()) {
      byte[] block = DeltaCodec.encode(vector.getValue());
      Files.write(DIRECTORY.resolve(vector.getKey() + ".cbor"), block);
      index.put(vector.getKey(), DagCbor.cidOf(block).toString());
    }
    Files.writeString(
        DIRECTORY.resolve("index.json"),
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(index)
            + "\n",
        StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void encodingReproducesTheCommittedBlock(String name, Delta delta) throws IOException {
    byte[] committed = Files.readAllBytes(DIRECTORY.resolve(name + ".cbor"));
    assertThat(DeltaCodec.encode(delta)).isEqualTo(committed);
    assertThat(DeltaCodec.decode(committed)).isEqualTo(delta);
    assertThat(DagCbor.cidOf(committed)).hasToString(index().get(name).asText());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void everyOperationCarriesAValidCuratorSignature(String name, Delta delta) {
    Ed25519Authorizer authorizer =
        new Ed25519Authorizer(DeltaVectors.RING, DeltaVectors.CURATORS.publicKey());
    for (SignedOperation operation : delta.operations()) {
      assertThat(authorizer.authorize(operation, Carrier.local()).verdict())
          .as(name)
          .isEqualTo(Authorization.Verdict.ACCEPT);
    }
  }

  @Test
  void theIndexNamesExactlyTheCommittedBlocks() throws IOException {
    assertThat(index().size()).isEqualTo(DeltaVectors.all().size());
    try (Stream<Path> files = Files.list(DIRECTORY)) {
      assertThat(files.filter(p -> p.toString().endsWith(".cbor")).count())
          .isEqualTo(DeltaVectors.all().size());
    }
  }

  /** Interop: standard DAG-CBOR tooling (the js reference codec) round-trips every block. */
  @Test
  @Tag("interop")
  void theJsReferenceCodecRoundTripsEveryBlock() throws IOException {
    JsHarness js = JsHarness.require();
    String output =
        js.run(
            "vectors/crdt-deltas.mjs",
            Duration.ofMinutes(2),
            DIRECTORY.toAbsolutePath().toString());
    JsonNode results = new ObjectMapper().readTree(output);
    JsonNode index = index();
    assertThat(results.size()).isEqualTo(index.size());
    index
        .properties()
        .forEach(
            entry -> {
              JsonNode result = results.get(entry.getKey());
              assertThat(result).as(entry.getKey()).isNotNull();
              assertThat(result.get("cid").asText())
                  .as(entry.getKey())
                  .isEqualTo(entry.getValue().asText());
              assertThat(result.get("reencodedIdentical").asBoolean()).as(entry.getKey()).isTrue();
              assertThat(result.get("links").asInt()).as(entry.getKey()).isGreaterThanOrEqualTo(0);
            });
  }
}
