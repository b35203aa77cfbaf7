package org.pinring.node.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.ipld.DagCbor;
import org.pinring.multiformats.ipld.DagPb;
import org.pinring.multiformats.ipld.Ipld;
import org.pinring.multiformats.ipld.PbLink;
import org.pinring.multiformats.ipld.PbNode;
import org.pinring.multiformats.ipld.UnixFsData;
import org.pinring.node.blockstore.Block;
import org.pinring.node.blockstore.BlockStore;
import org.pinring.node.dag.DagLimits;
import org.pinring.node.dag.MissingBlockException;
import org.pinring.node.repo.RepoConfig;
import org.pinring.node.repo.Repository;

class UnixFsExporterTest {

  @TempDir Path directory;
  private Repository repository;
  private BlockStore.Session session;
  private UnixFsExporter exporter;

  @BeforeEach
  void open() throws IOException {
    repository = Repository.create(directory.resolve("repo"), RepoConfig.defaults());
    session = repository.blocks().openSession();
    exporter = new UnixFsExporter(repository.blocks(), DagLimits.defaults());
  }

  @AfterEach
  void close() {
    session.close();
    repository.close();
  }

  private Cid importBytes(ImportOptions options, byte[] bytes) {
    return new UnixFsImporter(options, session::put).importBytes(bytes);
  }

