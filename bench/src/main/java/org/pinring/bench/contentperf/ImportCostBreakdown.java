package org.pinring.bench.contentperf;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.ipld.DagPb;
import org.pinring.node.blockstore.Block;
import org.pinring.node.blockstore.BlockStore;
import org.pinring.node.repo.ByteSize;
import org.pinring.node.repo.RepoConfig;
import org.pinring.node.repo.Repository;
import org.pinring.node.state.StateStore;
import org.pinring.node.unixfs.BlockSink;
import org.pinring.node.unixfs.ImportPreset;
import org.pinring.node.unixfs.ParallelBlockWriter;
import org.pinring.node.unixfs.UnixFsImporter;

/**
 * Where the time of a kubo-preset import goes, step by step: each step of storing one 256 KiB
 * dag-pb leaf is timed alone on one thread, in wall time and in thread CPU time (user plus system,
 * which is what a loaded machine cannot hide), then the whole import is timed through the real
 * importer and block store. The steps use the same calls as the store ({@code FlatFsLayout}: temp
 * file, {@code force(false)}, atomic move, directory {@code force(true)}; {@code BlockIndex}: one
 * unsynced LevelDB batch), on the same file system.
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -Xmx2g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
 *   org.pinring.bench.contentperf.ImportCostBreakdown [blocks=1024] [writers=32] [windowMiB=32]
 * </pre>
 */
public final class ImportCostBreakdown {

  private static final int CHUNK = 256 << 10;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** Each whole import runs this often; the first run compiles the importer. */
  private static final int IMPORT_RUNS = 3;

  private final PrintStream out;
  private final int blocks;
  private final Path work;
  private final List<Step> steps = new ArrayList<>();

  private ImportCostBreakdown(PrintStream out, int blocks, Path work) {
    this.out = out;
    this.blocks = blocks;
    this.work = work;
  }

  /** A step's total wall and thread CPU time over all blocks. */
  private record Step(String name, long wallNanos, long cpuNanos) {}

  /** Something timed once per block. */
  @FunctionalInterface
  private interface PerBlock {
    void run(int block) throws IOException;
  }

  public static void main(String[] args) throws Exception {
    int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
    int writerThreads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    long window = (args.length > 2 ? Long.parseLong(args[2]) : 32) << 20;
    Path work = Files.createTempDirectory("pinring-breakdown");
    try {
      new ImportCostBreakdown(System.out, blocks, work).run(writerThreads, window);
    } finally {
      deleteTree(work);
    }
  }

  private void run(int writerThreads, long window) throws Exception {
    Path input = work.resolve("input");
    writeRandomFile(input, (long) blocks * CHUNK);
    byte[][] chunks = new byte[blocks][];
    byte[][] leaves = new byte[blocks][];
    Block[] stored = new Block[blocks];
    try (InputStream in = Files.newInputStream(input)) {
      time("read a 256 KiB chunk (page cache)", b -> chunks[b] = in.readNBytes(CHUNK));
    }
    // Compile the CPU steps before timing them (the file and index steps are warm after a few).
    MessageDigest sha256 = sha256();
    for (int b = 0; b < Math.min(blocks, 256); b++) {
      byte[] leaf = leafOf(chunks[b]).data();
      sha256.digest(leaf);
      DagPb.links(leaf);
    }
    time(
        "importer leaf: encode + SHA-256 + CID",
        b -> {
          stored[b] = leafOf(chunks[b]);
          leaves[b] = stored[b].data();
        });
    time("  of which SHA-256 alone", b -> sha256.digest(leaves[b]));
    time("read the leaf's links (store check)", b -> DagPb.links(leaves[b]));
    fileSteps(leaves);
    indexSteps(stored);
    Object lock = new Object();
    long[] totals = new long[2];
    time(
        "quota: reserve and account under the lock",
        b -> {
          synchronized (lock) {
            totals[0] += leaves[b].length;
          }
          synchronized (lock) {
            totals[1]++;
          }
        });
    printSteps();
    wholeImports(input, writerThreads, window);
  }

