package org.pinring.multiformats;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.pinring.multiformats.internal.IpAddresses;

/**
 * The multiaddr protocols PinRing understands, with codes and value sizes from the multiaddr
 * protocol table ({@code multiformats/multiaddr/protocols.csv}). Each protocol converts its value
 * between the text and binary forms and validates it.
 */
public enum MultiaddrProtocol {
  IP4(4, "ip4", 32, Value.IP4),
  TCP(6, "tcp", 16, Value.PORT),
  DCCP(33, "dccp", 16, Value.PORT),
  IP6(41, "ip6", 128, Value.IP6),
  IP6ZONE(42, "ip6zone", Size.VARIABLE, Value.TEXT),
  IPCIDR(43, "ipcidr", 8, Value.CIDR),
  DNS(53, "dns", Size.VARIABLE, Value.DOMAIN),
  DNS4(54, "dns4", Size.VARIABLE, Value.DOMAIN),
  DNS6(55, "dns6", Size.VARIABLE, Value.DOMAIN),
  DNSADDR(56, "dnsaddr", Size.VARIABLE, Value.DOMAIN),
  SCTP(132, "sctp", 16, Value.PORT),
  UDP(273, "udp", 16, Value.PORT),
  P2P_WEBRTC_STAR(275, "p2p-webrtc-star", 0, Value.NONE),
  P2P_WEBRTC_DIRECT(276, "p2p-webrtc-direct", 0, Value.NONE),
  P2P_STARDUST(277, "p2p-stardust", 0, Value.NONE),
  WEBRTC_DIRECT(280, "webrtc-direct", 0, Value.NONE),
  WEBRTC(281, "webrtc", 0, Value.NONE),
  P2P_CIRCUIT(290, "p2p-circuit", 0, Value.NONE),
  UDT(301, "udt", 0, Value.NONE),
  UTP(302, "utp", 0, Value.NONE),
  P2P(421, "p2p", Size.VARIABLE, Value.PEER_ID),
  HTTPS(443, "https", 0, Value.NONE),
  TLS(448, "tls", 0, Value.NONE),
  SNI(449, "sni", Size.VARIABLE, Value.DOMAIN),
  NOISE(454, "noise", 0, Value.NONE),
  QUIC(460, "quic", 0, Value.NONE),
  QUIC_V1(461, "quic-v1", 0, Value.NONE),
  WEBTRANSPORT(465, "webtransport", 0, Value.NONE),
  CERTHASH(466, "certhash", Size.VARIABLE, Value.CERTHASH),
  WS(477, "ws", 0, Value.NONE),
  WSS(478, "wss", 0, Value.NONE),
  P2P_WEBSOCKET_STAR(479, "p2p-websocket-star", 0, Value.NONE),
  HTTP(480, "http", 0, Value.NONE),
  MEMORY(777, "memory", Size.VARIABLE, Value.TEXT);

  /** Bound on one variable-length value, checked before it is read. */
  public static final int MAX_VALUE_BYTES = 512;

  private static final class Size {
    static final int VARIABLE = -1;
  }

  private static final Map<Long, MultiaddrProtocol> BY_CODE = new HashMap<>();
  private static final Map<String, MultiaddrProtocol> BY_NAME = new HashMap<>();

  static {
    for (MultiaddrProtocol protocol : values()) {
      BY_CODE.put(protocol.code, protocol);
      BY_NAME.put(protocol.protocolName, protocol);
    }
    // The table keeps /ipfs as an input alias of /p2p; output always says p2p.
    BY_NAME.put("ipfs", P2P);
  }

  private final long code;
  private final String protocolName;
  private final int sizeBits;
  private final Value value;

  MultiaddrProtocol(long code, String protocolName, int sizeBits, Value value) {
    this.code = code;
    this.protocolName = protocolName;
    this.sizeBits = sizeBits;
    this.value = value;
  }

  public long code() {
    return code;
  }

  /** The table name, e.g. {@code quic-v1}. */
  public String protocolName() {
    return protocolName;
  }

  /** True if the protocol carries a value, e.g. an address or port. */
  public boolean hasValue() {
    return sizeBits != 0;
  }

  /** True if the value is length-prefixed in the binary form. */
  public boolean isVariableSize() {
    return sizeBits == Size.VARIABLE;
  }

  /** Byte length of a fixed-size value, 0 for none; meaningless if variable. */
  public int fixedValueBytes() {
    return Math.max(sizeBits, 0) / 8;
  }

  /** The protocol with this code, if known. */
  public static Optional<MultiaddrProtocol> forCode(long code) {
    return Optional.ofNullable(BY_CODE.get(code));
  }

  /** The protocol with this name (or the {@code ipfs} alias), if known. */
  public static Optional<MultiaddrProtocol> forName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /**
   * The binary value for the text value.
   *
   * @throws InvalidMultiaddrException if the text is not a valid value of this protocol
   */
  byte[] parseValue(String text) {
    byte[] bytes = value.parse(this, text);
    if (bytes.length > MAX_VALUE_BYTES) {
      throw invalid(this, text, "value longer than " + MAX_VALUE_BYTES + " bytes");
    }
    return bytes;
  }

  /**
   * The text value for the binary value.
   *
   * @throws InvalidMultiaddrException if the bytes are not a valid value of this protocol
   */
  String formatValue(byte[] bytes) {
    return value.format(this, bytes);
  }

  private static InvalidMultiaddrException invalid(
      MultiaddrProtocol protocol, String text, String why) {
    return new InvalidMultiaddrException(
        "invalid /" + protocol.protocolName + " value '" + text + "': " + why);
  }

