package org.pinring.bench.threshold;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pinring.runtime.SecureRandomSource;
import org.pinring.threshold.DkgParticipant;
import org.pinring.threshold.Identifier;

/**
 * Total compute of a Pedersen DKG with proofs of knowledge, all n participants in one thread: every
 * participant's polynomial, commitment and proof; every participant's check of all n-1 proofs and
 * its n-1 shares out; every participant's check of its n-1 received shares and the derivation of
 * all verifying shares.
 *
 * <p>Run: see {@link FrostBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DkgBenchmark {

  /** "t-of-n". */
  @Param({"3-of-5", "10-of-15"})
  public String setting;

  private final SecureRandomSource random = new SecureRandomSource();

  @Benchmark
  public Map<Identifier, DkgParticipant.Result> dkg() {
    int separator = setting.indexOf("-of-");
    int t = Integer.parseInt(setting.substring(0, separator));
    int n = Integer.parseInt(setting.substring(separator + 4));
    Map<Identifier, DkgParticipant> participants = new TreeMap<>();
    Map<Identifier, DkgParticipant.Round1Package> round1 = new TreeMap<>();
    for (int i = 1; i <= n; i++) {
      DkgParticipant p = DkgParticipant.start(Identifier.of(i), t, n, random);
      participants.put(p.identifier(), p);
      round1.put(p.identifier(), p.round1Package());
    }
    Map<Identifier, Map<Identifier, DkgParticipant.Round2Package>> inbox = new HashMap<>();
    for (DkgParticipant p : participants.values()) {
      Map<Identifier, DkgParticipant.Round1Package> others = new TreeMap<>(round1);
      others.remove(p.identifier());
      for (DkgParticipant.Round2Package out : p.round2(others).values()) {
        inbox.computeIfAbsent(out.recipient(), k -> new TreeMap<>()).put(out.sender(), out);
      }
    }
    Map<Identifier, DkgParticipant.Result> results = new TreeMap<>();
    for (DkgParticipant p : participants.values()) {
      results.put(p.identifier(), p.finish(inbox.get(p.identifier())));
    }
    return results;
  }
}
