package org.pinring.libp2p.internal.host;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pinring.multiformats.Multiaddr;
import org.pinring.runtime.Clock;

/**
 * Addresses of this node as peers report seeing them (identify's {@code observedAddr}), and which
 * of them enough distinct observers agree on to be advertised.
 *
 * <p>An address is confirmed while observers in at least {@code confirmations} distinct {@link
 * ObserverGroup}s (IPv4 /16, IPv6 /56, by the observer's address as this node sees it) reported it
 * within the last {@code ttl}. Counting groups rather than peer IDs keeps one machine, or one
 * network, that runs many peer IDs from confirming an address on its own; go-libp2p's
 * observed-address manager does the same with an activation threshold of 4 (it groups IPv4 by whole
 * address, see decision 60). js-libp2p instead stores identify observations unconfirmed and
 * confirms them by AutoNAT dial-backs, and ignores TCP observations altogether because outbound TCP
 * connections show ephemeral ports; here those simply never reach the threshold, since each
 * observer sees a different port.
 *
 * <p>Bounded: at most {@link #MAX_ADDRESSES} addresses are tracked (new ones are ignored when full)
 * and at most {@code max(confirmations, 16)} observer groups per address; reports expire after
 * {@code ttl}. Thread-safe.
 */
public final class ObservedAddresses {

  /** Distinct observed addresses tracked at once. */
  public static final int MAX_ADDRESSES = 64;

  private static final int MIN_OBSERVERS_KEPT = 16;

  private final Clock clock;
  private final int confirmations;
  private final long ttlNanos;
  private final int maxObservers;
  private final Map<Multiaddr, Map<ObserverGroup, Long>> reports = new LinkedHashMap<>();
  private final Set<Multiaddr> confirmed = new LinkedHashSet<>();

  public ObservedAddresses(Clock clock, int confirmations, Duration ttl) {
    if (confirmations < 1 || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("confirmations and ttl must be positive");
    }
    this.clock = clock;
    this.confirmations = confirmations;
    this.ttlNanos = ttl.toNanos();
    this.maxObservers = Math.max(confirmations, MIN_OBSERVERS_KEPT);
  }

  /**
   * Records that an observer at {@code observer} (the address this node sees it at) sees this node
   * at {@code address} (without {@code /p2p}).
   *
   * @return true if this report confirmed the address (it was not confirmed before)
   */
  public synchronized boolean report(Multiaddr observer, Multiaddr address) {
    long now = clock.monotonicNanos();
    expire(now);
    Map<ObserverGroup, Long> observers = reports.get(address);
    if (observers == null) {
      if (reports.size() >= MAX_ADDRESSES) {
        return false;
      }
      observers = new HashMap<>();
      reports.put(address, observers);
    }
    ObserverGroup group = ObserverGroup.of(observer);
    if (observers.containsKey(group) || observers.size() < maxObservers) {
      observers.put(group, now);
    }
    return observers.size() >= confirmations && confirmed.add(address);
  }

  /** Confirmed addresses, in the order they were confirmed. */
  public synchronized List<Multiaddr> confirmed() {
    expire(clock.monotonicNanos());
    return List.copyOf(confirmed);
  }

  /** Every address some peer reported recently, confirmed or not. */
  public synchronized Set<Multiaddr> all() {
    expire(clock.monotonicNanos());
    return Set.copyOf(reports.keySet());
  }

  private void expire(long now) {
    List<Multiaddr> emptied = new ArrayList<>();
    for (Map.Entry<Multiaddr, Map<ObserverGroup, Long>> entry : reports.entrySet()) {
      Iterator<Long> times = entry.getValue().values().iterator();
      while (times.hasNext()) {
        if (now - times.next() >= ttlNanos) {
          times.remove();
        }
      }
      if (entry.getValue().size() < confirmations) {
        confirmed.remove(entry.getKey());
      }
      if (entry.getValue().isEmpty()) {
        emptied.add(entry.getKey());
      }
    }
    emptied.forEach(reports::remove);
  }
}
