package org.pinring.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.pinring.allocator.Allocator;
import org.pinring.allocator.PeerState;
import org.pinring.allocator.Pin;
import org.pinring.allocator.Placement;
import org.pinring.allocator.PlacementProblem;
import org.pinring.allocator.PlanStep;
import org.pinring.allocator.RepairPlan;

/** The result of {@code pinring alloc plan}: the JSON document and the human summary. */
final class AllocReport {

  /** The JSON output; field names are the documented format. */
  record Output(Map<String, List<String>> allocations, List<String> unplaceable, Summary summary) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Summary(
      String policy,
      long nowMillis,
      int peers,
      List<String> gonePeers,
      int pins,
      long copies,
      int pinsBelowMin,
      int pinsBelowMax,
      double maxMeanLoadRatio,
      double maxLoadToShareRatio,
      Repair repair,
      List<PeerLoad> load) {}

  record Repair(List<String> downPeers, int affectedPins, long addedCopies) {}

  record PeerLoad(
      String id, long copies, long loadBytes, long freeBytes, long capacityBytes, double share) {}

  private final Output output;

  private AllocReport(Output output) {
    this.output = output;
  }

  static AllocReport of(
      Allocator allocator, Placement placement, RepairPlan repair, List<PeerState> all, long now) {
    PlacementProblem problem = placement.problem();
    Map<String, List<String>> allocations = new LinkedHashMap<>();
    Map<String, Integer> minimum = new HashMap<>();
    Map<String, Integer> maximum = new HashMap<>();
    Map<String, Long> sizes = new HashMap<>();
    List<String> order = new ArrayList<>();
    for (int x = 0; x < problem.pins().size(); x++) {
      Pin pin = problem.pins().get(x);
      String cid = pin.cid().toString();
      order.add(cid);
      allocations.put(cid, new ArrayList<>(placement.holdersOf(x)));
      minimum.put(cid, pin.replicationMin());
      maximum.put(cid, pin.replicationMax());
      sizes.put(cid, pin.sizeBytes().orElse(allocator.config().unknownPinSizeBytes()));
    }
    TreeSet<String> gone = new TreeSet<>();
    for (PeerState peer : all) {
      if (allocator.isGone(peer, now)) {
        gone.add(peer.id());
      }
    }
    Repair repairSummary = null;
    if (repair != null) {
      for (PlanStep step : repair.steps()) {
        List<String> holders = allocations.get(step.cid().toString());
        if (step instanceof PlanStep.ForgetCopy) {
          holders.remove(step.peer());
        } else if (step instanceof PlanStep.AddCopy) {
          holders.add(step.peer());
        }
      }
      gone.addAll(repair.gonePeers());
      repairSummary = new Repair(repair.gonePeers(), repair.affectedPins(), repair.addedCopies());
    }
    List<String> sortedCids = new ArrayList<>(order);
    sortedCids.sort(null);
    Map<String, List<String>> sorted = new LinkedHashMap<>();
    List<String> unplaceable = new ArrayList<>();
    int belowMax = 0;
    long copies = 0;
    Map<String, long[]> perPeer = new HashMap<>();
    for (String cid : sortedCids) {
      List<String> holders = allocations.get(cid);
      sorted.put(cid, List.copyOf(holders));
      copies += holders.size();
      if (holders.size() < minimum.get(cid)) {
        unplaceable.add(cid);
      }
      if (holders.size() < maximum.get(cid)) {
        belowMax++;
      }
      for (String holder : holders) {
        long[] counts = perPeer.computeIfAbsent(holder, k -> new long[2]);
        counts[0]++;
        counts[1] += sizes.get(cid);
      }
    }
    List<PeerLoad> load = new ArrayList<>();
    double totalWeight = 0;
    long totalBytes = 0;
    for (PeerState peer : problem.peers()) {
      if (!gone.contains(peer.id())) {
        totalWeight += peer.freeBytes() * allocator.config().reliabilityFactor(peer.reliability());
        totalBytes += perPeer.getOrDefault(peer.id(), new long[2])[1];
      }
    }
    double maxLoad = 0;
    double maxToShare = 0;
    int live = 0;
    for (PeerState peer : problem.peers()) {
      if (gone.contains(peer.id())) {
        continue;
      }
      long[] counts = perPeer.getOrDefault(peer.id(), new long[2]);
      double weight = peer.freeBytes() * allocator.config().reliabilityFactor(peer.reliability());
      double share = totalBytes == 0 || totalWeight == 0 ? 0 : totalBytes * weight / totalWeight;
      load.add(
          new PeerLoad(
              peer.id(),
              counts[0],
              counts[1],
              peer.freeBytes(),
              peer.capacityBytes(),
              round(share)));
      maxLoad = Math.max(maxLoad, (double) counts[1]);
      if (share > 0) {
        maxToShare = Math.max(maxToShare, counts[1] / share);
      }
      live++;
    }
    double mean = live == 0 ? 0 : (double) totalBytes / live;
    Summary summary =
        new Summary(
            allocator.policy().name(),
            now,
            live,
            List.copyOf(gone),
            sortedCids.size(),
            copies,
            unplaceable.size(),
            belowMax,
            mean == 0 ? 0 : round(maxLoad / mean),
            round(maxToShare),
            repairSummary,
            load);
    return new AllocReport(new Output(sorted, unplaceable, summary));
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  Output json() {
    return output;
  }

  void printSummary(PrintWriter out) {
    Summary s = output.summary();
    out.printf(Locale.ROOT, "policy:          %s%n", s.policy());
    out.printf(
        Locale.ROOT,
        "peers:           %d live%s%n",
        s.peers(),
        s.gonePeers().isEmpty() ? "" : ", gone: " + String.join(", ", s.gonePeers()));
    out.printf(Locale.ROOT, "pins:            %d (%d copies)%n", s.pins(), s.copies());
    out.printf(Locale.ROOT, "below min:       %d pins%n", s.pinsBelowMin());
    out.printf(Locale.ROOT, "below max:       %d pins%n", s.pinsBelowMax());
    out.printf(Locale.ROOT, "max/mean load:   %.3f%n", s.maxMeanLoadRatio());
    out.printf(
        Locale.ROOT,
        "max load/share:  %.3f (share: in proportion to free space x reliability)%n",
        s.maxLoadToShareRatio());
    if (s.repair() != null) {
      out.printf(
          Locale.ROOT,
          "repaired:        %d pins, %d new copies (down: %s)%n",
          s.repair().affectedPins(),
          s.repair().addedCopies(),
          String.join(", ", s.repair().downPeers()));
    }
    out.printf(Locale.ROOT, "per-peer load (used of free space, copies, load/share):%n");
    int width = 4;
    for (PeerLoad peer : s.load()) {
      width = Math.max(width, peer.id().length());
    }
    for (PeerLoad peer : s.load()) {
      out.printf(
          Locale.ROOT,
          "  %-" + width + "s  %10s / %-10s  %8d copies  %6.3f%n",
          peer.id(),
          Sizes.format(peer.loadBytes()),
          Sizes.format(peer.freeBytes()),
          peer.copies(),
          peer.share() == 0 ? 0.0 : peer.loadBytes() / peer.share());
    }
  }
}
