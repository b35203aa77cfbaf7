package org.pinring.libp2p.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pinring.libp2p.internal.protocol.JsIdentifyVectors.texts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.crypto.Ed25519PrivateKey;
import org.pinring.libp2p.record.SignedPeerRecord;
import org.pinring.multiformats.Multiaddr;

/**
 * Identify messages as js-libp2p encodes them (vectors/js-identify.json): they decode to the fields
 * js put in, survive our re-encoding, and their signed peer record is accepted exactly when the
 * sender signed it, also when the message arrives one byte at a time.
 */
class JsIdentifyVectorsTest {

  private static final HexFormat HEX = HexFormat.of();

  /** The generator's sender key: {@code generateKeyPairFromSeed('Ed25519', 32 × 0x07)}. */
  private static final Ed25519PrivateKey SENDER = seeded(7);

  static java.util.List<JsonNode> vectors() {
    return JsIdentifyVectors.vectors();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void decodesWhatJsEncodedAndReencodesTheSameFields(JsonNode vector) {
    IdentifyMessage decoded = IdentifyMessage.decode(HEX.parseHex(vector.get("message").asText()));

    assertFields(decoded, vector);
    assertFields(IdentifyMessage.decode(decoded.encode()), vector);
    assertThat(PeerId.fromPublicKey(SENDER.publicKey()).toString())
        .isEqualTo(vector.get("sender").asText());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void acceptsTheRecordOnlyWhenTheSenderSignedIt(JsonNode vector) {
    RecordingLocal local = new RecordingLocal(seeded(1), Multiaddr.parse("/ip4/192.0.2.1/tcp/1"));
    IdentifyService identify = new IdentifyService(local);
    ScriptedConnection connection =
        new ScriptedConnection(SENDER, Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"));
    byte[] framed = LengthPrefixed.frame(HEX.parseHex(vector.get("message").asText()));

    ScriptedStream stream = connection.inbound(IdentifyService.PUSH_PROTOCOL_ID);
    identify.pushHandler().onStream(stream);
    stream.receiveInChunks(framed, 1);

    assertThat(local.learned).hasSize(1);
    Optional<SignedPeerRecord> record = local.learned.get(0).record();
    boolean signedBySender =
        vector.get("recordSigner").asText("").equals(vector.get("sender").asText());
    assertThat(record.isPresent()).isEqualTo(signedBySender);
    if (signedBySender) {
      assertThat(record.get().encode())
          .isEqualTo(HEX.parseHex(vector.get("signedPeerRecord").asText()));
      assertThat(Long.toUnsignedString(record.get().record().seq()))
          .isEqualTo(vector.get("recordSeq").asText());
      assertThat(record.get().record().addresses().stream().map(Multiaddr::toString))
          .containsExactlyElementsOf(texts(vector.get("recordAddresses")));
    }
    assertThat(local.learned.get(0).message().protocols())
        .containsExactlyElementsOf(texts(vector.get("protocols")));
  }

  private static void assertFields(IdentifyMessage message, JsonNode vector) {
    assertThat(message.protocolVersion()).isEqualTo(vector.get("protocolVersion").textValue());
    assertThat(message.agentVersion()).isEqualTo(vector.get("agentVersion").textValue());
    assertThat(message.listenAddresses().stream().map(Multiaddr::toString))
        .containsExactlyElementsOf(texts(vector.get("listenAddrs")));
    assertThat(message.observedAddress().map(Multiaddr::toString).orElse(null))
        .isEqualTo(vector.get("observedAddr").textValue());
    assertThat(message.protocols()).containsExactlyElementsOf(texts(vector.get("protocols")));
    JsonNode record = vector.get("signedPeerRecord");
    if (record.isNull()) {
      assertThat(message.signedPeerRecord()).isNull();
    } else {
      assertThat(message.signedPeerRecord()).isEqualTo(HEX.parseHex(record.asText()));
    }
  }

  private static Ed25519PrivateKey seeded(int value) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) value);
    return Ed25519PrivateKey.fromSeed(seed);
  }
}
