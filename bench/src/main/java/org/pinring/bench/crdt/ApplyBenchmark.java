package org.pinring.bench.crdt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.pinring.crdt.Authorization;
import org.pinring.crdt.Authorizer;
import org.pinring.crdt.PinEntry;
import org.pinring.crdt.PinOperation;
import org.pinring.crdt.PinSet;
import org.pinring.crdt.PinSpec;
import org.pinring.crdt.SignedOperation;
import org.pinring.crdt.kv.LevelDbKeyValueStore;
import org.pinring.crdt.testing.TestRing;
import org.pinring.multiformats.Cid;
import org.pinring.runtime.Simulation;

/**
 * Local apply rate of a replica persisted in LevelDB: operations submitted, packed into deltas,
 * authorized, applied to the state and its Merkle tree, and written in one synced batch per
 * submission. Variants: 1,000 operations per submission (batched), one per submission (unbatched,
 * one fsync each), and one operation carrying 1,000 pin entries (a bulk import under one
 * signature). With {@code authorizer=ed25519} every operation's signature is verified; {@code none}
 * isolates the CRDT and storage cost. Signing happens in setup, outside the timing.
 *
 * <p>Run: see docs/BENCHMARKS.md ("CRDT: local apply rate").
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx1g"})
public class ApplyBenchmark {

  /** One replica on a fresh LevelDB directory. */
  @State(Scope.Benchmark)
  public static class Replica {
    @Param({"none", "ed25519"})
    public String authorizer;

    Path directory;
    LevelDbKeyValueStore store;
    Simulation simulation;
    TestRing ring;
    PinSet pinSet;
    int nextCid;

    @Setup(Level.Trial)
    public void open() throws IOException {
      directory = Files.createTempDirectory("pinring-bench-apply");
      store = LevelDbKeyValueStore.open(directory);
      simulation = new Simulation(1);
      ring = new TestRing(simulation.random().fork("curators"));
      Authorizer check =
          authorizer.equals("ed25519")
              ? ring.authorizer()
              : (op, carrier) -> Authorization.accept();
      pinSet =
          StandaloneReplica.open(
              store, simulation, simulation.environment("bench"), "bench", check);
      simulation.time().advanceBy(Duration.ofMillis(1));
    }

    SignedOperation pin() {
      return ring.pin(TestRing.cid(nextCid++));
    }

    SignedOperation bulk(int entries) {
      List<PinEntry> pins = new ArrayList<>(entries);
      for (int i = 0; i < entries; i++) {
        pins.add(new PinEntry(PinSpec.of(TestRing.cid(nextCid++)), 0));
      }
      return ring.sign(new PinOperation(TestRing.RING, ring.nonce(), pins));
    }

    void submit(List<SignedOperation> operations) {
      CompletableFuture<List<Cid>> done = pinSet.submit(operations);
      simulation.time().runUntil(done::isDone, Duration.ofMinutes(1));
      done.join();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      pinSet.close();
      store.close();
      Directories.delete(directory);
    }
  }

  /** The next 1,000 distinct signed operations. */
  @State(Scope.Thread)
  public static class Batch {
    List<SignedOperation> operations;

    @Setup(Level.Invocation)
    public void next(Replica replica) {
      operations = new ArrayList<>(1000);
      for (int i = 0; i < 1000; i++) {
        operations.add(replica.pin());
      }
    }
  }

  /** The next signed operation. */
  @State(Scope.Thread)
  public static class Single {
    List<SignedOperation> operations;

    @Setup(Level.Invocation)
    public void next(Replica replica) {
      operations = List.of(replica.pin());
    }
  }

  /** The next operation carrying 1,000 pin entries. */
  @State(Scope.Thread)
  public static class Bulk {
    List<SignedOperation> operations;

    @Setup(Level.Invocation)
    public void next(Replica replica) {
      operations = List.of(replica.bulk(1000));
    }
  }

  @Benchmark
  @OperationsPerInvocation(1000)
  public void batched(Replica replica, Batch batch) {
    replica.submit(batch.operations);
  }

  @Benchmark
  public void unbatched(Replica replica, Single single) {
    replica.submit(single.operations);
  }

  /** Counted in pin entries: 1,000 per operation. */
  @Benchmark
  @OperationsPerInvocation(1000)
  public void bulkEntries(Replica replica, Bulk bulk) {
    replica.submit(bulk.operations);
  }
}
