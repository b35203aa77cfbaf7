package org.pinring.allocator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.pinring.multiformats.Cid;

/**
 * The inputs of one placement in canonical form: what every policy sees. Building it sorts the
 * peers by id and the pins by their placement key, so the same inputs in any order make the same
 * problem, and precomputes the keys, budgets and weights the policies need.
 *
 * <p>Every peer given here is a candidate; the {@link Allocator} drops peers that are gone before
 * building a problem. Immutable and safe to share between threads.
 */
public final class PlacementProblem {

  /** Bound on the number of peers in one problem. */
  public static final int MAX_PEERS = 1 << 20;

  /** Bound on the number of pins in one problem (pin indices are packed into 24 bits). */
  public static final int MAX_PINS = 1 << 24;

  private final AllocatorConfig config;
  private final List<PeerState> peers;
  private final long[] peerKeys;
  private final long[] budgets;
  private final double[] weights;
  private final int[] candidates;
  private final List<Pin> pins;
  private final long[] pinKeys;
  private final long[] searchKeys;
  private final long[] pinSizes;
  private final byte[] replicationMins;
  private final byte[] replicationMaxes;
  private final boolean[] spreads;
  private final Map<String, Integer> peerIndex;
  private final Map<String, TagIndex> tagIndexes = new HashMap<>();

  private PlacementProblem(List<Pin> pins, List<PeerState> peers, AllocatorConfig config) {
    this.config = config;
    this.peers = sortPeers(peers);
    int n = this.peers.size();
    peerKeys = new long[n];
    budgets = new long[n];
    weights = new double[n];
    peerIndex = new HashMap<>(n * 2);
    int candidateCount = 0;
    for (int i = 0; i < n; i++) {
      PeerState peer = this.peers.get(i);
      peerIndex.put(peer.id(), i);
      peerKeys[i] = PlacementHash.peerKey(peer.id());
      budgets[i] = peer.freeBytes();
      weights[i] = peer.freeBytes() * config.reliabilityFactor(peer.reliability());
      if (weights[i] > 0) {
        candidateCount++;
      }
    }
    candidates = new int[candidateCount];
    for (int i = 0, c = 0; i < n; i++) {
      if (weights[i] > 0) {
        candidates[c++] = i;
      }
    }
    PinOrder order = PinOrder.of(pins);
    this.pins = order.pins();
    this.pinKeys = order.keys();
    searchKeys = new long[pinKeys.length];
    for (int x = 0; x < pinKeys.length; x++) {
      searchKeys[x] = pinKeys[x] ^ Long.MIN_VALUE;
    }
    pinSizes = order.sizes();
    long unknownSize = config.unknownPinSizeBytes();
    for (int x = 0; x < pinSizes.length; x++) {
      if (pinSizes[x] < 0) {
        pinSizes[x] = unknownSize;
      }
    }
    replicationMins = order.replicationMins();
    replicationMaxes = order.replicationMaxes();
    spreads = order.spreads();
  }

  /**
   * The canonical problem for these inputs.
   *
   * @throws IllegalArgumentException if a CID or a peer id appears twice, or a bound is exceeded
   */
  public static PlacementProblem of(List<Pin> pins, List<PeerState> peers, AllocatorConfig config) {
    Objects.requireNonNull(pins, "pins");
    Objects.requireNonNull(peers, "peers");
    Objects.requireNonNull(config, "config");
    if (pins.size() > MAX_PINS) {
      throw new IllegalArgumentException(
          "at most " + MAX_PINS + " pins per problem, not " + pins.size());
    }
    if (peers.size() > MAX_PEERS) {
      throw new IllegalArgumentException(
          "at most " + MAX_PEERS + " peers per problem, not " + peers.size());
    }
    return new PlacementProblem(pins, peers, config);
  }

  private static List<PeerState> sortPeers(List<PeerState> peers) {
    List<PeerState> sorted = new ArrayList<>(peers);
    sorted.sort(Comparator.comparing(PeerState::id));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).id().equals(sorted.get(i - 1).id())) {
        throw new IllegalArgumentException("peer " + sorted.get(i).id() + " is listed twice");
      }
    }
    return List.copyOf(sorted);
  }

  public AllocatorConfig config() {
    return config;
  }

  /** The peers, sorted by id. */
  public List<PeerState> peers() {
    return peers;
  }

  /** The pins in canonical order (by placement key, then CID). */
  public List<Pin> pins() {
    return pins;
  }

  /** The index of a pin in {@link #pins()}, or -1. */
  public int indexOf(Cid cid) {
    long key = PlacementHash.pinKey(cid.toBytes()) ^ Long.MIN_VALUE;
    int at = Arrays.binarySearch(searchKeys, key);
    if (at < 0) {
      return -1;
    }
    while (at > 0 && searchKeys[at - 1] == key) {
      at--;
    }
    for (; at < searchKeys.length && searchKeys[at] == key; at++) {
      if (pins.get(at).cid().equals(cid)) {
        return at;
      }
    }
    return -1;
  }

  /** The index of a peer in {@link #peers()}, or -1. */
  public int indexOfPeer(String id) {
    Integer index = peerIndex.get(id);
    return index == null ? -1 : index;
  }

  int peerCount() {
    return peers.size();
  }

  int pinCount() {
    return pins.size();
  }

  long peerKey(int peer) {
    return peerKeys[peer];
  }

  long pinKey(int pin) {
    return pinKeys[pin];
  }

  /** The pin's size in bytes, with unknown sizes replaced by the configured estimate. */
  long pinSize(int pin) {
    return pinSizes[pin];
  }

  /** {@link Pin#replicationMin()} of the pin at {@code pin} (read without touching the pin). */
  int replicationMin(int pin) {
    return replicationMins[pin];
  }

  /** {@link Pin#replicationMax()} of the pin at {@code pin}. */
  int replicationMax(int pin) {
    return replicationMaxes[pin];
  }

  /** Whether the pin at {@code pin} has a spread constraint. */
  boolean hasSpread(int pin) {
    return spreads[pin];
  }

  /** The space the peer can give to these pins. */
  long budget(int peer) {
    return budgets[peer];
  }

  /** The peer's placement weight: free space times its reliability factor. */
  double weight(int peer) {
    return weights[peer];
  }

  /** Indices of the peers with a positive weight, ascending: the only ones that get copies. */
  int[] candidates() {
    return candidates;
  }

  /** Values of one tag over the peers, built on first use. */
  synchronized TagIndex tagIndex(String tag) {
    return tagIndexes.computeIfAbsent(tag, t -> TagIndex.of(peers, t));
  }
}
