package org.pinring.libp2p;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pinring.libp2p.crypto.PublicKey;
import org.pinring.libp2p.record.SignedPeerRecord;
import org.pinring.multiformats.Multiaddr;
import org.pinring.runtime.Clock;

/**
 * What this node knows about other peers: addresses (each with an expiry), protocols, identity keys
 * and agent versions. Thread-safe. Bounded: at most {@link #MAX_PEERS} peers (the least recently
 * updated is forgotten first), {@link #MAX_ADDRESSES_PER_PEER} addresses and {@link
 * #MAX_PROTOCOLS_PER_PEER} protocols per peer.
 */
public final class Peerstore {

  public static final int MAX_PEERS = 10_000;
  public static final int MAX_ADDRESSES_PER_PEER = 32;
  public static final int MAX_PROTOCOLS_PER_PEER = 128;

  private final Clock clock;
  private final LinkedHashMap<PeerId, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

  private static final class Entry {
    final Map<Multiaddr, Long> addressExpiry = new LinkedHashMap<>();
    Set<String> protocols = Set.of();
    PublicKey publicKey;
    String agentVersion;
    SignedPeerRecord peerRecord;
  }

  public Peerstore(Clock clock) {
    this.clock = clock;
  }

  /** Adds or refreshes addresses of {@code peer}, valid for {@code ttl}. */
  public synchronized void addAddresses(
      PeerId peer, Collection<Multiaddr> addresses, Duration ttl) {
    Entry entry = entry(peer);
    long expiry = saturatingAdd(clock.monotonicNanos(), ttl.toNanos());
    for (Multiaddr address : addresses) {
      Multiaddr plain = address.withoutPeerId();
      Long previous = entry.addressExpiry.get(plain);
      if (previous == null && entry.addressExpiry.size() >= MAX_ADDRESSES_PER_PEER) {
        continue;
      }
      entry.addressExpiry.put(plain, previous == null ? expiry : Math.max(previous, expiry));
    }
  }

  /** The unexpired addresses of {@code peer} (without {@code /p2p}). */
  public synchronized List<Multiaddr> addresses(PeerId peer) {
    Entry entry = entries.get(peer);
    if (entry == null) {
      return List.of();
    }
    long now = clock.monotonicNanos();
    entry.addressExpiry.values().removeIf(expiry -> expiry - now <= 0);
    return new ArrayList<>(entry.addressExpiry.keySet());
  }

  /** Replaces the protocols {@code peer} supports; returns true if they changed. */
  public synchronized boolean setProtocols(PeerId peer, Collection<String> protocols) {
    Entry entry = entry(peer);
    Set<String> bounded = new LinkedHashSet<>();
    for (String protocol : protocols) {
      if (bounded.size() == MAX_PROTOCOLS_PER_PEER) {
        break;
      }
      bounded.add(protocol);
    }
    boolean changed = !entry.protocols.equals(bounded);
    entry.protocols = Set.copyOf(bounded);
    return changed;
  }

  /** The protocols {@code peer} announced (empty if unknown). */
  public synchronized Set<String> protocols(PeerId peer) {
    Entry entry = entries.get(peer);
    return entry == null ? Set.of() : entry.protocols;
  }

  /** Records the identity key of {@code peer}; it must match the peer ID. */
  public synchronized void putPublicKey(PeerId peer, PublicKey key) {
    if (!peer.matches(key)) {
      throw new IllegalArgumentException("key does not belong to " + peer);
    }
    entry(peer).publicKey = key;
  }

  /** The identity key of {@code peer}, if known (always for inline keys such as Ed25519). */
  public synchronized Optional<PublicKey> publicKey(PeerId peer) {
    Entry entry = entries.get(peer);
    if (entry != null && entry.publicKey != null) {
      return Optional.of(entry.publicKey);
    }
    return peer.publicKey();
  }

  /**
   * Keeps {@code record} as the signed peer record of its peer unless one with an equal or larger
   * seq is held (RFC 0003: a record supersedes only older ones), and adds its addresses, valid for
   * {@code ttl}. The record has been verified by {@link SignedPeerRecord#open} or sealed locally.
   *
   * @return true if the record was newer and is now held
   */
  public synchronized boolean consumePeerRecord(SignedPeerRecord record, Duration ttl) {
    Entry held = entries.get(record.peerId());
    if (held != null && held.peerRecord != null && !record.supersedes(held.peerRecord)) {
      return false;
    }
    entry(record.peerId()).peerRecord = record;
    addAddresses(record.peerId(), record.record().addresses(), ttl);
    return true;
  }

  /** The newest signed peer record held for {@code peer}. */
  public synchronized Optional<SignedPeerRecord> peerRecord(PeerId peer) {
    Entry entry = entries.get(peer);
    return entry == null ? Optional.empty() : Optional.ofNullable(entry.peerRecord);
  }

  public synchronized void setAgentVersion(PeerId peer, String agentVersion) {
    entry(peer).agentVersion = agentVersion;
  }

  public synchronized Optional<String> agentVersion(PeerId peer) {
    Entry entry = entries.get(peer);
    return entry == null ? Optional.empty() : Optional.ofNullable(entry.agentVersion);
  }

  /** Every peer with an entry. */
  public synchronized Set<PeerId> peers() {
    return Set.copyOf(entries.keySet());
  }

  /** Forgets expired addresses, and peers with nothing else known. */
  public synchronized void removeExpired() {
    long now = clock.monotonicNanos();
    Map<PeerId, Entry> copy = new HashMap<>(entries);
    for (Map.Entry<PeerId, Entry> e : copy.entrySet()) {
      Entry entry = e.getValue();
      entry.addressExpiry.values().removeIf(expiry -> expiry - now <= 0);
      if (entry.addressExpiry.isEmpty()
          && entry.protocols.isEmpty()
          && entry.publicKey == null
          && entry.agentVersion == null
          && entry.peerRecord == null) {
        entries.remove(e.getKey());
      }
    }
  }

  private Entry entry(PeerId peer) {
    Entry entry = entries.get(peer);
    if (entry == null) {
      if (entries.size() >= MAX_PEERS) {
        PeerId eldest = entries.keySet().iterator().next();
        entries.remove(eldest);
      }
      entry = new Entry();
      entries.put(peer, entry);
    }
    return entry;
  }

  private static long saturatingAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
