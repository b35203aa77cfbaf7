package org.pinring.libp2p.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.pinring.libp2p.internal.proto.ProtoWriter;
import org.pinring.libp2p.internal.proto.ProtobufException;
import org.pinring.multiformats.Multiaddr;

/** The identify message codec, signedPeerRecord (field 8) included. */
class IdentifyMessageTest {

  private static final HexFormat HEX = HexFormat.of();

  @Property(tries = 200)
  void roundTrips(@ForAll("messages") IdentifyMessage message) {
    IdentifyMessage decoded = IdentifyMessage.decode(message.encode());

    assertThat(decoded.encode()).isEqualTo(message.encode());
    assertThat(decoded.signedPeerRecord()).isEqualTo(message.signedPeerRecord());
    assertThat(decoded.listenAddresses()).isEqualTo(message.listenAddresses());
    assertThat(decoded.protocols()).isEqualTo(message.protocols());
  }

  @Property(tries = 500)
  void mutatedMessagesFailOnlyWithProtobufException(
      @ForAll("messages") IdentifyMessage message,
      @ForAll @IntRange(min = 0, max = 100_000) int position,
      @ForAll byte value) {
    byte[] encoded = message.encode();
    if (encoded.length == 0) {
      return;
    }
    encoded[position % encoded.length] = value;
    try {
      IdentifyMessage decoded = IdentifyMessage.decode(encoded);
      assertThat(decoded.listenAddresses()).hasSizeLessThanOrEqualTo(IdentifyMessage.MAX_ADDRESSES);
    } catch (ProtobufException expected) {
      // the declared failure
    }
  }

  /**
   * Crafted multiaddrs as listen and observed addresses (maximal, negative and unterminated varint
   * codes and lengths, a value past the end, an unknown code) are left out; a message at its size
   * bound decodes and one byte more fails; negative lengths fail with ProtobufException.
   */
  @Test
  void craftedAddressesAreDroppedAndLengthsAtTheBoundsAreChecked() {
    String[] addresses = {
      "ffffffffffffffffff01",
      "f5ffffffffffffffff01",
      "ffffffff",
      "04c00002",
      "35ffffffffffffffff7f",
      "3580",
      "b1ffffffff0f00",
      "00",
    };
    for (String hex : addresses) {
      byte[] address = HEX.parseHex(hex);
      byte[] message =
          new ProtoWriter().bytes(2, address).bytes(4, address).string(3, "/p").toByteArray();
      IdentifyMessage decoded = IdentifyMessage.decode(message);
      assertThat(decoded.listenAddresses()).as(hex).isEmpty();
      assertThat(decoded.observedAddress()).as(hex).isEmpty();
      assertThat(decoded.protocols()).containsExactly("/p");
    }

    // Field 15 (unknown) with just enough payload to reach the bound exactly.
    int payload = IdentifyMessage.MAX_BYTES - 1 - 3;
    byte[] atBound = new ProtoWriter().bytes(15, new byte[payload]).toByteArray();
    assertThat(atBound).hasSize(IdentifyMessage.MAX_BYTES);
    assertThat(IdentifyMessage.decode(atBound).protocols()).isEmpty();
    byte[] overBound = new ProtoWriter().bytes(15, new byte[payload + 1]).toByteArray();
    assertThatThrownBy(() -> IdentifyMessage.decode(overBound))
        .isInstanceOf(ProtobufException.class);

    for (String hex : new String[] {"12f5ffffffffffffffff01", "7af5ffffffffffffffff01"}) {
      assertThatThrownBy(() -> IdentifyMessage.decode(HEX.parseHex(hex)))
          .as(hex)
          .isInstanceOf(ProtobufException.class);
    }
  }

  @Provide
  Arbitrary<IdentifyMessage> messages() {
    Arbitrary<byte[]> record =
        Arbitraries.bytes().array(byte[].class).ofMaxSize(300).injectNull(0.3);
    Arbitrary<List<Multiaddr>> addresses =
        Arbitraries.integers()
            .between(1, 65535)
            .map(port -> Multiaddr.parse("/ip4/192.0.2.1/tcp/" + port))
            .list()
            .ofMaxSize(4);
    Arbitrary<List<String>> protocols =
        Arbitraries.strings()
            .alpha()
            .ofMinLength(1)
            .ofMaxLength(20)
            .map(s -> "/" + s)
            .list()
            .ofMaxSize(5);
    return Combinators.combine(
            Arbitraries.strings().alpha().ofMaxLength(10).injectNull(0.2),
            addresses,
            protocols,
            record)
        .as(
            (agent, listen, protos, signed) ->
                new IdentifyMessage(
                    IdentifyService.PROTOCOL_VERSION,
                    agent,
                    null,
                    listen,
                    Optional.empty(),
                    protos,
                    signed));
  }
}
