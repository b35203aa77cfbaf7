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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.pinring.crdt.internal.SnapshotCodec;
import org.pinring.crdt.kv.InMemoryKeyValueStore;
import org.pinring.crdt.testing.InMemoryBlockStore;
import org.pinring.crdt.testing.SimulatedBlockSource;
import org.pinring.crdt.testing.SimulatedGossip;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.ipld.DagCbor;
import org.pinring.runtime.Simulation;
import org.pinring.testkit.JsHarness;

/**
 * Golden snapshot blocks: the snapshot of a small fixed state (the operations of the delta vectors,
 * submitted in order) under {@code vectors/snapshot/}, named by role ({@code root}, {@code
 * node-LEVEL-INDEX}, {@code leaf-BUCKET}, {@code chunk-N}) with {@code index.json}. Exporting again
 * reproduces every block byte for byte, and the js reference codec round-trips them.
 *
 * <p>Regenerate (only when the format changes on purpose) with {@code mvn -pl crdt -am test
 * -Dtest=SnapshotVectorsTest -Dpinring.vectors.write=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class SnapshotVectorsTest {

  private static final Path DIRECTORY = Path.of("src/test/resources/vectors/snapshot");

  /** Exports the snapshot of the fixed state; returns name to block. */
  static Map<String, byte[]> export() {
    Simulation simulation = new Simulation(0);
    SimulatedGossip gossip =
        new SimulatedGossip(simulation.time(), simulation.random(), 0, 0, Duration.ZERO);
    InMemoryBlockStore blocks = new InMemoryBlockStore();
    PinSet replica =
        PinSet.open(
            new CrdtConfig(
                DeltaVectors.RING,
                CrdtConfig.WalkMode.SUB_DAG,
                1,
                1,
                1,
                CrdtLimits.MAX_DELTA_BYTES,
                1,
                CrdtLimits.MAX_DELTA_BYTES,
                1,
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ZERO,
                Duration.ofHours(1)),
            new InMemoryKeyValueStore(),
            new CrdtPorts(
                new SimulatedBlockSource(
                    cid -> null, simulation.time(), Duration.ZERO, simulation.random(), 0),
                blocks,
                gossip.member("vectors"),
                new org.pinring.crdt.auth.Ed25519Authorizer(
                    DeltaVectors.RING, DeltaVectors.CURATORS.publicKey()),
                new InMemoryCrdtMetrics()),
            simulation.environment("vectors"));
    for (Delta delta : DeltaVectors.all().values()) {
      CompletableFuture<List<Cid>> done = replica.submit(delta.operations());
      simulation.time().runUntil(done::isDone, Duration.ofSeconds(1));
      done.join();
    }
    CompletableFuture<Checkpoint> checkpoint = replica.prepareCheckpoint();
    simulation.time().runUntil(checkpoint::isDone, Duration.ofSeconds(1));
    Map<String, byte[]> named = new TreeMap<>();
    byte[] rootBlock = blocks.get(checkpoint.join().snapshot());
    named.put("root", rootBlock);
    SnapshotCodec.Root root = SnapshotCodec.decodeRoot(rootBlock);
    for (int i = 0; i < root.chunks().size(); i++) {
      named.put("chunk-" + i, blocks.get(root.chunks().get(i)));
    }
    nameTree(blocks, root.tree(), 0, 0, named);
    replica.close();
    return named;
  }

  private static void nameTree(
      InMemoryBlockStore blocks, Cid cid, int level, int index, Map<String, byte[]> named) {
    byte[] block = blocks.get(cid);
    if (level == org.pinring.crdt.internal.StateTree.INNER_LEVELS) {
      named.put("leaf-" + index, block);
      return;
    }
    named.put("node-" + level + "-" + index, block);
    SnapshotCodec.Node node = SnapshotCodec.decodeNode(block);
    for (int i = 0; i < node.children().size(); i++) {
      if (node.children().get(i) != null) {
        nameTree(blocks, node.children().get(i), level + 1, index * 16 + i, named);
      }
    }
  }

  @Test
  void writeVectorsWhenAsked() throws IOException {
    if (!Boolean.getBoolean("pinring.vectors.write")) {
      return;
    }
    Map<String, String> index = new TreeMap<>();
    for (Map.Entry<String, byte[]> block : export().entrySet()) {
      Files.write(DIRECTORY.resolve(block.getKey() + ".cbor"), block.getValue());
      index.put(block.getKey(), DagCbor.cidOf(block.getValue()).toString());
    }
    Files.writeString(
        DIRECTORY.resolve("index.json"),
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(index)
            + "\n",
        StandardCharsets.UTF_8);
  }

  @Test
  void exportingAgainReproducesEveryCommittedBlock() throws IOException {
    Map<String, byte[]> exported = export();
    JsonNode index = new ObjectMapper().readTree(DIRECTORY.resolve("index.json").toFile());
    assertThat(index.size()).isEqualTo(exported.size());
    List<String> names = new ArrayList<>();
    index.properties().forEach(entry -> names.add(entry.getKey()));
    assertThat(names).containsExactlyInAnyOrderElementsOf(exported.keySet());
    for (Map.Entry<String, byte[]> block : exported.entrySet()) {
      byte[] committed = Files.readAllBytes(DIRECTORY.resolve(block.getKey() + ".cbor"));
      assertThat(block.getValue()).as(block.getKey()).isEqualTo(committed);
      assertThat(DagCbor.cidOf(committed)).hasToString(index.get(block.getKey()).asText());
    }
    // The fixed state's records: pins, ring operations (the ban and the checkpoint) and retired
    // operations (the adds the update and the unpin removed).
    int[] kinds = new int[3];
    exported.forEach(
        (name, bytes) -> {
          if (name.startsWith("leaf")) {
            SnapshotCodec.Leaf leaf = SnapshotCodec.decodeLeaf(bytes);
            kinds[0] += leaf.pins().size();
            kinds[1] += leaf.operations().size();
            kinds[2] += leaf.retired().size();
          }
        });
    assertThat(kinds).containsExactly(3, 2, 2);
    assertThat(SnapshotCodec.decodeRoot(exported.get("root")).records()).isEqualTo(7);
    // The root links the tree and the delta chunks only: never a delta (a recursive pin or a
    // sub-DAG walk of the snapshot must not pull in the history).
    SnapshotCodec.Root root = SnapshotCodec.decodeRoot(exported.get("root"));
    List<Cid> expectedLinks = new ArrayList<>(root.chunks());
    expectedLinks.add(root.tree());
    assertThat(DagCbor.decode(exported.get("root")).links())
        .containsExactlyInAnyOrderElementsOf(expectedLinks);
  }

  @Test
  void everyCommittedBlockDecodesAsWhatItsNameSays() throws IOException {
    try (Stream<Path> files = Files.list(DIRECTORY)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".cbor")).toList()) {
        String name = file.getFileName().toString();
        byte[] bytes = Files.readAllBytes(file);
        if (name.startsWith("root")) {
          assertThat(SnapshotCodec.decodeRoot(bytes).ring()).isEqualTo(DeltaVectors.RING);
        } else if (name.startsWith("node")) {
          assertThat(SnapshotCodec.decodeNode(bytes).children()).hasSize(16);
        } else if (name.startsWith("leaf")) {
          assertThat(name).isEqualTo("leaf-" + SnapshotCodec.decodeLeaf(bytes).bucket() + ".cbor");
        } else {
          assertThat(SnapshotCodec.decodeChunk(bytes)).isNotEmpty();
        }
      }
    }
  }

  @Test
  void aLeafHasOneEncodingOfItsRetiredOperations() {
    org.pinring.multiformats.ipld.IpldMap.Builder leaf =
        org.pinring.multiformats.ipld.IpldMap.builder()
            .put("bucket", 7)
            .put("pins", new org.pinring.multiformats.ipld.IpldList(List.of()))
            .put("ops", new org.pinring.multiformats.ipld.IpldList(List.of()));
    byte[] withEmptyList =
        DagCbor.encode(
            leaf.put("retired", new org.pinring.multiformats.ipld.IpldList(List.of())).build());
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> SnapshotCodec.decodeLeaf(withEmptyList))
        .isInstanceOf(InvalidDeltaException.class)
        .hasMessageContaining("empty retired list");
    byte[] id = new byte[OperationId.BYTES];
    byte[] encoded =
        SnapshotCodec.encodeLeaf(
            new SnapshotCodec.Leaf(
                7, List.of(), List.of(), List.of(org.pinring.multiformats.ipld.Ipld.of(id))));
    assertThat(SnapshotCodec.decodeLeaf(encoded).retired()).hasSize(1);
  }

  /** Interop: the js reference codec decodes and re-encodes every snapshot block unchanged. */
  @Test
  @Tag("interop")
  void theJsReferenceCodecRoundTripsEveryBlock() throws IOException {
    JsHarness js = JsHarness.require();
    JsonNode results =
        new ObjectMapper()
            .readTree(
                js.run(
                    "vectors/crdt-deltas.mjs",
                    Duration.ofMinutes(2),
                    DIRECTORY.toAbsolutePath().toString()));
    JsonNode index = new ObjectMapper().readTree(DIRECTORY.resolve("index.json").toFile());
    assertThat(results.size()).isEqualTo(index.size());
    index
        .properties()
        .forEach(
            entry -> {
              assertThat(results.get(entry.getKey()).get("cid").asText())
                  .isEqualTo(entry.getValue().asText());
              assertThat(results.get(entry.getKey()).get("reencodedIdentical").asBoolean())
                  .isTrue();
            });
  }
}
