package org.pinring.node.car;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multicodec;
import org.pinring.node.blockstore.Block;
import org.pinring.node.blockstore.BlockStore;
import org.pinring.node.dag.DagLimits;
import org.pinring.node.repo.RepoConfig;
import org.pinring.node.repo.Repository;
import org.pinring.node.unixfs.ImportPreset;
import org.pinring.node.unixfs.UnixFsImporter;

class CarImportTest {

  @TempDir Path directory;

  @Test
  void exportsAndImportsADagBetweenRepositories() throws IOException {
    byte[] content = new byte[3_000_000];
    new java.util.Random(1).nextBytes(content);
    ByteArrayOutputStream car = new ByteArrayOutputStream();
    Cid root;
    try (Repository source = Repository.create(directory.resolve("a"), RepoConfig.defaults())) {
      try (BlockStore.Session session = source.blocks().openSession()) {
        root = new UnixFsImporter(ImportPreset.KUBO.options(), session::put).importBytes(content);
      }
      CarExporter.Result exported =
          CarExporter.export(source.blocks(), root, car, DagLimits.defaults());
      assertThat(exported.blocks()).isEqualTo(source.blocks().stats().blocks());
    }

    try (Repository target = Repository.create(directory.resolve("b"), RepoConfig.defaults());
        BlockStore.Session session = target.blocks().openSession()) {
      CarImporter.Result result =
          CarImporter.importCar(
              new ByteArrayInputStream(car.toByteArray()),
              session,
              target.blocks(),
              DagLimits.defaults());

      assertThat(result.roots()).containsExactly(root);
      assertThat(result.complete()).containsExactly(root);
      assertThat(result.incomplete()).isEmpty();
      assertThat(result.bytes()).isEqualTo(target.blocks().stats().bytes());
    }
  }

  @Test
  void reportsRootsWhoseDagIsIncomplete() throws IOException {
    Block leaf = Block.hash(Multicodec.RAW, 1, new byte[] {1});
    Block root =
        Block.hash(
            Multicodec.DAG_CBOR,
            1,
            org.pinring.multiformats.ipld.DagCbor.encode(
                org.pinring.multiformats.ipld.Ipld.of(leaf.cid())));
    ByteArrayOutputStream car = new ByteArrayOutputStream();
    new CarWriter(car, List.of(root.cid())).write(root);

    try (Repository target = Repository.create(directory.resolve("c"), RepoConfig.defaults());
        BlockStore.Session session = target.blocks().openSession()) {
      CarImporter.Result result =
          CarImporter.importCar(
              new ByteArrayInputStream(car.toByteArray()),
              session,
              target.blocks(),
              DagLimits.defaults());

      assertThat(result.complete()).isEmpty();
      assertThat(result.incomplete()).singleElement().asString().contains(leaf.cid().toString());
    }
  }
}
