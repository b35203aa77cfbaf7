package org.pinring.bench.crdt;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.pinring.crdt.Authorization;
import org.pinring.crdt.Nonce;
import org.pinring.crdt.PinEntry;
import org.pinring.crdt.PinOperation;
import org.pinring.crdt.PinSet;
import org.pinring.crdt.PinSpec;
import org.pinring.crdt.SignedOperation;
import org.pinring.crdt.kv.LevelDbKeyValueStore;
import org.pinring.crdt.testing.TestRing;
import org.pinring.multiformats.Cid;
import org.pinring.runtime.Environment;
import org.pinring.runtime.ExecutorScheduler;
import org.pinring.runtime.SeededRandom;
import org.pinring.runtime.Simulation;
import org.pinring.runtime.SystemClock;

/**
 * A driver to profile the batched apply path (the shape of {@code ApplyBenchmark.batched},
 * authorizer {@code none}) under a recorder such as JFR: it submits batches of single-pin
 * operations to a replica on a fresh LevelDB directory for a fixed time, and prints the rate
 * measured inside {@link PinSet#submit} alone and over the whole loop, and the CPU time the
 * submitting thread spent inside it (with the simulated scheduler the replica's work runs on that
 * thread, so this figure survives a loaded machine better than wall time; fsync waits and LevelDB's
 * background compaction are not in it).
 *
 * <p>Operations are not signed: the authorizer accepts everything, so a fixed 64-byte signature
 * keeps key generation and signing (about 50 µs per operation with Bouncy Castle) out of the
 * profile, where an earlier recording found them hiding the apply path. Each batch is built before
 * its submission is timed.
 *
 * <p>With {@code --scheduler thread} the replica runs on a real single-thread scheduler and the
 * driver waits on each submission's future from the main thread (what a node does); with {@code
 * simulated} (default, as in {@code ApplyBenchmark}) the driver runs the replica's tasks itself.
 *
 * <p>It also prints what the submissions' synced batches carry (entries and bytes per operation by
 * key family) and the wall time spent in the synced write against the rest of {@code submit}.
 * {@code --unsynced true} writes those batches without the sync (not crash-safe; only to measure
 * what the sync itself costs, side by side).
 *
 * <p>Usage: {@code ApplyProfile [--seconds 60] [--batch 1000] [--scheduler simulated|thread]
 * [--work DIR] [--write-buffer-mib N] [--unsynced false|true] [--compress true|false] [--pins N]
 * [--keep false|true] [--reopen-only false|true]}; the JFR command is in docs/BENCHMARKS.md ("Where
 * the time goes"). {@code --pins N} submits exactly N operations (instead of running for {@code
 * --seconds}), then reports the store's size on disk and the time to reopen it; {@code --keep true}
 * leaves the store in {@code --work}, and {@code --reopen-only true} only reopens the store found
 * there (to time a layout migration: keep a store written by older classes, then reopen it with
 * these).
 */
public final class ApplyProfile {

  private static final byte[] SIGNATURE = new byte[64];

  private ApplyProfile() {}

