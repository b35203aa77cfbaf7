package org.pinring.libp2p;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.pinring.libp2p.internal.host.ObservedAddresses;
import org.pinring.multiformats.Multiaddr;
import org.pinring.multiformats.MultiaddrProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The addresses of this node: those it listens on and those peers observed and enough of them
 * confirmed; together, the ones identify advertises. Thread-safe.
 */
final class ListenAddresses {

  private static final Logger log = LoggerFactory.getLogger(ListenAddresses.class);

  private final List<Multiaddr> listening = new CopyOnWriteArrayList<>();
  private final ObservedAddresses observed;

  ListenAddresses(ObservedAddresses observed) {
    this.observed = observed;
  }

  /** Adds addresses now listened on (without {@code /p2p}). */
  void addListening(Collection<Multiaddr> addresses) {
    listening.addAll(addresses);
  }

  List<Multiaddr> listening() {
    return List.copyOf(listening);
  }

  /** The listen addresses, then the confirmed observed ones, without duplicates. */
  List<Multiaddr> advertised() {
    Set<Multiaddr> advertised = new LinkedHashSet<>(listening);
    advertised.addAll(observed.confirmed());
    return List.copyOf(advertised);
  }

  /** Every recently observed address, confirmed or not. */
  Set<Multiaddr> observed() {
    return observed.all();
  }

  List<Multiaddr> confirmedObserved() {
    return observed.confirmed();
  }

  /**
   * Records that an observer, seen here at {@code observer}, sees this node at {@code address}. An
   * address this node already listens on is ignored: it is advertised anyway.
   *
   * @return true if this report confirmed the address, which is now advertised
   */
  boolean reportObserved(Multiaddr observer, Multiaddr address) {
    Multiaddr plain = address.withoutPeerId();
    if (listening.contains(plain)) {
      return false;
    }
    return observed.report(observer, plain);
  }

  /**
   * {@code bound} with an unspecified IP ({@code 0.0.0.0}, {@code ::}) replaced by the addresses of
   * the machine's interfaces that are up, of the same family, link-local ones excepted.
   */
  static List<Multiaddr> expandUnspecified(Multiaddr bound) {
    if (!isUnspecified(bound)) {
      return List.of(bound);
    }
    List<InetAddress> interfaces = new ArrayList<>();
    try {
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (nif.isUp()) {
          interfaces.addAll(Collections.list(nif.getInetAddresses()));
        }
      }
    } catch (SocketException e) {
      log.debug("cannot list network interfaces", e);
    }
    return expandUnspecified(bound, interfaces);
  }

  /**
   * {@code bound} with an unspecified IP replaced by each of {@code interfaces} of the same family
   * (zone ids dropped, link-local addresses skipped); {@code bound} itself if it names a specific
   * IP or no interface address fits.
   */
  static List<Multiaddr> expandUnspecified(Multiaddr bound, Collection<InetAddress> interfaces) {
    if (!isUnspecified(bound)) {
      return List.of(bound);
    }
    Multiaddr.Component host = bound.components().get(0);
    boolean any4 = host.protocol() == MultiaddrProtocol.IP4;
    Set<Multiaddr> expanded = new LinkedHashSet<>();
    for (InetAddress inet : interfaces) {
      boolean matches = any4 ? inet instanceof Inet4Address : inet instanceof Inet6Address;
      if (matches && !inet.isLinkLocalAddress()) {
        List<Multiaddr.Component> parts = new ArrayList<>(bound.components());
        String text = inet.getHostAddress();
        int zone = text.indexOf('%');
        parts.set(
            0, Multiaddr.Component.of(host.protocol(), zone < 0 ? text : text.substring(0, zone)));
        expanded.add(Multiaddr.of(parts));
      }
    }
    return expanded.isEmpty() ? List.of(bound) : List.copyOf(expanded);
  }

  private static boolean isUnspecified(Multiaddr address) {
    Multiaddr.Component host = address.components().get(0);
    String value = host.valueText().orElse("");
    return (host.protocol() == MultiaddrProtocol.IP4 && value.equals("0.0.0.0"))
        || (host.protocol() == MultiaddrProtocol.IP6 && value.equals("::"));
  }
}
