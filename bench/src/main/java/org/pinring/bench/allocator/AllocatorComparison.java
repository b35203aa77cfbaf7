package org.pinring.bench.allocator;

import com.sun.management.OperatingSystemMXBean;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.pinring.allocator.Allocator;
import org.pinring.allocator.AllocatorConfig;
import org.pinring.allocator.BalancedPolicy;
import org.pinring.allocator.Holder;
import org.pinring.allocator.PeerState;
import org.pinring.allocator.Pin;
import org.pinring.allocator.PinHolders;
import org.pinring.allocator.Placement;
import org.pinring.allocator.PlacementPolicy;
import org.pinring.allocator.RebalancePlan;
import org.pinring.allocator.RendezvousPolicy;
import org.pinring.allocator.RepairPlan;

/**
 * The allocator's bench command: every policy on the same inputs, side by side in one run. Times
 * are CPU time (best of three for placement, as "thread / process": the working thread alone, and
 * the whole process with garbage collection and the JIT compiler; each repair and rebalance
 * includes computing its target placement, process CPU time); skew and movement are exact counts.
 * The optional third argument lists the policies to run (default all three).
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -Xmx8g -XX:ActiveProcessorCount=1 -cp "bench/target/classes:bench/target/lib/*" \
 *     org.pinring.bench.allocator.AllocatorComparison [pins] [peers] [rendezvous,balanced,...]
 * </pre>
 */
public final class AllocatorComparison {

  private static final long NOW = 1L << 40;
  private static final long LONG_AGO = 0;
  private static final OperatingSystemMXBean CPU =
      ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private AllocatorComparison() {}

  public static void main(String[] args) {
    int pins = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int peers = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    PrintStream out = System.out;
    out.printf(
        Locale.ROOT,
        "%,d pins (1 MiB, replication 3) on %,d peers; Java %s%n%n",
        pins,
        peers,
        System.getProperty("java.version"));
    List<Pin> pinList = Rings.pins(pins);
    List<PlacementPolicy> policies =
        new ArrayList<>(
            List.of(
                RendezvousPolicy.standard(), RendezvousPolicy.unbounded(), new BalancedPolicy()));
    if (args.length > 2) {
      List<String> wanted = List.of(args[2].split(","));
      policies.removeIf(policy -> !wanted.contains(policy.name()));
    }
    out.println(
        "| policy | place, equal (CPU ms, thread / process) | max/mean, equal | place, 1 GiB-2 TiB (CPU"
            + " ms, thread / process) | max load/share,"
            + " 1 GiB-2 TiB | 1 join: moved / (R/N) | repair 10% down (CPU ms) | repair: added /"
            + " lost | rebalance 10% join (CPU ms) | 10% join: moved / ideal |");
    out.println("|---|---|---|---|---|---|---|---|---|---|");
    for (PlacementPolicy policy : policies) {
      out.println(row(policy, pinList, peers));
      out.flush();
    }
  }

  private static String row(PlacementPolicy policy, List<Pin> pins, int peerCount) {
    AllocatorConfig config = AllocatorConfig.DEFAULTS.withRebalanceFraction(1.0);
    Allocator allocator = new Allocator(policy, config);
    List<PeerState> equal = seen(Rings.peers(peerCount + peerCount / 10, false));
    List<PeerState> ring = equal.subList(0, peerCount);
    List<PeerState> heterogeneous = seen(Rings.peers(peerCount, true));

    long[] timeEqual = new long[2];
    Placement placement = best(() -> allocator.place(pins, ring, NOW), timeEqual);
    long[] timeMixed = new long[2];
    Placement mixed = best(() -> allocator.place(pins, heterogeneous, NOW), timeMixed);

    // One peer joins: copies moved, per pin, against R/N.
    Placement joined = allocator.place(pins, equal.subList(0, peerCount + 1), NOW);
    double movedPerPin = moved(placement, joined) / (double) pins.size();
    double oneJoin = movedPerPin / (3.0 / peerCount);

    // 10% of the peers gone for longer than the grace period.
    List<PinHolders> holders = confirmed(placement);
    List<PeerState> down = new ArrayList<>(ring);
    long lost = 0;
    Set<String> downIds = new HashSet<>();
    for (int i = 0; i < peerCount; i += 10) {
      down.set(i, ring.get(i).withLastSeenMillis(LONG_AGO));
      downIds.add(ring.get(i).id());
    }
    for (PinHolders pin : holders) {
      for (Holder holder : pin.holders()) {
        lost += downIds.contains(holder.peer()) ? 1 : 0;
      }
    }
    long start = CPU.getProcessCpuTime();
    RepairPlan repair = allocator.repair(pins, down, holders, NOW);
    long repairMillis = (CPU.getProcessCpuTime() - start) / 1_000_000;

    // 10% more peers join; a rebalance with no per-round limit shows the whole movement.
    start = CPU.getProcessCpuTime();
    RebalancePlan rebalance = allocator.rebalance(pins, equal, holders, NOW);
    long rebalanceMillis = (CPU.getProcessCpuTime() - start) / 1_000_000;
    int joiners = equal.size() - peerCount;
    double ideal = 3.0 * pins.size() * joiners / equal.size();

    return String.format(
        Locale.ROOT,
        "| %s | %d / %d | %.3f | %d / %d | %.3f | %.2f | %d | %d / %d | %d | %.2f |",
        policy.name(),
        timeEqual[0],
        timeEqual[1],
        placement.maxLoadRatio(),
        timeMixed[0],
        timeMixed[1],
        mixed.maxLoadRatio(),
        oneJoin,
        repairMillis,
        repair.addedCopies(),
        lost,
        rebalanceMillis,
        rebalance.copiesStarted() / ideal);
  }

  private interface Run {
    Placement run();
  }

  /**
   * Runs three times and keeps the fastest, as CPU time of the working thread ({@code millis[0]})
   * and of the whole process, garbage collection and JIT compilation included ({@code millis[1]}):
   * on a shared machine wall time measures the neighbours as much as the code. Run with {@code
   * -XX:ActiveProcessorCount=1} so that the collector, too, works on one core.
   */
  private static Placement best(Run run, long[] millis) {
    Placement result = null;
    long bestThread = Long.MAX_VALUE;
    long bestProcess = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long startThread = THREADS.getCurrentThreadCpuTime();
      long startProcess = CPU.getProcessCpuTime();
      result = run.run();
      bestThread = Math.min(bestThread, THREADS.getCurrentThreadCpuTime() - startThread);
      bestProcess = Math.min(bestProcess, CPU.getProcessCpuTime() - startProcess);
    }
    millis[0] = bestThread / 1_000_000;
    millis[1] = bestProcess / 1_000_000;
    return result;
  }

  private static List<PeerState> seen(List<PeerState> peers) {
    return peers.stream().map(peer -> peer.withLastSeenMillis(NOW)).toList();
  }

  private static List<PinHolders> confirmed(Placement placement) {
    List<PinHolders> holders = new ArrayList<>(placement.problem().pins().size());
    for (int x = 0; x < placement.problem().pins().size(); x++) {
      holders.add(
          new PinHolders(
              placement.problem().pins().get(x).cid(),
              placement.holdersOf(x).stream().map(Holder::confirmed).toList()));
    }
    return holders;
  }

  private static long moved(Placement before, Placement after) {
    long moved = 0;
    for (int x = 0; x < after.problem().pins().size(); x++) {
      List<String> old = before.holdersOf(x);
      for (String peer : after.holdersOf(x)) {
        if (!old.contains(peer)) {
          moved++;
        }
      }
    }
    return moved;
  }
}