  public static void main(String[] args) throws IOException {
    int seconds = 60;
    int batchSize = 1000;
    boolean threaded = false;
    int writeBufferMiB = 0;
    boolean unsynced = false;
    boolean compress = true;
    long pins = 0;
    boolean keep = false;
    boolean reopenOnly = false;
    Path work = Path.of(System.getProperty("java.io.tmpdir"), "pinring-apply-profile");
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        case "--batch" -> batchSize = Integer.parseInt(args[i + 1]);
        case "--scheduler" -> threaded = parseScheduler(args[i + 1]);
        case "--work" -> work = Path.of(args[i + 1]);
        case "--write-buffer-mib" -> writeBufferMiB = Integer.parseInt(args[i + 1]);
        case "--unsynced" -> unsynced = Boolean.parseBoolean(args[i + 1]);
        case "--compress" -> compress = Boolean.parseBoolean(args[i + 1]);
        case "--pins" -> pins = Long.parseLong(args[i + 1]);
        case "--keep" -> keep = Boolean.parseBoolean(args[i + 1]);
        case "--reopen-only" -> reopenOnly = Boolean.parseBoolean(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Simulation simulation = new Simulation(11);
    if (reopenOnly) {
      reopen(work, simulation, pins);
      return;
    }
    Directories.delete(work);
    Files.createDirectories(work);
    ExecutorScheduler executor = threaded ? ExecutorScheduler.singleThreaded("replica") : null;
    Environment environment =
        threaded
            ? new Environment(SystemClock.get(), executor, simulation.random().fork("replica"))
            : simulation.environment("profile");
    LevelDbKeyValueStore.Tuning tuning =
        writeBufferMiB == 0
            ? LevelDbKeyValueStore.Tuning.defaults()
            : new LevelDbKeyValueStore.Tuning(
                LevelDbKeyValueStore.Tuning.defaults().blockCacheBytes(), writeBufferMiB << 20);
    tuning = tuning.withCompressTables(compress);
    try {
      profile(work, tuning, unsynced, simulation, environment, seconds, pins, batchSize, threaded);
      if (pins > 0) {
        reopen(work, simulation, pins);
      }
    } finally {
      if (executor != null) {
        executor.close();
      }
      if (!keep) {
        Directories.delete(work);
      }
    }
  }

  private static void profile(
      Path work,
      LevelDbKeyValueStore.Tuning tuning,
      boolean unsynced,
      Simulation simulation,
      Environment environment,
      int seconds,
      long pins,
      int batchSize,
      boolean threaded) {
    SeededRandom nonces = simulation.random().fork("nonces");
    try (MeasuringKeyValueStore store =
        new MeasuringKeyValueStore(LevelDbKeyValueStore.open(work, tuning), unsynced)) {
      PinSet pinSet =
          StandaloneReplica.open(
              store,
              simulation,
              environment,
              "profile",
              (operation, carrier) -> Authorization.accept());
      long endAt = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
      long submitNanos = 0;
      long submitCpuNanos = 0;
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long operations = 0;
      long started = System.nanoTime();
      long processCpuBefore = processCpuNanos();
      int next = 0;
      while (pins > 0 ? operations < pins : System.nanoTime() < endAt) {
        List<SignedOperation> batch = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
          batch.add(pin(TestRing.cid(next++), Nonce.random(nonces)));
        }
        long before = System.nanoTime();
        long cpuBefore = threads.getCurrentThreadCpuTime();
        CompletableFuture<List<Cid>> done = pinSet.submit(batch);
        if (!threaded) {
          simulation.time().runUntil(done::isDone, Duration.ofMinutes(1));
        }
        done.join();
        submitNanos += System.nanoTime() - before;
        submitCpuNanos += threads.getCurrentThreadCpuTime() - cpuBefore;
        operations += batchSize;
      }
      long total = System.nanoTime() - started;
      long processCpu = processCpuNanos() - processCpuBefore;
      pinSet.close();
      System.out.printf(
          Locale.ROOT,
          "%d operations in %.1f s: %.0f ops/s inside submit (%.1f µs per operation, of which"
              + " %.1f µs CPU of the submitting thread), %.0f ops/s overall; %d records%n",
          operations,
          total / 1e9,
          operations / (submitNanos / 1e9),
          submitNanos / 1e3 / operations,
          submitCpuNanos / 1e3 / operations,
          operations / (total / 1e9),
          pinSet.recordCount());
      System.out.printf(
          Locale.ROOT,
          "inside submit: %.1f µs per operation in the synced write%s, %.1f µs building the"
              + " batch%n%s",
          store.syncedWriteNanos() / 1e3 / operations,
          unsynced ? " (UNSYNCED: measurement only)" : "",
          (submitNanos - store.syncedWriteNanos()) / 1e3 / operations,
          store.breakdown(operations));
      // Every thread of the process, LevelDB's background compaction included: what the layout's
      // write volume costs beyond the submitting thread.
      System.out.printf(
          Locale.ROOT,
          "process CPU over the loop: %.1f µs per operation%n",
          processCpu / 1e3 / operations);
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * With {@code --pins}: the store's size on disk once closed, and the wall and CPU time of opening
   * it again (LevelDB, then the replica, which reads every bucket to rebuild its state tree, after
   * migrating a store of an older layout).
   */
  private static void reopen(Path work, Simulation simulation, long pins) throws IOException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long bytes = Directories.size(work);
    long before = System.nanoTime();
    long cpuBefore = threads.getCurrentThreadCpuTime();
    try (LevelDbKeyValueStore store = LevelDbKeyValueStore.open(work)) {
      PinSet pinSet =
          StandaloneReplica.open(
              store,
              simulation,
              simulation.environment("reopened"),
              "reopened",
              (operation, carrier) -> Authorization.accept());
      long wall = System.nanoTime() - before;
      long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
      System.out.printf(
          Locale.ROOT,
          "after %d pins: %.1f MiB on disk (%.0f bytes per pin); reopening took %.2f s wall,"
              + " %.2f s CPU; %d records%n",
          pins,
          bytes / 1048576.0,
          (double) bytes / pins,
          wall / 1e9,
          cpu / 1e9,
          pinSet.recordCount());
      pinSet.close();
    }
    System.out.printf(
        Locale.ROOT,
        "%.1f MiB on disk once reopened and closed%n",
        Directories.size(work) / 1048576.0);
  }

  private static boolean parseScheduler(String value) {
    return switch (value) {
      case "simulated" -> false;
      case "thread" -> true;
      default ->
          throw new IllegalArgumentException("--scheduler is simulated or thread, not " + value);
    };
  }

  private static SignedOperation pin(Cid cid, Nonce nonce) {
    return SignedOperation.of(
        new PinOperation(TestRing.RING, nonce, List.of(new PinEntry(PinSpec.of(cid), 0))),
        SIGNATURE);
  }
}
