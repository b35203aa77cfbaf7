package org.pinring.allocator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.pinring.multiformats.Cid;

/**
 * Current holders indexed by the problem's pin and peer indices, with what every live peer holds in
 * bytes. Holders that are not live peers of the problem are "gone"; holder entries for pins outside
 * the problem are ignored (unpinning is the pin tracker's business, not a plan's).
 *
 * <p>Building it matches a million holder entries to the problem's pins by a sort-merge on the
 * pins' placement keys (the problem keeps its pins sorted by key), not by a search per entry: a
 * binary search per entry cost about 2 µs in cache misses, most of a repair plan's time. Each
 * holder's peer index is resolved once here and kept.
 */
final class HolderTable {

  private static final int INDEX_BITS = 24;
  private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;
  private static final int SCRATCH_BYTES = 128;

  private final PinHolders[] byPin;

  /** Per pin, its holders' problem peer indices in holder order, -1 for a gone holder. */
  private final int[][] peerIndices;

  private final long[] usedBytes;
  private final List<String> gonePeers;

  private HolderTable(
      PinHolders[] byPin, int[][] peerIndices, long[] usedBytes, List<String> gonePeers) {
    this.byPin = byPin;
    this.peerIndices = peerIndices;
    this.usedBytes = usedBytes;
    this.gonePeers = gonePeers;
  }

  /**
   * @throws IllegalArgumentException if a CID has two entries, or there are more entries than a
   *     problem may have pins
   */
  static HolderTable of(PlacementProblem problem, List<PinHolders> holders) {
    PinHolders[] entries = holders.toArray(new PinHolders[0]);
    if (entries.length > PlacementProblem.MAX_PINS) {
      throw new IllegalArgumentException(
          "at most " + PlacementProblem.MAX_PINS + " holder entries, not " + entries.length);
    }
    int[] pinOfEntry = matchPins(problem, entries);
    PinHolders[] byPin = new PinHolders[problem.pinCount()];
    int[][] peerIndices = new int[problem.pinCount()][];
    long[] used = new long[problem.peerCount()];
    TreeSet<String> gone = new TreeSet<>();
    for (int i = 0; i < entries.length; i++) {
      int x = pinOfEntry[i];
      if (x < 0) {
        continue;
      }
      PinHolders entry = entries[i];
      byPin[x] = entry;
      List<Holder> list = entry.holders();
      int[] indices = new int[list.size()];
      for (int k = 0; k < indices.length; k++) {
        String peer = list.get(k).peer();
        int p = problem.indexOfPeer(peer);
        indices[k] = p;
        if (p < 0) {
          gone.add(peer);
        } else {
          used[p] += problem.pinSize(x);
        }
      }
      peerIndices[x] = indices;
    }
    return new HolderTable(byPin, peerIndices, used, List.copyOf(gone));
  }

  /**
   * The problem pin index of every entry, or -1 for entries of pins outside the problem: entries
   * sorted by the 40-bit prefix of their placement key, merged against the problem's pins (sorted
   * by full key); within a shared prefix (rare), CIDs are compared directly.
   */
  private static int[] matchPins(PlacementProblem problem, PinHolders[] entries) {
    int n = entries.length;
    long[] packed = new long[n];
    byte[] scratch = new byte[SCRATCH_BYTES];
    for (int i = 0; i < n; i++) {
      long key = PlacementHash.pinKey(entries[i].cid(), scratch);
      packed[i] = (key & ~INDEX_MASK) | i;
    }
    PinOrder.sortByPrefix(packed);
    int[] pinOf = new int[n];
    int pins = problem.pinCount();
    int x = 0;
    int start = 0;
    while (start < n) {
      long prefix = packed[start] & ~INDEX_MASK;
      int end = start + 1;
      while (end < n && (packed[end] & ~INDEX_MASK) == prefix) {
        end++;
      }
      while (x < pins && Long.compareUnsigned(problem.pinKey(x) & ~INDEX_MASK, prefix) < 0) {
        x++;
      }
      int pinsEnd = x;
      while (pinsEnd < pins && (problem.pinKey(pinsEnd) & ~INDEX_MASK) == prefix) {
        pinsEnd++;
      }
      if (end - start > 1) {
        checkDistinct(entries, packed, start, end);
      }
      for (int k = start; k < end; k++) {
        int entry = (int) (packed[k] & INDEX_MASK);
        pinOf[entry] = find(problem, entries[entry].cid(), x, pinsEnd);
      }
      start = end;
    }
    return pinOf;
  }

  /** The index in {@code [from, to)} of the problem pin with this CID, or -1. */
  private static int find(PlacementProblem problem, Cid cid, int from, int to) {
    for (int x = from; x < to; x++) {
      if (problem.pins().get(x).cid().equals(cid)) {
        return x;
      }
    }
    return -1;
  }

  /** Entries that share a key prefix must still be for different CIDs. */
  private static void checkDistinct(PinHolders[] entries, long[] packed, int start, int end) {
    Set<Cid> seen = new HashSet<>();
    for (int k = start; k < end; k++) {
      Cid cid = entries[(int) (packed[k] & INDEX_MASK)].cid();
      if (!seen.add(cid)) {
        throw new IllegalArgumentException("holders of " + cid + " are listed twice");
      }
    }
  }

  /** The recorded holders of pin {@code x}, or null if none were given. */
  PinHolders holders(int x) {
    return byPin[x];
  }

  /**
   * The problem peer index of the {@code k}-th recorded holder of pin {@code x} (in {@link
   * #holders} order), or -1 if that holder is gone.
   */
  int peerIndex(int x, int k) {
    return peerIndices[x][k];
  }

  /** Problem indices of the live holders of pin {@code x}, in holder order. */
  List<Integer> liveHolders(int x) {
    List<Integer> live = new ArrayList<>();
    int[] indices = peerIndices[x];
    if (indices != null) {
      for (int p : indices) {
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
