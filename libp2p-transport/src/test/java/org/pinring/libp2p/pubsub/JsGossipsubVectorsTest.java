package org.pinring.libp2p.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pinring.libp2p.crypto.Keys;
import org.pinring.libp2p.crypto.PrivateKey;

/**
 * Signed messages, signatures and message ids exactly as js-libp2p gossipsub computes them; {@link
 * JsGossipsubVectorsRegenerationTest} proves the committed file is still what js prints.
 */
class JsGossipsubVectorsTest {

  private static final HexFormat HEX = HexFormat.of();

  static List<JsonNode> signedMessages() {
    return JsGossipsubVectors.list("signedMessages");
  }

  /** PinRing signs with Ed25519 only; messages of other key types are verified, not produced. */
  static List<JsonNode> ed25519SignedMessages() {
    return signedMessages().stream()
        .filter(v -> v.get("name").asText().startsWith("ed25519"))
        .toList();
  }

  static List<JsonNode> unsignedIds() {
    return JsGossipsubVectors.list("unsignedIds");
  }

  @ParameterizedTest
  @MethodSource("signedMessages")
  void jsSignedMessageVerifiesAndHasTheSameId(JsonNode vector) {
    RawMessage raw =
        RpcCodec.decodeMessage(HEX.parseHex(vector.get("message").asText()), RpcLimits.defaults());
    PubsubMessage message = structure(raw, SignaturePolicy.STRICT_SIGN);

    assertThat(HEX.formatHex(MessageAuthentication.signedBytes(raw)))
        .isEqualTo(vector.get("signedBytes").asText());
    assertThat(MessageAuthentication.signatureValid(raw, message)).isTrue();
    assertThat(message.author().orElseThrow().toString()).isEqualTo(vector.get("from").asText());
    assertThat(MessageIdFunction.strictSignDefault().apply(message).toString())
        .isEqualTo(vector.get("messageId").asText());
    assertThat(HEX.formatHex(message.data())).isEqualTo(vector.get("data").asText());
  }

  @ParameterizedTest
  @MethodSource("ed25519SignedMessages")
  void javaSignsByteForByteAsJs(JsonNode vector) {
    PrivateKey key = Keys.decodePrivateKey(HEX.parseHex(vector.get("privateKeyProtobuf").asText()));
    long seqno = ByteBuffer.wrap(HEX.parseHex(vector.get("seqno").asText())).getLong();
    RawMessage signed =
        MessageAuthentication.sign(
            key, vector.get("topic").asText(), HEX.parseHex(vector.get("data").asText()), seqno);

    assertThat(HEX.formatHex(RpcCodec.encodeMessage(signed)))
        .isEqualTo(vector.get("message").asText());
  }

  @ParameterizedTest
  @MethodSource("signedMessages")
  void acceptsTheMessageWithoutKeyAndRejectsTamperingLikeJs(JsonNode vector) {
    RawMessage raw =
        RpcCodec.decodeMessage(HEX.parseHex(vector.get("message").asText()), RpcLimits.defaults());
    RawMessage withoutKey = raw.withSignature(raw.signature(), null);
    PubsubMessage message = structure(withoutKey, SignaturePolicy.STRICT_SIGN);
    assertThat(MessageAuthentication.signatureValid(withoutKey, message))
        .isEqualTo(vector.get("validWithoutKey").asBoolean());

    byte[] data = raw.data() == null ? new byte[0] : raw.data();
    byte[] longer = java.util.Arrays.copyOf(data, data.length + 1);
    longer[data.length] = 1;
    RawMessage tampered =
        new RawMessage(raw.from(), longer, raw.seqno(), raw.topic(), raw.signature(), raw.key());
    assertThat(vector.get("tamperedDataError").asText()).isEqualTo("invalid_signature");
    assertThat(
            MessageAuthentication.signatureValid(
                tampered, structure(tampered, SignaturePolicy.STRICT_SIGN)))
        .isFalse();
  }

  @ParameterizedTest
  @MethodSource("unsignedIds")
  void contentIdsEqualJs(JsonNode vector) {
    RawMessage raw =
        MessageAuthentication.anonymous("t", HEX.parseHex(vector.get("data").asText()));
    PubsubMessage message = structure(raw, SignaturePolicy.STRICT_NO_SIGN);
    assertThat(vector.get("valid").asBoolean()).isTrue();
    assertThat(MessageIdFunction.contentDefault().apply(message).toString())
        .isEqualTo(vector.get("messageId").asText());
  }

  @ParameterizedTest
  @MethodSource("signedMessages")
  void policiesRejectTheOtherKind(JsonNode vector) {
    RawMessage signed =
        RpcCodec.decodeMessage(HEX.parseHex(vector.get("message").asText()), RpcLimits.defaults());
    StringBuilder why = new StringBuilder();
    assertThat(MessageAuthentication.structure(signed, SignaturePolicy.STRICT_NO_SIGN, why))
        .isEmpty();
    RawMessage anonymous =
        MessageAuthentication.anonymous("t", "x".getBytes(StandardCharsets.UTF_8));
    assertThat(MessageAuthentication.structure(anonymous, SignaturePolicy.STRICT_SIGN, why))
        .isEmpty();
    RawMessage shortSeqno =
        new RawMessage(
            signed.from(),
            signed.data(),
            new byte[7],
            signed.topic(),
            signed.signature(),
            signed.key());
    assertThat(MessageAuthentication.structure(shortSeqno, SignaturePolicy.STRICT_SIGN, why))
        .isEmpty();
  }

  private static PubsubMessage structure(RawMessage raw, SignaturePolicy policy) {
    StringBuilder why = new StringBuilder();
    return MessageAuthentication.structure(raw, policy, why)
        .orElseThrow(() -> new AssertionError(why.toString()));
  }
}