  private byte[] cat(Cid cid, long offset, long length) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    exporter.cat(cid, offset, length, out);
    return out.toByteArray();
  }

  @Test
  void catsFilesOfEveryShapeBackToTheirBytes() throws IOException {
    byte[] content = PatternInputStream.bytes(40_000, 7, 3);
    List<ImportOptions> shapes =
        List.of(
            ImportPreset.HELIA.options(),
            ImportPreset.KUBO.options(),
            ImportPreset.KUBO.options().withChunkSize(1000).withMaxChildrenPerNode(3),
            ImportPreset.HELIA.options().withChunkSize(512).withMaxChildrenPerNode(2));
    for (ImportOptions options : shapes) {
      Cid cid = importBytes(options, content);

      assertThat(cat(cid, 0, Long.MAX_VALUE)).as("%s", options).isEqualTo(content);
      assertThat(exporter.resolve(cid, "").size()).isEqualTo(content.length);
    }
    assertThat(cat(importBytes(ImportPreset.KUBO.options(), new byte[0]), 0, 10)).isEmpty();
  }

  @Test
  void getsTheNestedGoldenTreeBackFileForFile() throws IOException {
    for (var tree : GoldenFixtures.load().get("trees")) {
      if (!tree.get("name").asText().equals("nested")) {
        continue;
      }
      String preset = tree.get("preset").asText();
      Path source = GoldenFixtures.materialize(tree, directory.resolve("in-" + preset));
      Cid root =
          new UnixFsImporter(GoldenFixtures.options(tree), session::put)
              .importPath(source, true, false);
      assertThat(root).hasToString(tree.get("cid").asText());

      Path out = directory.resolve("out-" + preset);
      exporter.get(root, out);

      assertSameTree(source, out);
      assertThat(exporter.list(root))
          .extracting(UnixFsEntry::name)
          .containsExactly("Zebra", "a.txt", "b.bin", "empty", "link-to-a", "sub", "ünïcödé 水");
      assertThat(exporter.resolve(root, "link-to-a").kind()).isEqualTo(UnixFsEntry.Kind.SYMLINK);
      assertThat(exporter.resolve(root, "sub/deeper/c").size()).isEqualTo(2 * 1024 * 1024 + 5);
    }
  }

  /**
   * A directory sharded early (a low threshold keeps the test small; the golden CIDs cover the real
   * threshold): listing, lookups through shards, and writing it out.
   */
  @Test
  void readsShardedDirectories() throws IOException {
    Path source = directory.resolve("src");
    Files.createDirectories(source.resolve("big"));
    for (int i = 0; i < 400; i++) {
      Files.writeString(source.resolve("big/file-" + i), "file " + i + "\n");
    }
    Files.writeString(source.resolve("top.txt"), "top");
    ImportOptions options = ImportPreset.HELIA.options().withShardSplitThresholdBytes(2000);
    Cid root = new UnixFsImporter(options, session::put).importPath(source, true, false);
    Cid big = exporter.resolve(root, "big").cid();

    assertThat(UnixFsNode.load(repository.blocks(), big).isShard()).isTrue();
    UnixFsEntry entry = exporter.resolve(root, "/big/file-123");
    assertThat(new String(cat(entry.cid(), 0, 100), StandardCharsets.UTF_8))
        .isEqualTo("file 123\n");
    assertThat(exporter.list(big)).hasSize(400);
    assertThatThrownBy(() -> exporter.resolve(root, "big/file-400"))
        .isInstanceOf(PathNotFoundException.class)
        .hasMessageContaining("no entry 'file-400'");
    assertThatThrownBy(() -> exporter.resolve(root, "top.txt/x"))
        .isInstanceOf(PathNotFoundException.class)
        .hasMessageContaining("is not a directory");
    Path out = directory.resolve("out");
    exporter.get(root, out);
    assertSameTree(source, out);
  }

  @Test
  void refusesAFileWhoseSizesDoNotAddUp() throws IOException {
    Block leaf = Block.hash(Multicodec.RAW, 1, new byte[] {1, 2, 3});
    session.put(leaf);
    UnixFsData lying = UnixFsData.builder(UnixFsData.Type.FILE).addBlockSize(5).fileSize(5).build();
    Cid root = putPb(List.of(PbLink.of(leaf.cid(), "", 3)), lying);

    assertThatThrownBy(() -> cat(root, 0, 100))
        .isInstanceOf(InvalidUnixFsException.class)
        .hasMessageContaining("holds 3 bytes but its parent says 5");
    UnixFsData mismatched = UnixFsData.builder(UnixFsData.Type.FILE).fileSize(0).build();
    Cid other = putPb(List.of(PbLink.of(leaf.cid(), "", 3)), mismatched);
    assertThatThrownBy(() -> cat(other, 0, 1))
        .isInstanceOf(InvalidUnixFsException.class)
        .hasMessageContaining("1 links but 0 block sizes");
  }

  @Test
  void refusesUnsafeEntryNamesWhenWritingATree() {
    Block file = Block.hash(Multicodec.RAW, 1, "x".getBytes(StandardCharsets.UTF_8));
    session.put(file);
    for (String name : List.of("..", ".", "a/b", "")) {
      Cid dir =
          putPb(
              List.of(new PbLink(file.cid(), Optional.of(name), OptionalLong.of(1))),
              UnixFsData.builder(UnixFsData.Type.DIRECTORY).build());

      assertThatThrownBy(() -> exporter.get(dir, directory.resolve("escape-" + name.length())))
          .as(name)
          .isInstanceOf(InvalidUnixFsException.class)
          .hasMessageContaining("unsafe entry name");
    }
    assertThat(directory.resolve("x")).doesNotExist();
  }

  /**
   * A symlink whose target holds a NUL byte cannot be created; the exporter once let the file
   * system's InvalidPathException escape instead of refusing the DAG.
   */
  @Test
  void refusesASymlinkTargetTheFileSystemCannotHold() {
    Cid link =
        putPb(
            List.of(),
            UnixFsData.builder(UnixFsData.Type.SYMLINK).data(new byte[] {'a', 0, 'b'}).build());
    assertThatThrownBy(() -> exporter.get(link, directory.resolve("nul-link")))
        .isInstanceOf(InvalidUnixFsException.class)
        .hasMessageContaining("symlink target");
    assertThat(directory.resolve("nul-link")).doesNotExist();
  }

  /**
   * One sub-shard under two labels: its entries would be listed twice, and shards that link one
   * sub-shard at every position multiply a listing's work by 256 per level. It was once listed
   * twice without complaint.
   */
  @Test
  void refusesAHamtThatLinksOneSubShardTwice() {
    Block file = Block.hash(Multicodec.RAW, 1, "x".getBytes(StandardCharsets.UTF_8));
    session.put(file);
    UnixFsData shardData =
        UnixFsData.builder(UnixFsData.Type.HAMT_SHARD)
            .data(new byte[32])
            .hashType(UnixFsNodes.HAMT_HASH_TYPE)
            .fanout(256)
            .build();
    Cid subShard =
        putPb(List.of(new PbLink(file.cid(), Optional.of("05x"), OptionalLong.of(1))), shardData);
    Cid root =
        putPb(
            List.of(
                new PbLink(subShard, Optional.of("00"), OptionalLong.empty()),
                new PbLink(subShard, Optional.of("01"), OptionalLong.empty())),
            shardData);

    assertThatThrownBy(() -> exporter.list(root))
        .isInstanceOf(InvalidUnixFsException.class)
        .hasMessageContaining("appears more than once");
  }

  @Test
  void refusesADeepChainOfFileNodesAndNonUnixFsRoots() {
    Block leaf = Block.hash(Multicodec.RAW, 1, new byte[] {9});
    session.put(leaf);
    Cid next = leaf.cid();
    for (int i = 0; i < UnixFsExporter.MAX_FILE_DEPTH + 5; i++) {
      next =
          putPb(
              List.of(PbLink.of(next, "", 1)),
              UnixFsData.builder(UnixFsData.Type.FILE).addBlockSize(1).fileSize(1).build());
    }
    Cid deep = next;
    assertThatThrownBy(() -> cat(deep, 0, 1))
        .isInstanceOf(InvalidUnixFsException.class)
        .hasMessageContaining("deeper than 64");

    Block cbor = Block.hash(Multicodec.DAG_CBOR, 1, DagCbor.encode(Ipld.of("hi")));
    session.put(cbor);
    assertThatThrownBy(() -> exporter.resolve(cbor.cid(), ""))
        .isInstanceOf(InvalidUnixFsException.class)
        .hasMessageContaining("not UnixFS");
    Cid absent = Block.hash(Multicodec.RAW, 1, new byte[] {42}).cid();
    assertThatThrownBy(() -> exporter.resolve(absent, ""))
        .isInstanceOf(MissingBlockException.class);
  }

  private Cid putPb(List<PbLink> links, UnixFsData data) {
    Block block =
        Block.hash(Multicodec.DAG_PB, 1, DagPb.encode(PbNode.sorted(links, data.encode())));
    session.put(block);
    return block.cid();
  }

  static void assertSameTree(Path expected, Path actual) throws IOException {
    try (var walk = Files.walk(expected)) {
      for (Path path : walk.toList()) {
        String name = path.getFileName().toString();
        Path relative = expected.relativize(path);
        if (relative.toString().startsWith(".") || name.startsWith(".")) {
          assertThat(actual.resolve(relative)).doesNotExist();
          continue;
        }
        Path copy = actual.resolve(relative);
        if (Files.isSymbolicLink(path)) {
          assertThat(Files.readSymbolicLink(copy)).isEqualTo(Files.readSymbolicLink(path));
        } else if (Files.isDirectory(path)) {
          assertThat(copy).isDirectory();
          try (var a = Files.list(path);
              var b = Files.list(copy)) {
            long visible = a.filter(p -> !p.getFileName().toString().startsWith(".")).count();
            assertThat(b.count()).isEqualTo(visible);
          }
        } else {
          assertThat(Files.mismatch(path, copy)).as("%s", relative).isEqualTo(-1);
        }
      }
    }
  }
}
