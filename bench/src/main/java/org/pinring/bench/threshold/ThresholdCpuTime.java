package org.pinring.bench.threshold;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Thread CPU time per operation for the same work as {@link FrostBenchmark} and {@link
 * DkgBenchmark}. On a shared, oversubscribed machine JMH's wall-clock figures include time spent
 * waiting for a core; CPU time counts only the compute the issue's targets are about. Each figure
 * is the median of several rounds, after a warm-up, measured side by side in one JVM.
 *
 * <p>Run: {@code java -cp "bench/target/pinring-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*"
 * org.pinring.bench.threshold.ThresholdCpuTime}
 */
public final class ThresholdCpuTime {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private ThresholdCpuTime() {}

  public static void main(String[] args) throws Exception {
    FrostBenchmark small = new FrostBenchmark();
    small.setting = "3-of-5";
    small.setUp();
    FrostBenchmark large = new FrostBenchmark();
    large.setting = "7-of-10";
    large.setUp();
    DkgBenchmark dkg5 = new DkgBenchmark();
    dkg5.setting = "3-of-5";
    DkgBenchmark dkg15 = new DkgBenchmark();
    dkg15.setting = "10-of-15";

    report("signing session 3-of-5 (all rounds + aggregation)", 400, small::signingSession);
    report("signing session 7-of-10 (all rounds + aggregation)", 150, large::signingSession);
    report("verify, cofactored (PinRing)", 2000, small::verifyCofactored);
    report("verify, Bouncy Castle Ed25519", 2000, small::verifyBouncyCastle);
    report("verify, JDK Ed25519", 300, small::verifyJdk);
    report("DKG 3-of-5 (all 5 participants)", 40, dkg5::dkg);
    report("DKG 10-of-15 (all 15 participants)", 6, dkg15::dkg);
  }

  private static void report(String name, int iterations, Callable<?> op) throws Exception {
    for (int i = 0; i < iterations; i++) {
      op.call(); // warm-up
    }
    int rounds = 7;
    double[] perOp = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long start = THREADS.getCurrentThreadCpuTime();
      for (int i = 0; i < iterations; i++) {
        op.call();
      }
      perOp[r] = (THREADS.getCurrentThreadCpuTime() - start) / (double) iterations;
    }
    java.util.Arrays.sort(perOp);
    double median = perOp[rounds / 2];
    String value =
        median >= 1e6
            ? String.format(Locale.ROOT, "%.2f ms", median / 1e6)
            : String.format(Locale.ROOT, "%.0f us", median / 1e3);
    System.out.printf(
        Locale.ROOT,
        "%-52s %12s  (range %.0f-%.0f us)%n",
        name,
        value,
        perOp[0] / 1e3,
        perOp[rounds - 1] / 1e3);
  }
}
