package org.pinring.allocator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Current holders indexed by the problem's pin and peer indices, with what every live peer holds in
 * bytes. Holders that are not live peers of the problem are "gone"; holder entries for pins outside
 * the problem are ignored (unpinning is the pin tracker's business, not a plan's).
 */
final class HolderTable {

  private final PinHolders[] byPin;
  private final long[] usedBytes;
  private final List<String> gonePeers;

  private HolderTable(PinHolders[] byPin, long[] usedBytes, List<String> gonePeers) {
    this.byPin = byPin;
    this.usedBytes = usedBytes;
    this.gonePeers = gonePeers;
  }

  static HolderTable of(PlacementProblem problem, List<PinHolders> holders) {
    PinHolders[] byPin = new PinHolders[problem.pinCount()];
    long[] used = new long[problem.peerCount()];
    TreeSet<String> gone = new TreeSet<>();
    Set<Object> seen = new HashSet<>();
    for (PinHolders entry : holders) {
      if (!seen.add(entry.cid())) {
        throw new IllegalArgumentException("holders of " + entry.cid() + " are listed twice");
      }
      int x = problem.indexOf(entry.cid());
      if (x < 0) {
        continue;
      }
      byPin[x] = entry;
      for (Holder holder : entry.holders()) {
        int p = problem.indexOfPeer(holder.peer());
        if (p < 0) {
          gone.add(holder.peer());
        } else {
          used[p] += problem.pinSize(x);
        }
      }
    }
    return new HolderTable(byPin, used, List.copyOf(gone));
  }

  /** The recorded holders of pin {@code x}, or null if none were given. */
  PinHolders holders(int x) {
    return byPin[x];
  }

  /** Problem indices of the live holders of pin {@code x}, in holder order. */
  List<Integer> liveHolders(PlacementProblem problem, int x) {
    List<Integer> live = new ArrayList<>();
    if (byPin[x] != null) {
      for (Holder holder : byPin[x].holders()) {
        int p = problem.indexOfPeer(holder.peer());
        if (p >= 0) {
          live.add(p);
        }
      }
    }
    return live;
  }

  /** Bytes each live peer holds now (pending copies included), by problem peer index. */
  long[] usedBytes() {
    return usedBytes.clone();
  }

  /** Holders that are not live peers of the problem, sorted. */
  List<String> gonePeers() {
    return gonePeers;
  }
}
