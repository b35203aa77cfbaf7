package org.pinring.libp2p.internal.host;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pinring.libp2p.PeerId;

/**
 * The host's open connections by peer, and the decisions over them: which of two cross-dialled
 * connections survives, which connection to trim when the limit is reached, which peers are
 * protected. It decides and marks; the host performs the closing.
 *
 * <p><b>Cross-dial de-duplication.</b> When A dials B while B dials A, each side ends up with one
 * outbound and one inbound connection to the other. Both sides keep the connections initiated by
 * the peer whose peer ID bytes are smaller (unsigned lexicographic order) and supersede the others:
 * both sides compute the same answer from values both know (the two peer IDs and who initiated each
 * connection), so exactly the same connections survive on both ends and at least one always does.
 * Several connections in the same direction (dials without a peer ID) are left alone.
 *
 * <p><b>Trimming order.</b> Connections to protected peers are never chosen. Among the rest,
 * superseded connections go first, then connections without streams (least recently active first),
 * then those with the fewest streams (least recently active first).
 *
 * <p>Thread-safe: every method is synchronized and only reads connection state that is safe to read
 * from any thread.
 */
public final class ConnectionManager {

  /**
   * What registering a connection decided.
   *
   * @param preferred the connection callers should use for this peer (the registered one unless it
   *     was superseded at once)
   * @param superseded connections superseded by this registration, to be drained and closed
   */
  public record Registration(Libp2pConnection preferred, List<Libp2pConnection> superseded) {
    public Registration {
      superseded = List.copyOf(superseded);
    }
  }

  private final PeerId local;
  private final Map<PeerId, List<Libp2pConnection>> byPeer = new HashMap<>();
  private final Map<PeerId, Set<String>> protections = new HashMap<>();
  private int count;

  public ConnectionManager(PeerId local) {
    this.local = local;
  }

  /** Adds an established connection and applies cross-dial de-duplication to its peer. */
  public synchronized Registration add(Libp2pConnection connection) {
    PeerId remote = connection.remotePeer();
    byPeer.computeIfAbsent(remote, peer -> new ArrayList<>()).add(connection);
    count++;
    // The connections to keep are the ones the smaller peer initiated: outbound here if we are
    // the smaller one.
    boolean keepOutbound = local.compareTo(remote) < 0;
    List<Libp2pConnection> open = new ArrayList<>();
    for (Libp2pConnection c : byPeer.get(remote)) {
      if (c.isOpen() && !c.isSuperseded()) {
        open.add(c);
      }
    }
    Optional<Libp2pConnection> keeper =
        open.stream().filter(c -> c.isOutbound() == keepOutbound).findFirst();
    if (keeper.isEmpty() || open.stream().allMatch(c -> c.isOutbound() == keepOutbound)) {
      return new Registration(connection, List.of());
    }
    List<Libp2pConnection> superseded = new ArrayList<>();
    for (Libp2pConnection c : open) {
      if (c.isOutbound() != keepOutbound) {
        c.supersede(keeper.get());
        superseded.add(c);
      }
    }
    Libp2pConnection preferred = connection.isSuperseded() ? keeper.get() : connection;
    return new Registration(preferred, superseded);
  }

  /**
   * Removes a closed connection.
   *
   * @return whether it was registered
   */
  public synchronized boolean remove(Libp2pConnection connection) {
    List<Libp2pConnection> list = byPeer.get(connection.remotePeer());
    if (list == null || !list.remove(connection)) {
      return false;
    }
    count--;
    if (list.isEmpty()) {
      byPeer.remove(connection.remotePeer());
    }
    return true;
  }

  /** An open connection to {@code peer} that is not superseded, if any. */
  public synchronized Optional<Libp2pConnection> usable(PeerId peer) {
    for (Libp2pConnection c : byPeer.getOrDefault(peer, List.of())) {
      if (c.isOpen() && !c.isSuperseded()) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** Registered connections to {@code peer}. */
  public synchronized List<Libp2pConnection> connections(PeerId peer) {
    return List.copyOf(byPeer.getOrDefault(peer, List.of()));
  }

  /** Every registered connection. */
  public synchronized List<Libp2pConnection> all() {
    List<Libp2pConnection> all = new ArrayList<>(count);
    byPeer.values().forEach(all::addAll);
    return all;
  }

  /** Registered connections that are open and not being closed: what the limit counts. */
  public synchronized int liveCount() {
    int live = 0;
    for (List<Libp2pConnection> list : byPeer.values()) {
      for (Libp2pConnection c : list) {
        if (c.isOpen() && !c.isClosing()) {
          live++;
        }
      }
    }
    return live;
  }

  /** Number of registered connections, inbound and outbound. */
  public synchronized int size() {
    return count;
  }

  /** Protects {@code peer} from trimming under {@code tag} (several tags may protect one peer). */
  public synchronized void protect(PeerId peer, String tag) {
    protections.computeIfAbsent(peer, p -> new HashSet<>()).add(tag);
  }

  /**
   * Removes the protection {@code tag} from {@code peer}.
   *
   * @return whether the peer is still protected (by other tags)
   */
  public synchronized boolean unprotect(PeerId peer, String tag) {
    Set<String> tags = protections.get(peer);
    if (tags == null) {
      return false;
    }
    tags.remove(tag);
    if (tags.isEmpty()) {
      protections.remove(peer);
      return false;
    }
    return true;
  }

  public synchronized boolean isProtected(PeerId peer) {
    return protections.containsKey(peer);
  }

  /**
   * The connection to close to make room, by the trimming order in the class description.
   *
   * @param spare a connection never chosen (the one just dialled), or null
   */
  public synchronized Optional<Libp2pConnection> trimCandidate(Libp2pConnection spare) {
    Comparator<Libp2pConnection> order =
        Comparator.comparing((Libp2pConnection c) -> !c.isSuperseded())
            .thenComparing(c -> c.streamCount() > 0)
            .thenComparingInt(Libp2pConnection::streamCount)
            .thenComparingLong(Libp2pConnection::lastActivityNanos);
    return all().stream()
        .filter(
            c ->
                c != spare
                    && c.isOpen()
                    && !c.isClosing()
                    && !protections.containsKey(c.remotePeer()))
        .min(order);
  }
}
