package org.pinring.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pinring.multiformats.internal.IpAddresses;

class MultiaddrTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final String PEER = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";

  /** The scenario of the multiaddr specification's {@code test/multiaddr.feature}. */
  @Test
  void specificationScenario() {
    Multiaddr address = Multiaddr.parse("/ip4/192.0.2.42/tcp/443");

    assertThat(HEX.formatHex(address.toBytes())).isEqualTo("04c000022a0601bb");
    assertThat(address.components()).hasSize(2);
    assertThat(HEX.formatHex(address.components().get(0).toBytes())).isEqualTo("04c000022a");
    assertThat(HEX.formatHex(address.components().get(1).value())).isEqualTo("01bb");
    assertThat(address.components().get(1)).hasToString("/tcp/443");
    assertThat(Multiaddr.decode(HEX.parseHex("04c000022a0601bb")))
        .hasToString("/ip4/192.0.2.42/tcp/443");
  }

  @Test
  void readsIpfsAsAnAliasOfP2p() {
    Multiaddr legacy = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001/ipfs/" + PEER);

    assertThat(legacy).hasToString("/ip4/127.0.0.1/tcp/4001/p2p/" + PEER);
    assertThat(legacy).isEqualTo(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001/p2p/" + PEER));
  }

  @Test
  void acceptsPeerIdsAsCids() {
    Multihash peer = Multiaddr.parse("/p2p/" + PEER).peerId().orElseThrow();
    String asCid = Cid.v1(Multicodec.LIBP2P_KEY, peer).toString(Multibase.BASE36);

    assertThat(Multiaddr.parse("/p2p/" + asCid)).hasToString("/p2p/" + PEER);
    assertThatThrownBy(() -> Multiaddr.parse("/p2p/" + Cid.v1(Multicodec.RAW, peer)))
        .hasMessageContaining("libp2p-key codec");
  }

  @Test
  void handlesPeerIdComponents() {
    Multiaddr bare = Multiaddr.parse("/ip4/10.0.0.1/tcp/4001");
    Multihash peer = Multiaddr.parse("/p2p/" + PEER).peerId().orElseThrow();
    Multiaddr full = bare.withPeerId(peer);

    assertThat(full).hasToString("/ip4/10.0.0.1/tcp/4001/p2p/" + PEER);
    assertThat(full.peerId()).contains(peer);
    assertThat(full.withoutPeerId()).isEqualTo(bare);
    assertThat(bare.peerId()).isEmpty();
    assertThat(full.valueOf(MultiaddrProtocol.TCP)).contains("4001");
    assertThat(full.has(MultiaddrProtocol.UDP)).isFalse();
  }

  @Test
  void toleratesOneTrailingSlash() {
    assertThat(Multiaddr.parse("/ip4/1.2.3.4/tcp/5/")).hasToString("/ip4/1.2.3.4/tcp/5");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''| starts with '/'",
        "/| empty multiaddr",
        "ip4/1.2.3.4| starts with '/'",
        "/ip4| needs a value",
        "/ip4/1.2.3| four decimal numbers",
        "/ip4/256.0.0.1| four decimal numbers",
        "/ip4/01.2.3.4| without leading zeros",
        "/ip4/1.2.3.4.5| four decimal numbers",
        "/ip4/1.2.3.4/tcp| needs a value",
        "/ip4/1.2.3.4/tcp/65536| stop at 65535",
        "/ip4/1.2.3.4/tcp/-1| port number",
        "/ip4/1.2.3.4/tcp/0x10| port number",
        "/ip4/1.2.3.4/udp/123456| port number",
        "/ip6/:::1| not an IPv6 address",
        "/ip6/1:2:3:4:5:6:7:8:9| not an IPv6 address",
        "/ip6/1::2::3| not an IPv6 address",
        "/ip6/12345::| not an IPv6 address",
        "/ip6/::1:| not an IPv6 address",
        "/ip6/fe80::1%eth0| not an IPv6 address",
        "/unix/tmp/sock| unknown protocol 'unix'",
        "/foo/bar| unknown protocol 'foo'",
        "/ip4/1.2.3.4//tcp/5| empty protocol name",
        "/p2p/notapeer| not a peer ID",
        "/p2p/QmNotAPeer| not a peer ID",
        "/ipcidr/256| prefix length",
        "/certhash/zzz| multibase-encoded multihash",
      })
  void rejectsInvalidText(String text, String reason) {
    assertThatThrownBy(() -> Multiaddr.parse(text))
        .isInstanceOf(InvalidMultiaddrException.class)
        .hasMessageContaining(reason);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "| empty multiaddr",
        "04c00002| needs 4 bytes but only 3 remain",
        "0601| needs 2 bytes",
        "ff7f| unknown protocol code",
        "3500| value is empty",
        "3502ffff| UTF-8",
        "3501 2f| without '/'",
        "a50302aabb| not a multihash",
        "3580| malformed multiaddr",
        "35ff7f| exceeds the limit",
      })
  void rejectsInvalidBinary(String hex, String reason) {
    byte[] bytes = hex == null ? new byte[0] : HEX.parseHex(hex.replace(" ", ""));
    assertThatThrownBy(() -> Multiaddr.decode(bytes))
        .isInstanceOf(InvalidMultiaddrException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void boundsLength() {
    String longName = "a".repeat(250);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      text.append("/dns/").append(longName);
    }
    assertThatThrownBy(() -> Multiaddr.parse(text.toString()))
        .hasMessageContaining("exceeds the limit");
    assertThatThrownBy(() -> Multiaddr.parse("/" + "x".repeat(5000)))
        .hasMessageContaining("exceeds the limit");
  }

  @Property
  void ipv6TextRoundTripsAndAgreesWithTheJdk(@ForAll @Size(value = 16) byte[] address)
      throws Exception {
    String text = IpAddresses.formatIp6(address);

    assertThat(IpAddresses.parseIp6(text)).isEqualTo(address);
    // The JDK parses literals containing ':' without any DNS lookup.
    assertThat(InetAddress.getByName(text).getAddress()).isEqualTo(address);
    assertThat(Multiaddr.decode(Multiaddr.parse("/ip6/" + text).toBytes()))
        .hasToString("/ip6/" + text);
  }

  @Property
  void mutatedBytesFailOnlyWithTheDeclaredException(@ForAll int position, @ForAll byte value) {
    byte[] bytes = Multiaddr.parse("/dns4/example.com/tcp/443/tls/ws/p2p/" + PEER).toBytes();
    bytes[Math.floorMod(position, bytes.length)] = value;
    try {
      Multiaddr decoded = Multiaddr.decode(bytes);
      assertThat(Multiaddr.parse(decoded.toString())).isEqualTo(decoded);
    } catch (InvalidMultiaddrException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Property
  void mutatedTextFailsOnlyWithTheDeclaredException(@ForAll int position, @ForAll char value) {
    StringBuilder text = new StringBuilder("/ip6/2001:db8::1/udp/4001/quic-v1/p2p/" + PEER);
    text.setCharAt(Math.floorMod(position, text.length()), value);
    try {
      Multiaddr.parse(text.toString());
    } catch (InvalidMultiaddrException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Test
  void everyTruncationFailsCleanlyOrIsAShorterAddress() {
    byte[] bytes = Multiaddr.parse("/ip4/1.2.3.4/tcp/80/p2p/" + PEER).toBytes();
    for (int end = 0; end < bytes.length; end++) {
      byte[] prefix = Arrays.copyOf(bytes, end);
      try {
        Multiaddr decoded = Multiaddr.decode(prefix);
        assertThat(decoded.toBytes()).isEqualTo(prefix);
      } catch (InvalidMultiaddrException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }
}
