package org.pinring.bench.crdt;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.pinring.crdt.Authorization;
import org.pinring.crdt.Authorizer;
import org.pinring.crdt.BootstrapResult;
import org.pinring.crdt.Checkpoint;
import org.pinring.crdt.CrdtConfig;
import org.pinring.crdt.CrdtMetrics;
import org.pinring.crdt.CrdtPorts;
import org.pinring.crdt.Delta;
import org.pinring.crdt.HeadAnnouncement;
import org.pinring.crdt.InMemoryCrdtMetrics;
import org.pinring.crdt.PinSet;
import org.pinring.crdt.RemotePeer;
import org.pinring.crdt.SignedOperation;
import org.pinring.crdt.internal.DeltaCodec;
import org.pinring.crdt.kv.LevelDbKeyValueStore;
import org.pinring.crdt.testing.SimulatedBlockSource;
import org.pinring.crdt.testing.SimulatedGossip;
import org.pinring.crdt.testing.TestRing;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.ipld.DagCbor;
import org.pinring.runtime.SeededRandom;
import org.pinring.runtime.Simulation;

/**
 * A new replica joining a pinset of N pins built by N operations (one signed operation per delta,
 * as IPFS Cluster writes them), over a block source that adds a simulated round-trip time to every
 * request. Measured side by side: bootstrapping from a checkpoint snapshot, walking the full
 * history with sub-DAG requests, and walking it one level per round trip (the go-ds-crdt way).
 * Also: snapshot export, reopening a replica of N pins, heap and disk bytes.
 *
 * <p>Simulated time is the network's share (round trips); CPU time is what the joining replica's
 * thread spent (every task runs on it); wall time is reported too. Everything is persisted in
 * LevelDB under {@code --work}.
 *
 * <pre>
 * java -Xmx256m -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
 *   org.pinring.bench.crdt.JoinBench --pins 1000000 --rtt-ms 20 --authorizer ed25519 \
 *   --levels-pins 1000000 --work /tmp/pinring-join
 * </pre>
 */
public final class JoinBench {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final int pins;
  private final Duration roundTrip;
  private final boolean ed25519;
  private final int levelsPins;
  private final Path work;
  private final boolean inMemory = Boolean.getBoolean("pinring.bench.memory");
  private final Map<String, String> results = new LinkedHashMap<>();
  private final TestRing ring = new TestRing(SeededRandom.fromSeed(7));
  private KvBlockStore blocks;
  private LevelDbKeyValueStore blockDb;

  /** The heads the walks start from, by depth (holding all 1M CIDs would dwarf the replica). */
  private final Map<Integer, Cid> headsByDepth = new java.util.HashMap<>();

  private JoinBench(int pins, Duration roundTrip, boolean ed25519, int levelsPins, Path work) {
    this.pins = pins;
    this.roundTrip = roundTrip;
    this.ed25519 = ed25519;
    this.levelsPins = levelsPins;
    this.work = work;
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int pins = Integer.parseInt(options.getOrDefault("pins", "100000"));
    JoinBench bench =
        new JoinBench(
            pins,
            Duration.ofMillis(Long.parseLong(options.getOrDefault("rtt-ms", "20"))),
            options.getOrDefault("authorizer", "ed25519").equals("ed25519"),
            Integer.parseInt(options.getOrDefault("levels-pins", String.valueOf(pins))),
            Path.of(options.getOrDefault("work", "/tmp/pinring-join")));
    bench.run();
  }

