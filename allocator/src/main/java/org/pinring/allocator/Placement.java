package org.pinring.allocator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.pinring.multiformats.Cid;

/**
 * Where every pin of a {@link PlacementProblem} goes: for each pin, its holders in the policy's
 * preference order. Stored compactly (one int per copy) because plans cover millions of pins.
 * Immutable.
 */
public final class Placement {

  private final PlacementProblem problem;
  private final String policyName;
  private final int[] offsets;
  private final int[] counts;
  private final int[] holders;
  private final long[] loadBytes;

  Placement(
      PlacementProblem problem, String policyName, int[] offsets, int[] counts, int[] holders) {
    this.problem = problem;
    this.policyName = policyName;
    this.offsets = offsets;
    this.counts = counts;
    this.holders = holders;
    this.loadBytes = new long[problem.peerCount()];
    for (int x = 0; x < counts.length; x++) {
      for (int k = 0; k < counts[x]; k++) {
        loadBytes[holders[offsets[x] + k]] += problem.pinSize(x);
      }
    }
  }

  /**
   * A placement given as a map, for policies written outside this package.
   *
   * @throws IllegalArgumentException if a pin is not in the problem, a peer is unknown or listed
   *     twice for a pin, or a pin gets more than its maximum replication
   */
  public static Placement fromAllocations(
      PlacementProblem problem, String policyName, Map<Cid, List<String>> allocations) {
    Objects.requireNonNull(allocations, "allocations");
    int pins = problem.pinCount();
    int[] offsets = offsets(problem);
    int[] counts = new int[pins];
    int[] holders = new int[offsets[pins]];
    for (Map.Entry<Cid, List<String>> entry : allocations.entrySet()) {
      int x = problem.indexOf(entry.getKey());
      if (x < 0) {
        throw new IllegalArgumentException("pin " + entry.getKey() + " is not in the problem");
      }
      List<String> peers = entry.getValue();
      if (peers.size() > problem.replicationMax(x)) {
        throw new IllegalArgumentException(
            "pin " + entry.getKey() + " gets more copies than its replicationMax");
      }
      for (String peer : peers) {
        int p = problem.indexOfPeer(peer);
        if (p < 0) {
          throw new IllegalArgumentException("peer " + peer + " is not in the problem");
        }
        for (int k = 0; k < counts[x]; k++) {
          if (holders[offsets[x] + k] == p) {
            throw new IllegalArgumentException("peer " + peer + " is listed twice for a pin");
          }
        }
        holders[offsets[x] + counts[x]++] = p;
      }
    }
    return new Placement(problem, policyName, offsets, counts, holders);
  }

  /** Start of each pin's slots in a flat holder array: pin x owns replicationMax(x) slots. */
  static int[] offsets(PlacementProblem problem) {
    int pins = problem.pinCount();
    int[] offsets = new int[pins + 1];
    for (int x = 0; x < pins; x++) {
      offsets[x + 1] = offsets[x] + problem.replicationMax(x);
    }
    return offsets;
  }

  public PlacementProblem problem() {
    return problem;
  }

  /** The name of the policy that made this placement. */
  public String policyName() {
    return policyName;
  }

  /** The holders of the pin at {@code pinIndex} of {@link PlacementProblem#pins()}. */
  public List<String> holdersOf(int pinIndex) {
    List<String> ids = new ArrayList<>(counts[pinIndex]);
    for (int k = 0; k < counts[pinIndex]; k++) {
      ids.add(problem.peers().get(holders[offsets[pinIndex] + k]).id());
    }
    return Collections.unmodifiableList(ids);
  }

  /**
   * The holders of {@code cid}, in preference order.
   *
   * @throws IllegalArgumentException if the pin is not in the problem
   */
  public List<String> holdersOf(Cid cid) {
    int x = problem.indexOf(cid);
    if (x < 0) {
      throw new IllegalArgumentException("pin " + cid + " is not in the problem");
    }
    return holdersOf(x);
  }

  /** How many copies the pin at {@code pinIndex} got. */
  public int copies(int pinIndex) {
    return counts[pinIndex];
  }

  /** Peer index of the {@code k}-th holder of the pin at {@code pinIndex}. */
  int holderIndex(int pinIndex, int k) {
    return holders[offsets[pinIndex] + k];
  }

  /** Every pin's holders, in the problem's canonical pin order. */
  public Map<Cid, List<String>> allocations() {
    Map<Cid, List<String>> map = new LinkedHashMap<>();
    for (int x = 0; x < counts.length; x++) {
      map.put(problem.pins().get(x).cid(), holdersOf(x));
    }
    return Collections.unmodifiableMap(map);
  }

  /** Pins that got fewer copies than their minimum, in canonical order. */
  public List<Cid> belowMin() {
    List<Cid> below = new ArrayList<>();
    for (int x = 0; x < counts.length; x++) {
      if (counts[x] < problem.replicationMin(x)) {
        below.add(problem.pins().get(x).cid());
      }
    }
    return Collections.unmodifiableList(below);
  }

  /** Number of pins that got fewer copies than their maximum. */
  public int countBelowMax() {
    int below = 0;
    for (int x = 0; x < counts.length; x++) {
      if (counts[x] < problem.replicationMax(x)) {
        below++;
      }
    }
    return below;
  }

  /** Bytes placed on each peer, indexed like {@link PlacementProblem#peers()}. */
  public long[] loadBytes() {
    return loadBytes.clone();
  }

  /** Total copies placed. */
  public long totalCopies() {
    long total = 0;
    for (int count : counts) {
      total += count;
    }
    return total;
  }

  /**
   * Peak-to-average load: the largest ratio of a peer's load to its fair share, where the fair
   * share splits the placed bytes in proportion to the peers' weights. For equal peers this is
   * max/mean load. 0 when nothing is placed.
   */
  public double maxLoadRatio() {
    double totalWeight = 0;
    long totalBytes = 0;
    for (int p : problem.candidates()) {
      totalWeight += problem.weight(p);
    }
    for (long bytes : loadBytes) {
      totalBytes += bytes;
    }
    if (totalBytes == 0 || totalWeight == 0) {
      return 0;
    }
    double worst = 0;
    for (int p : problem.candidates()) {
      double fair = totalBytes * problem.weight(p) / totalWeight;
      worst = Math.max(worst, loadBytes[p] / fair);
    }
    return worst;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof Placement that)) {
      return false;
    }
    return problem.pins().equals(that.problem.pins())
        && problem.peers().equals(that.problem.peers())
        && Arrays.equals(counts, that.counts)
        && allocations().equals(that.allocations());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(counts) * 31 + problem.pins().hashCode();
  }

  @Override
  public String toString() {
    return "Placement("
        + policyName
        + ", "
        + counts.length
        + " pins, "
        + totalCopies()
        + " copies)";
  }
}