  private void fileSteps(byte[][] leaves) throws IOException {
    Path root = work.resolve("files");
    Path temp = root.resolve(".temp");
    Files.createDirectories(temp);
    List<Path> shards = new ArrayList<>();
    for (int s = 0; s < 1024; s++) {
      shards.add(Files.createDirectories(root.resolve(String.format(Locale.ROOT, "S%04d", s))));
    }
    Path[] temps = new Path[blocks];
    FileChannel[] open = new FileChannel[blocks];
    time(
        "create the temporary file (open, O_CREAT|O_EXCL)",
        b -> {
          temps[b] = temp.resolve("t" + b);
          open[b] =
              FileChannel.open(temps[b], StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        });
    time(
        "write the leaf into it (page cache)",
        b -> {
          ByteBuffer buffer = ByteBuffer.wrap(leaves[b]);
          while (buffer.hasRemaining()) {
            open[b].write(buffer);
          }
        });
    time("fdatasync the temporary file", b -> open[b].force(false));
    time("close it", b -> open[b].close());
    // Shards as the store spreads them: a multihash's key picks one of 1,024 directories.
    time(
        "rename into its shard",
        b ->
            Files.move(
                temps[b],
                shards.get((b * 389) % shards.size()).resolve("b" + b + ".data"),
                StandardCopyOption.ATOMIC_MOVE));
    time(
        "fsync the shard directory",
        b -> {
          try (FileChannel directory =
              FileChannel.open(shards.get((b * 389) % shards.size()), StandardOpenOption.READ)) {
            directory.force(true);
          }
        });
  }

  private void indexSteps(Block[] stored) throws IOException {
    try (StateStore state = StateStore.open(work.resolve("state"))) {
      byte[] value = new byte[8];
      byte[] prefix = "blocks/b/".getBytes(StandardCharsets.US_ASCII);
      time(
          "LevelDB index entry + totals (one unsynced batch)",
          b -> {
            byte[] mh = stored[b].cid().multihash().toBytes();
            byte[] key = Arrays.copyOf(prefix, prefix.length + mh.length);
            System.arraycopy(mh, 0, key, prefix.length, mh.length);
            StateStore.Batch batch = state.batch();
            batch.put(key, value);
            batch.put("blocks/meta/used-bytes".getBytes(StandardCharsets.US_ASCII), value);
            batch.put("blocks/meta/count".getBytes(StandardCharsets.US_ASCII), value);
            state.write(batch, false);
          });
    }
  }

  private void wholeImports(Path input, int writerThreads, long window) throws IOException {
    out.printf(
        Locale.ROOT,
        "%nwhole imports of %d MiB, kubo preset, each run %d times (the first warms the JIT up)%n",
        blocks / 4,
        IMPORT_RUNS);
    for (int run = 1; run <= IMPORT_RUNS; run++) {
      timeImport("--only-hash", run, input, r -> BlockSink.discarding());
    }
    for (int run = 1; run <= IMPORT_RUNS; run++) {
      try (Repository repository = freshRepository("sequential" + run);
          BlockStore.Session session = repository.blocks().openSession()) {
        timeImport("stored, one block at a time", run, input, r -> session::put);
      }
      deleteTree(work.resolve("sequential" + run));
    }
    ExecutorService writers = Executors.newFixedThreadPool(writerThreads);
    try {
      for (int run = 1; run <= IMPORT_RUNS; run++) {
        try (Repository repository = freshRepository("parallel" + run);
            BlockStore.Session session = repository.blocks().openSession();
            ParallelBlockWriter writer = new ParallelBlockWriter(session, writers, window)) {
          timeImport(
              "stored, " + writerThreads + " writers, " + (window >> 20) + " MiB window",
              run,
              input,
              r -> writer);
        }
        deleteTree(work.resolve("parallel" + run));
      }
    } finally {
      writers.shutdownNow();
    }
  }

  private Repository freshRepository(String name) throws IOException {
    return Repository.create(
        work.resolve(name), RepoConfig.defaults().withLent(ByteSize.ofBytes(4L * blocks * CHUNK)));
  }

  @FunctionalInterface
  private interface SinkFactory {
    BlockSink sink(int unused);
  }

  private void timeImport(String name, int run, Path input, SinkFactory sinks) throws IOException {
    ProcessTimes before = ProcessTimes.now();
    long threadCpu = THREADS.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    BlockSink sink = sinks.sink(0);
    Cid root;
    // The path, not a stream: the importer reads a file as `pinring add FILE` does.
    root = new UnixFsImporter(ImportPreset.KUBO.options(), sink).importPath(input, false, false);
    sink.flush();
    long wall = System.nanoTime() - start;
    long importerCpu = THREADS.getCurrentThreadCpuTime() - threadCpu;
    ProcessTimes spent = ProcessTimes.now().minus(before);
    out.printf(
        Locale.ROOT,
        "%-36s run %d: wall %6.3f s, importer thread CPU %6.3f s, process CPU %6.3f s"
            + " (user %s, system %s); other threads %5.0f µs CPU per block (%s)%n",
        name,
        run,
        wall / 1e9,
        importerCpu / 1e9,
        spent.cpuNanos() / 1e9,
        spent.userText(),
        spent.systemText(),
        (spent.cpuNanos() - importerCpu) / 1e3 / blocks,
        root);
  }

  /**
   * The process's CPU time, and on Linux its user and system parts from {@code /proc/self/stat} (in
   * clock ticks of 10 ms, so meaningful for runs of a second or more).
   */
  private record ProcessTimes(long cpuNanos, long userTicks, long systemTicks) {

    private static final double TICK_SECONDS = 0.01;

    static ProcessTimes now() {
      long user = -1;
      long system = -1;
      try {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        // Fields after the command name (which may hold spaces) start at ") ".
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
        user = Long.parseLong(fields[11]);
        system = Long.parseLong(fields[12]);
      } catch (IOException | RuntimeException notLinux) {
        // Only the total is reported then.
      }
      return new ProcessTimes(processCpuNanos(), user, system);
    }

    ProcessTimes minus(ProcessTimes earlier) {
      boolean split = userTicks >= 0 && earlier.userTicks >= 0;
      return new ProcessTimes(
          cpuNanos - earlier.cpuNanos,
          split ? userTicks - earlier.userTicks : -1,
          split ? systemTicks - earlier.systemTicks : -1);
    }

    String userText() {
      return userTicks < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f s", userTicks * TICK_SECONDS);
    }

    String systemText() {
      return systemTicks < 0
          ? "n/a"
          : String.format(Locale.ROOT, "%.2f s", systemTicks * TICK_SECONDS);
    }
  }

  private void time(String name, PerBlock step) throws IOException {
    long cpu = THREADS.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    for (int b = 0; b < blocks; b++) {
      step.run(b);
    }
    steps.add(new Step(name, System.nanoTime() - start, THREADS.getCurrentThreadCpuTime() - cpu));
  }

  private void printSteps() {
    out.printf(
        Locale.ROOT,
        "per 256 KiB block, one thread, %d blocks (kubo preset; x4096 for 1 GiB)%n",
        blocks);
    out.printf(Locale.ROOT, "%-52s %10s %10s%n", "step", "wall µs", "CPU µs");
    steps.stream()
        .sorted(Comparator.comparingLong(Step::wallNanos).reversed())
        .forEach(
            s ->
                out.printf(
                    Locale.ROOT,
                    "%-52s %10.1f %10.1f%n",
                    s.name(),
                    s.wallNanos() / 1e3 / blocks,
                    s.cpuNanos() / 1e3 / blocks));
  }

  private static Block leafOf(byte[] chunk) {
    // The importer's kubo-preset leaf (a one-chunk file is its own leaf), through the public
    // importer so the bytes and their cost are the real ones.
    Block[] leaf = new Block[1];
    new UnixFsImporter(ImportPreset.KUBO.options(), block -> leaf[0] = block).importBytes(chunk);
    return leaf[0];
  }

  private static MessageDigest sha256() throws NoSuchAlgorithmException {
    return MessageDigest.getInstance("SHA-256");
  }

  @SuppressWarnings("deprecation") // getProcessCpuTime is on the com.sun interface only
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void writeRandomFile(Path file, long bytes) throws IOException {
    byte[] buffer = new byte[1 << 20];
    Random random = new Random(42);
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written < bytes; written += buffer.length) {
        random.nextBytes(buffer);
        out.write(buffer, 0, (int) Math.min(buffer.length, bytes - written));
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
