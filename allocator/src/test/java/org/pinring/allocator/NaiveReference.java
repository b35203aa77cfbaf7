package org.pinring.allocator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pinring.multiformats.Cid;

/**
 * The placement rules written as plainly as possible, for comparison with the real policies: every
 * ranking is a full sort recomputed for every pin, rendezvous scores use {@link StrictMath#log}
 * (not the allocator's own logarithm), the spread cap is found by trying every cap, and loads live
 * in maps. Slow on purpose; only for small inputs.
 */
final class NaiveReference {

  private NaiveReference() {}

  /** The direct definition of the weighted rendezvous score. */
  static double score(PeerState peer, Cid cid, AllocatorConfig config) {
    // The draw as docs/allocator.md defines it: one round of SplitMix64's mix on the XOR of keys.
    long z = PlacementHash.peerKey(peer.id()) ^ PlacementHash.pinKey(cid.toBytes());
    long draw = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    long u = draw >>> 12;
    double x = (2.0 * u + 1.0) / Math.pow(2, 53);
    double weight = peer.freeBytes() * config.reliabilityFactor(peer.reliability());
    return weight / -StrictMath.log(x);
  }

  static Map<Cid, List<String>> rendezvous(
      List<Pin> pins, List<PeerState> peers, AllocatorConfig config, double loadBound) {
    Map<String, Long> caps = new HashMap<>();
    double demand = 0;
    double totalWeight = 0;
    for (Pin pin : sortedPins(pins)) {
      demand += (double) size(pin, config) * pin.replicationMax();
    }
    for (PeerState peer : sortedPeers(peers)) {
      totalWeight += peer.freeBytes() * config.reliabilityFactor(peer.reliability());
    }
    for (PeerState peer : peers) {
      double weight = peer.freeBytes() * config.reliabilityFactor(peer.reliability());
      double fair = demand * (weight / totalWeight);
      double cap = Math.floor((1 + loadBound) * fair);
      caps.put(peer.id(), cap >= peer.freeBytes() ? peer.freeBytes() : (long) cap);
    }
    Ranker ranker =
        (pin, loads) ->
            peers.stream()
                .filter(peer -> peer.freeBytes() > 0)
                .sorted(
                    Comparator.comparingDouble((PeerState peer) -> -score(peer, pin.cid(), config))
                        .thenComparing(PeerState::id))
                .toList();
    return place(pins, peers, config, ranker, Double.isInfinite(loadBound) ? null : caps);
  }

  static Map<Cid, List<String>> balanced(
      List<Pin> pins, List<PeerState> peers, AllocatorConfig config) {
    Ranker ranker =
        (pin, loads) ->
            peers.stream()
                .filter(peer -> peer.freeBytes() > 0)
                .sorted(
                    Comparator.comparingLong(
                            (PeerState peer) -> -(peer.freeBytes() - loads.get(peer.id())))
                        .thenComparing(PeerState::id))
                .toList();
    return place(pins, peers, config, ranker, null);
  }

  private interface Ranker {
    List<PeerState> rank(Pin pin, Map<String, Long> loads);
  }

  private static Map<Cid, List<String>> place(
      List<Pin> pins,
      List<PeerState> peers,
      AllocatorConfig config,
      Ranker ranker,
      Map<String, Long> softCaps) {
    Map<String, Long> loads = new HashMap<>();
    for (PeerState peer : peers) {
      loads.put(peer.id(), 0L);
    }
    Map<Cid, List<String>> result = new LinkedHashMap<>();
    List<Pin> ordered = sortedPins(pins);
    for (Pin pin : ordered) {
      result.put(pin.cid(), new ArrayList<>());
    }
    for (int pass = 0; pass < 2; pass++) {
      for (Pin pin : ordered) {
        int target = pass == 0 ? pin.replicationMin() : pin.replicationMax();
        List<String> chosen = result.get(pin.cid());
        if (chosen.size() >= target) {
          continue;
        }
        int spreadCap = spreadCap(pin, peers, loads, size(pin, config));
        List<String> added = new ArrayList<>();
        for (Map<String, Long> caps :
            softCaps == null
                ? List.<Map<String, Long>>of(Map.of())
                : List.of(softCaps, Map.<String, Long>of())) {
          for (PeerState peer : ranker.rank(pin, loads)) {
            if (chosen.size() >= target) {
              break;
            }
            long cap = caps.getOrDefault(peer.id(), peer.freeBytes());
            if (chosen.contains(peer.id()) || loads.get(peer.id()) + size(pin, config) > cap) {
              continue;
            }
            if (pin.spread().isPresent() && countInValue(pin, chosen, peers, peer) >= spreadCap) {
              continue;
            }
            chosen.add(peer.id());
            added.add(peer.id());
          }
        }
        for (String id : added) {
          loads.merge(id, size(pin, config), Long::sum);
        }
      }
    }
    return result;
  }

  /** The smallest cap >= maxPerValue that lets the pin reach its maximum, by trying each. */
  private static int spreadCap(Pin pin, List<PeerState> peers, Map<String, Long> loads, long size) {
    if (pin.spread().isEmpty()) {
      return Integer.MAX_VALUE;
    }
    SpreadConstraint spread = pin.spread().orElseThrow();
    Map<Optional<String>, Integer> perValue = new HashMap<>();
    for (PeerState peer : peers) {
      if (peer.freeBytes() > 0 && loads.get(peer.id()) + size <= peer.freeBytes()) {
        perValue.merge(Optional.ofNullable(peer.tags().get(spread.tag())), 1, Integer::sum);
      }
    }
    int total = perValue.values().stream().mapToInt(Integer::intValue).sum();
    int largest = perValue.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    if (total < pin.replicationMax()) {
      return Math.max(largest, spread.maxPerValue());
    }
    for (int cap = spread.maxPerValue(); ; cap++) {
      int reachable = 0;
      for (int count : perValue.values()) {
        reachable += Math.min(cap, count);
      }
      if (reachable >= pin.replicationMax()) {
        return cap;
      }
    }
  }

  private static long countInValue(
      Pin pin, List<String> chosen, List<PeerState> peers, PeerState candidate) {
    String tag = pin.spread().orElseThrow().tag();
    Optional<String> value = Optional.ofNullable(candidate.tags().get(tag));
    return peers.stream()
        .filter(peer -> chosen.contains(peer.id()))
        .filter(peer -> Optional.ofNullable(peer.tags().get(tag)).equals(value))
        .count();
  }

  static long size(Pin pin, AllocatorConfig config) {
    return pin.sizeBytes().orElse(config.unknownPinSizeBytes());
  }

  private static List<Pin> sortedPins(List<Pin> pins) {
    return pins.stream()
        .sorted(
            Comparator.comparing(
                    (Pin pin) -> PlacementHash.pinKey(pin.cid().toBytes()), Long::compareUnsigned)
                .thenComparing(Pin::cid))
        .toList();
  }

  private static List<PeerState> sortedPeers(List<PeerState> peers) {
    return peers.stream().sorted(Comparator.comparing(PeerState::id)).toList();
  }
}
