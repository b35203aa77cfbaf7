package org.pinring.allocator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.Multihash;
import org.pinring.runtime.SeededRandom;

/** Generated rings and pinsets for tests: deterministic for a seed. */
final class Fixtures {

  static final long MIB = 1L << 20;
  static final long GIB = 1L << 30;
  static final long TIB = 1L << 40;

  private Fixtures() {}

  /** A raw-codec CIDv1 whose sha2-256 "digest" is derived from {@code n} (not a real hash). */
  static Cid cid(long n) {
    byte[] digest = new byte[32];
    for (int word = 0; word < 4; word++) {
      long value = PlacementHash.mix64(n * 4 + word + 0x5EED);
      for (int b = 0; b < 8; b++) {
        digest[word * 8 + b] = (byte) (value >>> (8 * b));
      }
    }
    return Cid.v1(Multicodec.RAW, Multihash.of(Multicodec.SHA2_256.code(), digest));
  }

  static String peerId(int n) {
    return String.format(Locale.ROOT, "peer-%05d", n);
  }

  /** {@code count} equal peers of {@code capacity} bytes each, full reliability, no tags. */
  static List<PeerState> equalPeers(int count, long capacity) {
    List<PeerState> peers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      peers.add(PeerState.of(peerId(i), capacity));
    }
    return peers;
  }

  /** Peers with capacities log-uniform between {@code min} and {@code max}. */
  static List<PeerState> logUniformPeers(int count, long min, long max, long seed) {
    SeededRandom random = SeededRandom.fromSeed(seed);
    List<PeerState> peers = new ArrayList<>(count);
    double span = Math.log((double) max / min);
    for (int i = 0; i < count; i++) {
      long capacity = (long) (min * Math.exp(random.nextDouble() * span));
      peers.add(PeerState.of(peerId(i), capacity));
    }
    return peers;
  }

  /** Peers in {@code regions} regions, round-robin. */
  static List<PeerState> regionalPeers(int count, int regions, long capacity) {
    List<PeerState> peers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      peers.add(PeerState.of(peerId(i), capacity).withTags(Map.of("region", "r" + i % regions)));
    }
    return peers;
  }

  /** {@code count} pins of {@code size} bytes at replication {@code replication}. */
  static List<Pin> pins(int count, long size, int replication) {
    List<Pin> pins = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      pins.add(Pin.of(cid(i), size, replication));
    }
    return pins;
  }

  static PlacementProblem problem(List<Pin> pins, List<PeerState> peers) {
    return PlacementProblem.of(pins, peers, AllocatorConfig.DEFAULTS);
  }

  /** Copies that {@code after} places on peers that did not hold them in {@code before}. */
  static long moved(Placement before, Placement after) {
    long moved = 0;
    for (Pin pin : after.problem().pins()) {
      List<String> old = before.holdersOf(pin.cid());
      for (String peer : after.holdersOf(pin.cid())) {
        if (!old.contains(peer)) {
          moved++;
        }
      }
    }
    return moved;
  }
}
