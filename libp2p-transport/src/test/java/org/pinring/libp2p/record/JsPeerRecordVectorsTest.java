package org.pinring.libp2p.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.crypto.KeyType;
import org.pinring.libp2p.crypto.Keys;
import org.pinring.libp2p.crypto.PrivateKey;
import org.pinring.multiformats.Multiaddr;

/**
 * Signed envelopes and peer records byte for byte as js-libp2p's {@code @libp2p/peer-record} seals
 * them ({@code interop/js/vectors/peer-record.mjs}), and the same verdicts on tampered envelopes.
 */
class JsPeerRecordVectorsTest {

  private static final HexFormat HEX = HexFormat.of();

  static List<JsonNode> valid() {
    return JsPeerRecordVectors.list("valid");
  }

  static List<JsonNode> invalid() {
    return JsPeerRecordVectors.list("invalid");
  }

  @Test
  void domainAndPayloadTypeAreThoseOfJs() {
    JsonNode all = JsPeerRecordVectors.all();
    assertThat(PeerRecord.DOMAIN).isEqualTo(all.get("domain").asText());
    assertThat(HEX.formatHex(PeerRecord.payloadType())).isEqualTo(all.get("payloadType").asText());
  }

  @ParameterizedTest
  @MethodSource("valid")
  void encodesTheRecordAndTheSignedBytesAsJs(JsonNode vector) {
    PeerRecord record = recordOf(vector);

    assertThat(HEX.formatHex(record.encode())).isEqualTo(vector.get("payload").asText());
    assertThat(PeerRecord.decode(HEX.parseHex(vector.get("payload").asText()))).isEqualTo(record);
    assertThat(
            HEX.formatHex(
                SignedEnvelope.signedBytes(
                    PeerRecord.DOMAIN, PeerRecord.payloadType(), record.encode())))
        .isEqualTo(vector.get("signedBytes").asText());
  }

  @ParameterizedTest
  @MethodSource("valid")
  void opensWhatJsSealed(JsonNode vector) {
    byte[] envelope = HEX.parseHex(vector.get("envelope").asText());

    SignedPeerRecord opened = SignedPeerRecord.open(envelope);

    assertThat(opened.record()).isEqualTo(recordOf(vector));
    assertThat(opened.encode()).isEqualTo(envelope);
    assertThat(HEX.formatHex(opened.envelope().publicKey().toProtobuf()))
        .isEqualTo(vector.get("publicKeyProtobuf").asText());
    assertThat(HEX.formatHex(opened.envelope().signature()))
        .isEqualTo(vector.get("signature").asText());
    assertThat(opened.envelope().encode()).isEqualTo(envelope);
  }

  @ParameterizedTest
  @MethodSource("valid")
  void sealsTheSameBytesAsJsWithDeterministicSignatures(JsonNode vector) {
    byte[] keyProtobuf = HEX.parseHex(vector.get("privateKeyProtobuf").asText());
    if (!vector.get("keyType").asText().equals("Ed25519")) {
      // Only Ed25519 private keys are implemented (PinRing nodes sign with them); other key types
      // are checked by opensWhatJsSealed.
      assertThat(
              Keys.decodePublicKey(HEX.parseHex(vector.get("publicKeyProtobuf").asText())).type())
          .isNotEqualTo(KeyType.ED25519);
      return;
    }
    PrivateKey key = Keys.decodePrivateKey(keyProtobuf);

    SignedPeerRecord sealed = SignedPeerRecord.seal(key, recordOf(vector));

    assertThat(HEX.formatHex(sealed.encode())).isEqualTo(vector.get("envelope").asText());
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void reachesJsVerdictsStepByStepAndRefusesEveryTamperedEnvelope(JsonNode vector) {
    byte[] bytes = HEX.parseHex(vector.get("envelope").asText());
    JsonNode js = vector.get("js");
    SignedEnvelope envelope = SignedEnvelope.decode(bytes);

    assertThat(envelope.verify(PeerRecord.DOMAIN)).isEqualTo(js.get("signatureValid").asBoolean());
    assertThat(HEX.formatHex(envelope.payloadType())).isEqualTo(js.get("payloadType").asText());
    if (js.get("peerId").isNull()) {
      assertThatThrownBy(() -> PeerRecord.decode(envelope.payload()))
          .isInstanceOf(InvalidRecordException.class);
    } else {
      PeerRecord record = PeerRecord.decode(envelope.payload());
      assertThat(record.peerId().toString()).isEqualTo(js.get("peerId").asText());
      assertThat(record.peerId().matches(envelope.publicKey()))
          .isEqualTo(js.get("signerMatches").asBoolean());
      assertThat(Long.toUnsignedString(record.seq())).isEqualTo(js.get("seq").asText());
    }
    // js accepts the wrong payload type (it does not check it); the RFC and go-libp2p refuse it,
    // and so do we.
    assertThatThrownBy(() -> SignedPeerRecord.open(bytes))
        .isInstanceOf(InvalidRecordException.class);
  }

  static PeerRecord recordOf(JsonNode vector) {
    List<Multiaddr> addresses = new ArrayList<>();
    vector.get("addresses").forEach(a -> addresses.add(Multiaddr.parse(a.asText())));
    return new PeerRecord(
        PeerId.parse(vector.get("peerId").asText()),
        Long.parseUnsignedLong(vector.get("seq").asText()),
        addresses);
  }
}
