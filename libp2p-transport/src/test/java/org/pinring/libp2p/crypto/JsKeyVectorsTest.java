package org.pinring.libp2p.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pinring.libp2p.PeerId;

/**
 * Key protobufs, peer IDs and signatures as js-libp2p computes them ({@code
 * interop/js/vectors/libp2p-keys.mjs}); {@link JsKeyVectorsRegenerationTest} proves the file is
 * still what js-libp2p prints.
 */
class JsKeyVectorsTest {

  static final String RESOURCE = "/vectors/js-libp2p-keys.json";
  private static final HexFormat HEX = HexFormat.of();

  static List<JsonNode> vectors() throws IOException {
    try (InputStream in = JsKeyVectorsTest.class.getResourceAsStream(RESOURCE)) {
      List<JsonNode> list = new ArrayList<>();
      new ObjectMapper().readTree(in).get("vectors").forEach(list::add);
      return list;
    }
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void publicKeyDecodesAndDerivesThePeerId(JsonNode vector) {
    byte[] protobuf = HEX.parseHex(vector.get("publicKeyProtobuf").asText());
    PublicKey key = Keys.decodePublicKey(protobuf);

    assertThat(key.toProtobuf()).isEqualTo(protobuf);
    PeerId peerId = PeerId.fromPublicKey(key);
    assertThat(peerId.toString()).isEqualTo(vector.get("peerId").asText());
    assertThat(peerId.toCidString()).isEqualTo(vector.get("peerIdCid").asText());
    assertThat(HEX.formatHex(peerId.toBytes())).isEqualTo(vector.get("peerIdBytes").asText());
    assertThat(PeerId.parse(vector.get("peerId").asText())).isEqualTo(peerId);
    assertThat(PeerId.parse(vector.get("peerIdCid").asText())).isEqualTo(peerId);
    assertThat(peerId.matches(key)).isTrue();
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void jsSignatureVerifies(JsonNode vector) {
    PublicKey key = Keys.decodePublicKey(HEX.parseHex(vector.get("publicKeyProtobuf").asText()));
    byte[] message = HEX.parseHex(vector.get("message").asText());
    byte[] signature = HEX.parseHex(vector.get("signature").asText());

    assertThat(key.verify(message, signature)).isTrue();
    byte[] other = message.clone();
    other[0] ^= 1;
    assertThat(key.verify(other, signature)).isFalse();
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void ed25519PrivateKeysRoundTripAndSignLikeJs(JsonNode vector) {
    if (!vector.get("type").asText().equals("Ed25519")) {
      return;
    }
    byte[] protobuf = HEX.parseHex(vector.get("privateKeyProtobuf").asText());
    PrivateKey key = Keys.decodePrivateKey(protobuf);

    assertThat(key.toProtobuf()).isEqualTo(protobuf);
    assertThat(HEX.formatHex(key.publicKey().toProtobuf()))
        .isEqualTo(vector.get("publicKeyProtobuf").asText());
    assertThat(HEX.formatHex(key.sign(HEX.parseHex(vector.get("message").asText()))))
        .isEqualTo(vector.get("signature").asText());
    assertThat(PeerId.fromPublicKey(key.publicKey()).publicKey()).contains(key.publicKey());
  }
}
