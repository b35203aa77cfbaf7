package org.pinring.node.car;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.ipld.DagCbor;
import org.pinring.multiformats.ipld.Ipld;
import org.pinring.multiformats.ipld.IpldList;
import org.pinring.node.blockstore.Block;
import org.pinring.node.blockstore.BlockStore;
import org.pinring.node.blockstore.QuotaExceededException;
import org.pinring.node.dag.DagLimits;
import org.pinring.node.repo.ByteSize;
import org.pinring.node.repo.RepoConfig;
import org.pinring.node.repo.Repository;
import org.pinring.node.unixfs.ImportPreset;
import org.pinring.node.unixfs.ParallelBlockWriter;
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
      CarImporter.Result result = importInto(session, target, car);

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
      CarImporter.Result result = importInto(session, target, car);

      assertThat(result.complete()).isEmpty();
      assertThat(result.incomplete()).singleElement().asString().contains(leaf.cid().toString());
    }
  }

  /** A dag-cbor block holding a list of links. */
  private static Block linking(List<Cid> links) {
    List<Ipld> items = new ArrayList<>();
    links.forEach(link -> items.add(Ipld.of(link)));
    return Block.hash(Multicodec.DAG_CBOR, 1, DagCbor.encode(new IpldList(items)));
  }

  /** Counts presence checks: one per block walked. */
  private static final class CountingSession implements BlockStore.Session {
    private final BlockStore.Session session;
    int checks;

    CountingSession(BlockStore.Session session) {
      this.session = session;
    }

    @Override
    public void put(Block block) {
      session.put(block);
    }

    @Override
    public boolean has(Cid cid) {
      checks++;
      return session.has(cid);
    }

    @Override
    public void close() {
      session.close();
    }
  }

  /**
   * Twenty roots over one shared node of fifty leaves, one of them named twice more: each block is
   * checked once. Each root's whole DAG was once walked again, 22 x 52 checks, so a header of tens
   * of thousands of roots over one large DAG kept an import busy for hours.
   */
  @Test
  void checksEachBlockOnceHoweverManyRootsShareIt() throws IOException {
    List<Block> leaves = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      leaves.add(Block.hash(Multicodec.RAW, 1, new byte[] {(byte) i}));
    }
    Block shared = linking(leaves.stream().map(Block::cid).toList());
    List<Block> wrappers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      wrappers.add(linking(List.of(shared.cid(), leaves.get(i).cid())));
    }
    List<Cid> roots = new ArrayList<>(wrappers.stream().map(Block::cid).toList());
    roots.add(wrappers.get(0).cid());
    roots.add(wrappers.get(0).cid());
    ByteArrayOutputStream car = new ByteArrayOutputStream();
    CarWriter writer = new CarWriter(car, roots);
    for (Block block : wrappers) {
      writer.write(block);
    }
    writer.write(shared);
    for (Block block : leaves) {
      writer.write(block);
    }

    try (Repository target = Repository.create(directory.resolve("r"), RepoConfig.defaults());
        CountingSession session = new CountingSession(target.blocks().openSession())) {
      CarImporter.Result result = importInto(session, target, car);

      assertThat(result.complete()).isEqualTo(roots);
      assertThat(result.incomplete()).isEmpty();
      assertThat(session.checks).isEqualTo(wrappers.size() + 1 + leaves.size());
    }
  }

  /** A sub-DAG seen under a root that turned out incomplete is not taken as proven for the next. */
  @Test
  void aRootOverAnIncompleteSubDagIsIncompleteWhateverCameBefore() throws IOException {
    Block present = Block.hash(Multicodec.RAW, 1, new byte[] {1});
    Block absent = Block.hash(Multicodec.RAW, 1, new byte[] {2});
    Block shared = linking(List.of(present.cid(), absent.cid()));
    Block first = linking(List.of(shared.cid()));
    Block second = linking(List.of(present.cid(), shared.cid()));
    List<Cid> roots = List.of(first.cid(), second.cid(), first.cid(), present.cid());
    ByteArrayOutputStream car = new ByteArrayOutputStream();
    CarWriter writer = new CarWriter(car, roots);
    for (Block block : List.of(first, second, shared, present)) {
      writer.write(block);
    }

    try (Repository target = Repository.create(directory.resolve("i"), RepoConfig.defaults());
        BlockStore.Session session = target.blocks().openSession()) {
      CarImporter.Result result = importInto(session, target, car);

      assertThat(result.complete()).containsExactly(present.cid());
      assertThat(result.incomplete())
          .hasSize(3)
          .allSatisfy(reason -> assertThat(reason).contains(absent.cid().toString()));
    }
  }

  private static byte[] kuboCar(Path repository, int size, Cid[] root) throws IOException {
    byte[] content = new byte[size];
    new java.util.Random(2).nextBytes(content);
    ByteArrayOutputStream car = new ByteArrayOutputStream();
    try (Repository source = Repository.create(repository, RepoConfig.defaults())) {
      try (BlockStore.Session session = source.blocks().openSession()) {
        root[0] =
            new UnixFsImporter(ImportPreset.KUBO.options(), session::put).importBytes(content);
      }
      CarExporter.export(source.blocks(), root[0], car, DagLimits.defaults());
    }
    return car.toByteArray();
  }

  @Test
  void importsThroughAParallelWriterWithEveryBlockStoredBeforeTheRootsAreChecked()
      throws IOException {
    Cid[] root = new Cid[1];
    byte[] car = kuboCar(directory.resolve("source"), 5_000_000, root);
    ExecutorService writers = Executors.newFixedThreadPool(8);
    try (Repository target = Repository.create(directory.resolve("d"), RepoConfig.defaults());
        BlockStore.Session session = target.blocks().openSession()) {
      CarImporter.Result result;
      // A window of two blocks: most puts wait for earlier writes, and the roots are checked only
      // after the flush, so a root found incomplete here would be a write still in flight.
      try (ParallelBlockWriter writer = new ParallelBlockWriter(session, writers, 600_000)) {
        result =
            CarImporter.importCar(
                new ByteArrayInputStream(car),
                writer,
                session,
                target.blocks(),
                DagLimits.defaults());
      }

      assertThat(result.complete()).containsExactly(root[0]);
      assertThat(result.blocks()).isEqualTo(target.blocks().stats().blocks()).isGreaterThan(20);
      assertThat(result.bytes()).isEqualTo(target.blocks().stats().bytes());
    } finally {
      writers.shutdownNow();
    }
  }

  @Test
  void aWriteRefusedByTheQuotaFailsTheImportWithTheStoresError() throws IOException {
    Cid[] root = new Cid[1];
    byte[] car = kuboCar(directory.resolve("source"), 3_000_000, root);
    ExecutorService writers = Executors.newFixedThreadPool(4);
    RepoConfig small = RepoConfig.defaults().withLent(ByteSize.ofBytes(1_000_000));
    try (Repository target = Repository.create(directory.resolve("e"), small);
        BlockStore.Session session = target.blocks().openSession()) {
      try (ParallelBlockWriter writer = new ParallelBlockWriter(session, writers, 1 << 20)) {
        assertThatThrownBy(
                () ->
                    CarImporter.importCar(
                        new ByteArrayInputStream(car),
                        writer,
                        session,
                        target.blocks(),
                        DagLimits.defaults()))
            .isInstanceOf(QuotaExceededException.class);
      }
      // What was stored stays within the quota and is all accounted for.
      assertThat(target.blocks().stats().bytes()).isLessThanOrEqualTo(1_000_000);
    } finally {
      writers.shutdownNow();
    }
  }

  /** Imports the CAR written to {@code car} through {@code session} into {@code target}. */
  private static CarImporter.Result importInto(
      BlockStore.Session session, Repository target, ByteArrayOutputStream car) throws IOException {
    return CarImporter.importCar(
        new ByteArrayInputStream(car.toByteArray()),
        session,
        target.blocks(),
        DagLimits.defaults());
  }
}