  /** Conversions between the two forms of a value, one per kind of value. */
  private enum Value {
    NONE {
      @Override
      byte[] parse(MultiaddrProtocol p, String text) {
        throw new AssertionError("no value");
      }

      @Override
      String format(MultiaddrProtocol p, byte[] bytes) {
        throw new AssertionError("no value");
      }
    },
    IP4 {
      @Override
      byte[] parse(MultiaddrProtocol p, String text) {
        byte[] address = IpAddresses.parseIp4(text);
        if (address == null) {
          throw invalid(p, text, "expected four decimal numbers 0-255 without leading zeros");
        }
        return address;
      }

      @Override
      String format(MultiaddrProtocol p, byte[] bytes) {
        return IpAddresses.formatIp4(bytes);
      }
    },
    IP6 {
      @Override
      byte[] parse(MultiaddrProtocol p, String text) {
        byte[] address = IpAddresses.parseIp6(text);
        if (address == null) {
          throw invalid(p, text, "not an IPv6 address");
        }
        return address;
      }

      @Override
      String format(MultiaddrProtocol p, byte[] bytes) {
        return IpAddresses.formatIp6(bytes);
      }
    },
    PORT {
      @Override
      byte[] parse(MultiaddrProtocol p, String text) {
        if (text.isEmpty()
            || text.length() > 5
            || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
          throw invalid(p, text, "expected a port number 0-65535");
        }
        int port = Integer.parseInt(text);
        if (port > 65535) {
          throw invalid(p, text, "port numbers stop at 65535");
        }
        return new byte[] {(byte) (port >>> 8), (byte) port};
      }

      @Override
      String format(MultiaddrProtocol p, byte[] bytes) {
        return Integer.toString(((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF));
      }
    },
    CIDR {
      @Override
      byte[] parse(MultiaddrProtocol p, String text) {
        if (text.isEmpty()
            || text.length() > 3
            || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
          throw invalid(p, text, "expected a prefix length 0-255");
        }
        int bits = Integer.parseInt(text);
        if (bits > 255) {
          throw invalid(p, text, "expected a prefix length 0-255");
        }
        return new byte[] {(byte) bits};
      }

      @Override
      String format(MultiaddrProtocol p, byte[] bytes) {
        return Integer.toString(bytes[0] & 0xFF);
      }
    },
    TEXT {
      @Override
      byte[] parse(MultiaddrProtocol p, String text) {
        if (text.isEmpty()) {
          throw invalid(p, text, "must not be empty");
        }
        return text.getBytes(StandardCharsets.UTF_8);
      }

      @Override
      String format(MultiaddrProtocol p, byte[] bytes) {
        String text = Utf8.decodeStrict(bytes);
        if (text == null || text.isEmpty() || text.indexOf('/') >= 0) {
          throw new InvalidMultiaddrException(
              "/" + p.protocolName + " value is not non-empty UTF-8 text without '/'");
        }
        return text;
      }
    },
    DOMAIN {
      @Override
      byte[] parse(MultiaddrProtocol p, String text) {
        if (text.isEmpty()) {
          throw invalid(p, text, "a domain name must not be empty");
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 255) {
          throw invalid(p, text, "a domain name has at most 255 bytes");
        }
        return bytes;
      }

      @Override
      String format(MultiaddrProtocol p, byte[] bytes) {
        String text = TEXT.format(p, bytes);
        if (bytes.length > 255) {
          throw new InvalidMultiaddrException("/" + p.protocolName + " name longer than 255 bytes");
        }
        return text;
      }
    },
    PEER_ID {
      @Override
      byte[] parse(MultiaddrProtocol p, String text) {
        try {
          if (text.startsWith("Q") || text.startsWith("1")) {
            return Multihash.decode(Multibase.BASE58_BTC.decodeWithoutPrefix(text)).toBytes();
          }
          Cid cid = Cid.parse(text);
          if (cid.codec() != Multicodec.LIBP2P_KEY.code()) {
            throw invalid(
                p, text, "a peer ID CID must have the libp2p-key codec, not " + cid.codecName());
          }
          return cid.multihash().toBytes();
        } catch (InvalidMultiaddrException e) {
          throw e;
        } catch (MultiformatException e) {
          throw invalid(p, text, "not a peer ID (" + e.getMessage() + ")");
        }
      }

      @Override
      String format(MultiaddrProtocol p, byte[] bytes) {
        try {
          return Multihash.decode(bytes).toString();
        } catch (InvalidMultihashException e) {
          throw new InvalidMultiaddrException(
              "/p2p value is not a multihash: " + e.getMessage(), e);
        }
      }
    },
    CERTHASH {
      @Override
      byte[] parse(MultiaddrProtocol p, String text) {
        try {
          return Multihash.decode(Multibase.decode(text)).toBytes();
        } catch (MultiformatException e) {
          throw invalid(p, text, "expected a multibase-encoded multihash (" + e.getMessage() + ")");
        }
      }

      @Override
      String format(MultiaddrProtocol p, byte[] bytes) {
        try {
          return Multibase.BASE64_URL.encode(Multihash.decode(bytes).toBytes());
        } catch (InvalidMultihashException e) {
          throw new InvalidMultiaddrException(
              "/certhash value is not a multihash: " + e.getMessage(), e);
        }
      }
    };

    abstract byte[] parse(MultiaddrProtocol protocol, String text);

    abstract String format(MultiaddrProtocol protocol, byte[] bytes);
  }
}