  private void run() throws IOException {
    Directories.delete(work);
    Files.createDirectories(work);
    blockDb = LevelDbKeyValueStore.open(work.resolve("blocks"));
    blocks = new KvBlockStore(blockDb);
    record("pins (operations, deltas)", String.valueOf(pins));
    record("round-trip time", roundTrip.toMillis() + " ms");
    record("authorizer", ed25519 ? "Ed25519 (BC)" : "accept-all");
    record("max heap (-Xmx)", Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");

    buildHistory();
    Measured full = walk("full-subdag", CrdtConfig.WalkMode.SUB_DAG, pins);
    Checkpoint checkpoint = exportCheckpoint(full);
    full.close();
    Measured joined = bootstrap(checkpoint);
    reopen(joined);
    if (levelsPins > 0) {
      walk("full-levels", CrdtConfig.WalkMode.LEVEL_BY_LEVEL, levelsPins).close();
    }
    blockDb.close();
    System.out.println();
    System.out.println("| measure | value |");
    System.out.println("| --- | --- |");
    results.forEach((k, v) -> System.out.println("| " + k + " | " + v + " |"));
  }

  private void record(String key, String value) {
    results.put(key, value);
    System.out.println(key + ": " + value);
  }

  /** N deltas in a chain, each carrying one signed pin operation. */
  private void buildHistory() {
    long start = System.nanoTime();
    Cid previous = null;
    for (int i = 0; i < pins; i++) {
      SignedOperation pin = ring.pin(TestRing.cid(i));
      byte[] block =
          DeltaCodec.encode(
              new Delta(
                  TestRing.RING,
                  i + 1L,
                  previous == null ? List.of() : List.of(previous),
                  List.of(pin)));
      previous = DagCbor.cidOf(block);
      blocks.put(previous, block);
      if (i + 1 == pins || i + 1 == levelsPins) {
        headsByDepth.put(i + 1, previous);
      }
      if (i % 100_000 == 99_999) {
        System.out.println("  history: " + (i + 1) + " deltas");
      }
    }
    blocks.flush();
    record("history build (setup, not a result)", seconds(System.nanoTime() - start) + " wall");
    record("history bytes", mib(blocks.bytes()));
  }

  /** One joining replica on LevelDB in its own simulated world. */
  private final class Measured {
    final String name;
    final Simulation simulation = new Simulation(3);
    final org.pinring.crdt.kv.KeyValueStore store;
    final PinSet replica;
    final SimulatedBlockSource source;
    final InMemoryCrdtMetrics metrics = new InMemoryCrdtMetrics();

    Measured(String name, CrdtConfig config) {
      this.name = name;
      store =
          inMemory
              ? new org.pinring.crdt.kv.InMemoryKeyValueStore()
              : LevelDbKeyValueStore.open(work.resolve(name));
      source =
          new SimulatedBlockSource(blocks, simulation.time(), roundTrip, simulation.random(), 0);
      Authorizer authorizer = ed25519 ? ring.authorizer() : (op, carrier) -> Authorization.accept();
      SimulatedGossip gossip =
          new SimulatedGossip(simulation.time(), simulation.random(), 0, 0, Duration.ZERO);
      replica =
          PinSet.open(
              config,
              store,
              new CrdtPorts(source, blocks, gossip.member(name), authorizer, metrics),
              simulation.environment(name));
    }

    /** Runs the simulation until the condition holds; returns {simulated, cpu, wall} nanos. */
    long[] runUntil(BooleanSupplier condition) {
      return measure(condition);
    }

    private long[] measure(BooleanSupplier condition) {
      long simulated = simulation.time().monotonicNanos();
      long cpu = THREADS.getCurrentThreadCpuTime();
      long wall = System.nanoTime();
      if (!simulation.time().runUntil(condition, Duration.ofDays(3650))) {
        throw new IllegalStateException(name + " did not finish");
      }
      return new long[] {
        simulation.time().monotonicNanos() - simulated,
        THREADS.getCurrentThreadCpuTime() - cpu,
        System.nanoTime() - wall
      };
    }

    void report(long[] times) {
      record(name + ": simulated time", seconds(times[0]));
      record(
          name + ": CPU time (joiner; serving excluded)",
          seconds(times[1] - source.serverCpuNanos()));
      record(name + ": CPU time of the simulated server", seconds(source.serverCpuNanos()));
      record(name + ": wall time", seconds(times[2]));
      record(name + ": requests (round trips)", String.valueOf(source.requests()));
      record(name + ": blocks received", String.valueOf(source.blocksServed()));
    }

    void close() {
      replica.close();
      store.close();
    }
  }

  private Measured walk(String name, CrdtConfig.WalkMode mode, int depth) {
    CrdtConfig config = CrdtConfig.defaults(TestRing.RING).withWalkMode(mode);
    Measured walker = new Measured(name, config);
    Cid head = headsByDepth.get(depth);
    walker.replica.receiveHeads(
        new RemotePeer("writer"), new HeadAnnouncement(List.of(head), depth));
    long[] times = walker.runUntil(() -> walker.replica.isApplied(head));
    walker.report(times);
    record(
        name + ": deltas applied",
        String.valueOf(walker.metrics.get(CrdtMetrics.Counter.DELTAS_APPLIED)));
    return walker;
  }

  private Checkpoint exportCheckpoint(Measured full) {
    long before = blocks.blocks();
    CompletableFuture<Checkpoint> future = full.replica.prepareCheckpoint();
    long[] times = full.runUntil(future::isDone);
    Checkpoint checkpoint = future.join();
    blocks.flush();
    record("checkpoint export: CPU time", seconds(times[1]));
    record("checkpoint export: wall time", seconds(times[2]));
    record("checkpoint export: snapshot blocks", String.valueOf(blocks.blocks() - before));
    return checkpoint;
  }

  private Measured bootstrap(Checkpoint checkpoint) {
    SignedOperation signed = ring.checkpoint(checkpoint);
    Measured joiner = new Measured("checkpoint-join", CrdtConfig.defaults(TestRing.RING));
    CompletableFuture<BootstrapResult> result =
        joiner.replica.bootstrap(signed, Optional.of(new RemotePeer("writer")));
    long[] times = joiner.runUntil(result::isDone);
    BootstrapResult imported = result.join();
    joiner.report(times);
    record("checkpoint-join: records imported", String.valueOf(imported.records()));
    record("checkpoint-join: snapshot blocks imported", String.valueOf(imported.blocks()));
    record("checkpoint-join: snapshot bytes", mib(imported.bytes()));
    return joiner;
  }

  private void reopen(Measured joined) throws IOException {
    Cid someCid = TestRing.cid(pins / 2);
    joined.close();
    long disk = Directories.size(work.resolve(joined.name));
    record("disk: LevelDB bytes of the " + pins + "-pin replica", mib(disk));
    System.gc();
    long heapBefore = usedHeap();
    long wall = System.nanoTime();
    LevelDbKeyValueStore store = LevelDbKeyValueStore.open(work.resolve(joined.name));
    Simulation simulation = new Simulation(9);
    SimulatedGossip gossip =
        new SimulatedGossip(simulation.time(), simulation.random(), 0, 0, Duration.ZERO);
    PinSet reopened =
        PinSet.open(
            CrdtConfig.defaults(TestRing.RING),
            store,
            new CrdtPorts(
                new SimulatedBlockSource(
                    blocks, simulation.time(), roundTrip, simulation.random(), 0),
                blocks,
                gossip.member("reopened"),
                ring.authorizer(),
                new InMemoryCrdtMetrics()),
            simulation.environment("reopened"));
    simulation.time().advanceBy(Duration.ofMillis(1));
    boolean found = reopened.pin(someCid).isPresent();
    record("reopen of the " + pins + "-pin replica: wall time", seconds(System.nanoTime() - wall));
    System.gc();
    long heapAfter = usedHeap();
    record("heap held by the open replica (after GC)", mib(heapAfter - heapBefore));
    record("heap used by the whole process (after GC)", mib(heapAfter));
    record("records", String.valueOf(reopened.recordCount()) + (found ? "" : " (lookup FAILED)"));
    reopened.close();
    store.close();
  }

  private static long usedHeap() {
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }
}
