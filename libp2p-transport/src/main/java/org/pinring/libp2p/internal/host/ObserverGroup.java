package org.pinring.libp2p.internal.host;

import java.util.HexFormat;
import java.util.List;
import org.pinring.multiformats.Multiaddr;
import org.pinring.multiformats.MultiaddrProtocol;

/**
 * The group an observer of this node's address counts in: observers in one group count as one when
 * an observed address is confirmed, because peer IDs cost nothing and one machine (or one network)
 * can run any number of them.
 *
 * <p>An IPv4 observer's group is its /16 ({@link #IPV4_PREFIX_BITS}), an IPv6 observer's its /56
 * ({@link #IPV6_PREFIX_BITS}, go-libp2p's choice: a common end-site delegation); an IPv4-mapped
 * IPv6 address counts as IPv4. Any other address (in-memory, simulated) is its own group, without
 * {@code /p2p}.
 *
 * @param key identifies the group; equal keys are the same group
 */
record ObserverGroup(String key) {

  /** Leading bits of an IPv4 observer address that make its group. */
  static final int IPV4_PREFIX_BITS = 16;

  /** Leading bits of an IPv6 observer address that make its group. */
  static final int IPV6_PREFIX_BITS = 56;

  private static final int IPV4_MAPPED_PREFIX_BYTES = 12;

  /** The group of an observer seen at {@code address} (a connection's remote address). */
  static ObserverGroup of(Multiaddr address) {
    List<Multiaddr.Component> components = address.components();
    if (!components.isEmpty()) {
      Multiaddr.Component host = components.get(0);
      byte[] ip = host.value();
      if (host.protocol() == MultiaddrProtocol.IP4 && ip.length == 4) {
        return ipv4(ip);
      }
      if (host.protocol() == MultiaddrProtocol.IP6 && ip.length == 16) {
        if (isIpv4Mapped(ip)) {
          byte[] v4 = new byte[4];
          System.arraycopy(ip, IPV4_MAPPED_PREFIX_BYTES, v4, 0, 4);
          return ipv4(v4);
        }
        return new ObserverGroup(
            "ip6/" + HexFormat.of().formatHex(prefix(ip, IPV6_PREFIX_BITS)) + "/56");
      }
    }
    return new ObserverGroup(address.withoutPeerId().toString());
  }

  private static ObserverGroup ipv4(byte[] ip) {
    byte[] group = prefix(ip, IPV4_PREFIX_BITS);
    StringBuilder key = new StringBuilder("ip4/");
    for (int i = 0; i < group.length; i++) {
      key.append(i == 0 ? "" : ".").append(group[i] & 0xff);
    }
    return new ObserverGroup(key.append("/16").toString());
  }

  /** {@code ip} with every bit after the first {@code bits} cleared. */
  private static byte[] prefix(byte[] ip, int bits) {
    byte[] masked = ip.clone();
    for (int i = 0; i < masked.length; i++) {
      int keep = Math.max(0, Math.min(8, bits - 8 * i));
      masked[i] &= (byte) (0xff << (8 - keep));
    }
    return masked;
  }

  private static boolean isIpv4Mapped(byte[] ip) {
    for (int i = 0; i < 10; i++) {
      if (ip[i] != 0) {
        return false;
      }
    }
    return ip[10] == (byte) 0xff && ip[11] == (byte) 0xff;
  }
}
