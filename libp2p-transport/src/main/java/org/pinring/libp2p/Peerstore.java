package org.pinring.libp2p;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
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
 * What this node knows about other peers: addresses (each with an expiry, and certified when they
 * come from the peer's signed peer record), protocols, identity keys, agent versions and signed
 * peer records. Thread-safe. Bounded: at most {@link #MAX_PEERS} peers (the least recently updated
 * is forgotten first), {@link #MAX_ADDRESSES_PER_PEER} addresses and {@link
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
    final Set<Multiaddr> certified = new HashSet<>();
    Set<String> protocols = Set.of();
    PublicKey publicKey;
    String agentVersion;
    SignedPeerRecord peerRecord;
  }

  public Peerstore(Clock clock) {
    this.clock = clock;
  }

  /**
   * Adds or refreshes addresses of {@code peer}, valid for {@code ttl}. New addresses are
   * uncertified; an address already certified stays so.
   */
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
    removeExpiredAddresses(entry);
    return new ArrayList<>(entry.addressExpiry.keySet());
  }

  /**
   * The unexpired addresses of {@code peer} taken from its signed peer record (a subset of {@link
   * #addresses}).
   */
  public synchronized List<Multiaddr> certifiedAddresses(PeerId peer) {
    Entry entry = entries.get(peer);
    if (entry == null) {
      return List.of();
    }
    removeExpiredAddresses(entry);
    List<Multiaddr> certified = new ArrayList<>();
    for (Multiaddr address : entry.addressExpiry.keySet()) {
      if (entry.certified.contains(address)) {
        certified.add(address);
      }
    }
    return certified;
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
   * seq is held (RFC 0003: a record supersedes only older ones; a stale one changes nothing, and
   * the held record received again only refreshes its addresses' expiry). A kept record's addresses
   * replace every address held for the peer, certified or not, as js-libp2p's identify does: the
   * peer itself says where it listens now. They are certified and valid for {@code ttl} (or longer
   * if an address was already held longer). The record has been verified by {@link
   * SignedPeerRecord#open} or sealed locally.
   *
   * @return true if the record was newer and is now held
   */
  public synchronized boolean consumePeerRecord(SignedPeerRecord record, Duration ttl) {
    Entry held = entries.get(record.peerId());
    if (held != null && held.peerRecord != null && !record.supersedes(held.peerRecord)) {
      if (held.peerRecord.equals(record)) {
        putCertified(held, record, ttl);
      }
      return false;
    }
    Entry entry = entry(record.peerId());
    entry.peerRecord = record;
    removeExpiredAddresses(entry);
    entry.addressExpiry.keySet().retainAll(plainAddresses(record));
    entry.certified.clear();
    putCertified(entry, record, ttl);
    return true;
  }

  private void putCertified(Entry entry, SignedPeerRecord record, Duration ttl) {
    long expiry = saturatingAdd(clock.monotonicNanos(), ttl.toNanos());
    for (Multiaddr plain : plainAddresses(record)) {
      Long before = entry.addressExpiry.get(plain);
      if (before == null && entry.addressExpiry.size() >= MAX_ADDRESSES_PER_PEER) {
        break;
      }
      entry.addressExpiry.put(plain, before == null ? expiry : Math.max(before, expiry));
      entry.certified.add(plain);
    }
  }

  private static Set<Multiaddr> plainAddresses(SignedPeerRecord record) {
    Set<Multiaddr> plain = new LinkedHashSet<>();
    for (Multiaddr address : record.record().addresses()) {
      plain.add(address.withoutPeerId());
    }
    return plain;
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
      removeExpiredAddresses(entry, now);
      if (entry.addressExpiry.isEmpty()
          && entry.protocols.isEmpty()
          && entry.publicKey == null
          && entry.agentVersion == null
          && entry.peerRecord == null) {
        entries.remove(e.getKey());
      }
    }
  }

  private void removeExpiredAddresses(Entry entry) {
    removeExpiredAddresses(entry, clock.monotonicNanos());
  }

  private static void removeExpiredAddresses(Entry entry, long now) {
    entry.addressExpiry.values().removeIf(expiry -> expiry - now <= 0);
    entry.certified.retainAll(entry.addressExpiry.keySet());
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
