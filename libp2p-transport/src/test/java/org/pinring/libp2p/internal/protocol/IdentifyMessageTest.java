package org.pinring.libp2p.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.pinring.libp2p.internal.proto.ProtobufException;
import org.pinring.multiformats.Multiaddr;

/** The identify message codec, signedPeerRecord (field 8) included. */
class IdentifyMessageTest {

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
