package org.pinring.bench.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.pinring.multiformats.Cid;
import org.pinring.node.blockstore.BlockStore;
import org.pinring.node.dag.DagLimits;
import org.pinring.node.repo.ByteSize;
import org.pinring.node.repo.RepoConfig;
import org.pinring.node.repo.Repository;
import org.pinring.node.unixfs.BlockSink;
import org.pinring.node.unixfs.BlockWriting;
import org.pinring.node.unixfs.ImportPreset;
import org.pinring.node.unixfs.ParallelBlockWriter;
import org.pinring.node.unixfs.UnixFsExporter;
import org.pinring.node.unixfs.UnixFsImporter;

/**
 * The content layer's throughput on one file (1 GiB by default), measured side by side in one run
 * so the figures compare as ratios on a shared machine:
 *
 * <ul>
 *   <li>{@code sha256}: reading the file and hashing it with SHA-256 on one core, the bound an
 *       importer cannot beat (every byte is hashed once);
 *   <li>{@code importFile}: {@code pinring add} as the CLI runs it (importer, parallel block writer
 *       with {@code -p writers=N -p windowMiB=M}, by default {@link BlockWriting#defaults()},
 *       flatfs store with fsyncs, LevelDB index, pin) into an empty repository, per preset;
 *   <li>{@code importOnlyHash}: the same without storing ({@code --only-hash}): chunking, encoding
 *       and hashing alone;
 *   <li>{@code cat}: reading the file back through the exporter, every block verified.
 * </ul>
 *
 * <p>Each operation processes the whole file once; throughput is the file size divided by the time
 * per operation. Run (see docs/BENCHMARKS.md):
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.openjdk.jmh.Main ContentBenchmark
 * </pre>
 *
 * <p>{@code -p sizeMiB=256} runs a smaller file.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class ContentBenchmark {

  @Param({"1024"})
  public int sizeMiB;

  @Param({"helia", "kubo"})
  public String preset;

  /**
   * Writer threads ({@code import.writers}); the default is {@link BlockWriting#DEFAULT_WRITERS}.
   */
  @Param({"32"})
  public int writers;

  /** The write window in MiB ({@code import.writeWindow}); the default is 32 MiB. */
  @Param({"32"})
  public int windowMiB;

  private Path work;
  private Path input;
  private BlockWriting writing;
  private ExecutorService writerPool;

  @Setup(Level.Trial)
  public void createInput() throws IOException {
    work = Files.createTempDirectory("pinring-bench");
    input = work.resolve("input");
    byte[] chunk = new byte[1 << 20];
    Random random = new Random(42);
    try (OutputStream out = Files.newOutputStream(input)) {
      for (int i = 0; i < sizeMiB; i++) {
        random.nextBytes(chunk);
        out.write(chunk);
      }
    }
    writing = new BlockWriting(writers, (long) windowMiB << 20);
    writerPool = writing.newWriterPool("bench-writer");
  }

  private Repository newRepository(Path directory) throws IOException {
    return Repository.create(
        directory, RepoConfig.defaults().withLent(ByteSize.ofBytes((4L * sizeMiB) << 20)));
  }

  private Cid importInto(Repository target) throws IOException {
    try (BlockStore.Session session = target.blocks().openSession();
        ParallelBlockWriter writer = new ParallelBlockWriter(session, writerPool, writing)) {
      // The path, not a stream: the importer reads a file as `pinring add FILE` does.
      Cid root =
          new UnixFsImporter(ImportPreset.forName(preset).options(), writer)
              .importPath(input, false, false);
      target.pins().add(root);
      return root;
    }
  }

  @TearDown(Level.Trial)
  public void removeAll() throws IOException {
    writerPool.shutdownNow();
    deleteTree(work);
  }

  /** Read and SHA-256 the file in 1 MiB pieces on one thread: the bound for importing it. */
  @Benchmark
  public byte[] sha256() throws IOException, NoSuchAlgorithmException {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(input)) {
      for (int n = in.readNBytes(buffer, 0, buffer.length);
          n > 0;
          n = in.readNBytes(buffer, 0, buffer.length)) {
        digest.update(buffer, 0, n);
      }
    }
    return digest.digest();
  }

  /** {@code pinring add FILE} into an empty repository, durably stored and pinned. */
  @Benchmark
  public Cid importFile(FreshRepository fresh) throws IOException {
    return importInto(fresh.repository);
  }

  /** {@code pinring add --only-hash FILE}: chunking, encoding and hashing without storage. */
  @Benchmark
  public Cid importOnlyHash() throws IOException {
    return new UnixFsImporter(ImportPreset.forName(preset).options(), BlockSink.discarding())
        .importPath(input, false, false);
  }

  /** {@code pinring cat CID}: every block read from disk and verified. */
  @Benchmark
  public long cat(StoredFile file, Blackhole blackhole) throws IOException {
    OutputStream sink =
        new OutputStream() {
          @Override
          public void write(int b) {
            blackhole.consume(b);
          }

          @Override
          public void write(byte[] bytes, int offset, int length) {
            blackhole.consume(bytes);
          }
        };
    return new UnixFsExporter(file.repository.blocks(), DagLimits.defaults()).cat(file.root, sink);
  }

  /**
   * A repository holding the file, for {@code cat} only: the other benchmarks do not create (and so
   * do not delete) its blocks.
   */
  @State(Scope.Benchmark)
  public static class StoredFile {
    Repository repository;
    Cid root;

    @Setup(Level.Trial)
    public void store(ContentBenchmark benchmark) throws IOException {
      repository = benchmark.newRepository(benchmark.work.resolve("stored"));
      root = benchmark.importInto(repository);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      repository.close();
    }
  }

  /** An empty repository for each import, deleted with the trial's files. */
  @State(Scope.Thread)
  public static class FreshRepository {
    Repository repository;
    Path directory;

    @Setup(Level.Invocation)
    public void create(ContentBenchmark benchmark) throws IOException {
      directory = Files.createTempDirectory(benchmark.work, "import");
      Files.delete(directory);
      repository = benchmark.newRepository(directory);
    }

    /**
     * Closes the repository but leaves its files until the trial ends ({@link #removeAll}): on ext4
     * without a journal (this project's benchmark VM), every file created in the minute after many
     * deletions pays for a scan over the recently deleted inodes (the kernel's {@code
     * recently_deleted}), so deleting one import's 4,096 files right before the next import made
     * every measured import pay for the benchmark's own clean-up (docs/BENCHMARKS.md).
     */
    @TearDown(Level.Invocation)
    public void close() throws IOException {
      repository.close();
    }
  }

  static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
