package org.pinring.libp2p.transport;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import org.pinring.multiformats.Multiaddr;
import org.pinring.multiformats.MultiaddrProtocol;

/** Conversions between TCP multiaddrs and socket addresses. */
public final class Addresses {

  private Addresses() {}

  /** {@code /ip4/.../tcp/N} or {@code /ip6/.../tcp/N} for a socket address. */
  public static Multiaddr toMultiaddr(SocketAddress socketAddress) {
    if (!(socketAddress instanceof InetSocketAddress inet)) {
      throw new IllegalArgumentException("not an IP socket address: " + socketAddress);
    }
    InetAddress address = inet.getAddress();
    String text = address.getHostAddress();
    int zone = text.indexOf('%');
    if (zone >= 0) {
      text = text.substring(0, zone);
    }
    MultiaddrProtocol ip =
        address instanceof Inet4Address ? MultiaddrProtocol.IP4 : MultiaddrProtocol.IP6;
    return Multiaddr.of(
        List.of(
            Multiaddr.Component.of(ip, text),
            Multiaddr.Component.of(MultiaddrProtocol.TCP, Integer.toString(inet.getPort()))));
  }

  /** The TCP port of {@code address}. */
  public static int tcpPort(Multiaddr address) {
    return Integer.parseInt(
        address
            .valueOf(MultiaddrProtocol.TCP)
            .orElseThrow(() -> new IllegalArgumentException("no /tcp in " + address)));
  }

  /** The first component (ip4, ip6, dns, dns4, dns6) and its value. */
  public static Multiaddr.Component host(Multiaddr address) {
    return address.components().get(0);
  }
}
