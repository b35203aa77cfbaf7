package org.pinring.bench.allocator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;
import org.pinring.allocator.AllocatorConfig;
import org.pinring.allocator.BalancedPolicy;
import org.pinring.allocator.PeerState;
import org.pinring.allocator.Pin;
import org.pinring.allocator.Placement;
import org.pinring.allocator.PlacementPolicy;
import org.pinring.allocator.PlacementProblem;
import org.pinring.allocator.RendezvousPolicy;

/**
 * Time to place 1M pins (1 MiB, replication 3) on 1,000 peers, one thread, each policy, equal or
 * log-uniform (1 GiB to 2 TiB) capacities. Includes building the canonical problem (hashing and
 * sorting the pins).
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -Xmx6g -cp "bench/target/classes:bench/target/lib/*" org.openjdk.jmh.Main AllocatorBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx6g", "-XX:+UseParallelGC", "-XX:ActiveProcessorCount=1"})
public class AllocatorBenchmark {

  @Param({"rendezvous", "rendezvous-unbounded", "balanced"})
  public String policy;

  @Param({"equal", "log-uniform"})
  public String capacities;

  @Param({"1000000"})
  public int pins;

  private List<Pin> pinList;
  private List<PeerState> peers;
  private PlacementPolicy placementPolicy;

  @Setup(Level.Trial)
  public void setUp() {
    pinList = new ArrayList<>(Rings.pins(pins));
    peers = Rings.peers(1_000, capacities.equals("log-uniform"));
    placementPolicy =
        switch (policy) {
          case "rendezvous" -> RendezvousPolicy.standard();
          case "rendezvous-unbounded" -> RendezvousPolicy.unbounded();
          case "balanced" -> new BalancedPolicy();
          default -> throw new IllegalArgumentException(policy);
        };
  }

  @Benchmark
  public Placement place() {
    return placementPolicy.place(PlacementProblem.of(pinList, peers, AllocatorConfig.DEFAULTS));
  }
}
