package org.pinring.bench.crdt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.pinring.crdt.Authorization;
import org.pinring.crdt.Nonce;
import org.pinring.crdt.OperationId;
import org.pinring.crdt.PinEntry;
import org.pinring.crdt.PinOperation;
import org.pinring.crdt.PinSet;
import org.pinring.crdt.PinSpec;
import org.pinring.crdt.SignedOperation;
import org.pinring.crdt.UnpinEntry;
import org.pinring.crdt.UnpinOperation;
import org.pinring.crdt.kv.KeyValueEntry;
import org.pinring.crdt.kv.KeyValueIterator;
import org.pinring.crdt.kv.LevelDbKeyValueStore;
import org.pinring.crdt.testing.TestRing;
import org.pinring.multiformats.Cid;
import org.pinring.runtime.Simulation;

/**
 * What tombstones cost on disk: a LevelDB replica pins N CIDs, then unpins half of them, in two
 * shapes: one operation per CID, and bulk operations of 1,000 CIDs (unpinned by unpin operations of
 * 1,000 entries). After each phase it prints the stored bytes (keys plus values, by family, from a
 * scan: independent of LevelDB's compaction state), the LevelDB directory size and the record
 * count. It uses only the public {@link PinSet} API, so the same class runs against an older build
 * of the crdt module for a side-by-side comparison (docs/BENCHMARKS.md, "Tombstones").
 *
 * <p>Usage: {@code TombstoneBench [--pins N] [--work DIR]}
 */
public final class TombstoneBench {

  private TombstoneBench() {}

  public static void main(String[] args) throws IOException {
    int pins = 200_000;
    Path work = Path.of(System.getProperty("java.io.tmpdir"), "pinring-tombstones");
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--pins" -> pins = Integer.parseInt(args[i + 1]);
        case "--work" -> work = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    run("single", pins, 1, work.resolve("single"));
    run("bulk", pins, 1000, work.resolve("bulk"));
  }

  private static void run(String shape, int pins, int perOperation, Path directory)
      throws IOException {
    Directories.delete(directory);
    Files.createDirectories(directory);
    Simulation simulation = new Simulation(7);
    TestRing ring = new TestRing(simulation.random().fork("curators"));
    try (LevelDbKeyValueStore store = LevelDbKeyValueStore.open(directory)) {
      PinSet pinSet =
          StandaloneReplica.open(
              store,
              simulation,
              simulation.environment("bench"),
              "bench",
              (operation, carrier) -> Authorization.accept());
      List<OperationId> tags = new ArrayList<>();
      List<SignedOperation> batch = new ArrayList<>();
      for (int first = 0; first < pins; first += perOperation) {
        List<PinEntry> entries = new ArrayList<>(perOperation);
        for (int i = first; i < Math.min(pins, first + perOperation); i++) {
          entries.add(new PinEntry(PinSpec.of(TestRing.cid(i)), 0));
        }
        SignedOperation pin = ring.sign(new PinOperation(TestRing.RING, ring.nonce(), entries));
        tags.add(pin.id());
        batch = flushIfFull(simulation, pinSet, batch, pin);
      }
      submit(simulation, pinSet, batch);
      report(shape, "pinned " + pins, store, pinSet);

      // Unpin every second CID, naming the tag it was pinned with.
      batch = new ArrayList<>();
      List<UnpinEntry> unpins = new ArrayList<>();
      for (int i = 0; i < pins; i += 2) {
        unpins.add(
            new UnpinEntry(
                TestRing.cid(i), new java.util.TreeSet<>(List.of(tags.get(i / perOperation)))));
        if (unpins.size() == perOperation) {
          batch = flushIfFull(simulation, pinSet, batch, unpin(ring, unpins));
          unpins = new ArrayList<>();
        }
      }
      if (!unpins.isEmpty()) {
        batch.add(unpin(ring, unpins));
      }
      submit(simulation, pinSet, batch);
      report(shape, "unpinned " + (pins + 1) / 2, store, pinSet);
      pinSet.close();
    }
    System.out.printf(
        Locale.ROOT,
        "%s: directory after close %.1f MiB%n",
        shape,
        Directories.size(directory) / 1048576.0);
    Directories.delete(directory);
  }

  private static SignedOperation unpin(TestRing ring, List<UnpinEntry> entries) {
    Nonce nonce = ring.nonce();
    return ring.sign(new UnpinOperation(TestRing.RING, nonce, entries));
  }

  private static List<SignedOperation> flushIfFull(
      Simulation simulation, PinSet pinSet, List<SignedOperation> batch, SignedOperation next) {
    batch.add(next);
    if (batch.size() == 1000) {
      submit(simulation, pinSet, batch);
      return new ArrayList<>();
    }
    return batch;
  }

  private static void submit(Simulation simulation, PinSet pinSet, List<SignedOperation> batch) {
    if (batch.isEmpty()) {
      return;
    }
    CompletableFuture<List<Cid>> done = pinSet.submit(batch);
    simulation.time().runUntil(done::isDone, Duration.ofMinutes(10));
    done.join();
  }

  private static void report(String shape, String phase, LevelDbKeyValueStore store, PinSet pinSet)
      throws IOException {
    long[] bytesByFamily = new long[256];
    long total = 0;
    try (KeyValueIterator it = store.scan(new byte[0])) {
      while (it.hasNext()) {
        KeyValueEntry entry = it.next();
        long size = entry.key().length + (long) entry.value().length;
        bytesByFamily[entry.key()[0] & 0xFF] += size;
        total += size;
      }
    }
    StringBuilder families = new StringBuilder();
    for (int family = 0; family < 256; family++) {
      if (bytesByFamily[family] > 0) {
        families.append(
            String.format(
                Locale.ROOT, " %c=%.1f", (char) family, bytesByFamily[family] / 1048576.0));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%s, %s: stored %.1f MiB (MiB by family:%s), directory %.1f MiB, %d records%n",
        shape,
        phase,
        total / 1048576.0,
        families,
        Directories.size(store.directory()) / 1048576.0,
        pinSet.recordCount());
  }
}
