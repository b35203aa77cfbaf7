package org.pinring.libp2p.internal.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Noise XX handshakes and ChaCha20-Poly1305 against vectors computed by js-libp2p's Noise
 * implementation ({@code interop/js/vectors/noise.mjs}); every AEAD provider must pass them.
 */
class JsNoiseVectorsTest {

  static final String RESOURCE = "/vectors/js-noise.json";
  private static final HexFormat HEX = HexFormat.of();

  static JsonNode vectors() throws IOException {
    try (InputStream in = JsNoiseVectorsTest.class.getResourceAsStream(RESOURCE)) {
      return new ObjectMapper().readTree(in);
    }
  }

  static List<AeadFactory> providers() {
    List<AeadFactory> providers = new ArrayList<>();
    providers.add(AeadFactory.jdk());
    AeadFactory.conscrypt().ifPresent(providers::add);
    return providers;
  }

  static List<Arguments> handshakes() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    for (AeadFactory provider : providers()) {
      for (JsonNode handshake : vectors().get("handshakes")) {
        cases.add(Arguments.of(provider, handshake));
      }
    }
    return cases;
  }

  static List<Arguments> aeadCases() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    for (AeadFactory provider : providers()) {
      for (JsonNode vector : vectors().get("aead")) {
        cases.add(Arguments.of(provider, vector));
      }
    }
    return cases;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("aeadCases")
  void chachaPolyMatchesTheRfc8439Vector(AeadFactory provider, JsonNode vector)
      throws AEADBadTagException {
    ChaChaPoly cipher = provider.create(bytes(vector, "key"));
    byte[] plaintext = bytes(vector, "plaintext");
    byte[] expected = bytes(vector, "ciphertext");
    ByteBuffer out = ByteBuffer.allocate(plaintext.length + ChaChaPoly.TAG_BYTES);

    cipher.seal(bytes(vector, "nonce"), bytes(vector, "ad"), ByteBuffer.wrap(plaintext), out);
    assertThat(out.array()).isEqualTo(expected);

    ByteBuffer opened = ByteBuffer.allocateDirect(plaintext.length);
    cipher.open(bytes(vector, "nonce"), bytes(vector, "ad"), ByteBuffer.wrap(expected), opened);
    byte[] decrypted = new byte[plaintext.length];
    opened.flip().get(decrypted);
    assertThat(decrypted).isEqualTo(plaintext);

    byte[] tampered = expected.clone();
    tampered[tampered.length - 1] ^= 1;
    assertThatThrownBy(
            () ->
                cipher.open(
                    bytes(vector, "nonce"),
                    bytes(vector, "ad"),
                    ByteBuffer.wrap(tampered),
                    ByteBuffer.allocate(plaintext.length)))
        .isInstanceOf(AEADBadTagException.class);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("handshakes")
  void xxHandshakeReproducesJsLibp2pByteForByte(AeadFactory provider, JsonNode vector)
      throws NoiseException {
    byte[] prologue = bytes(vector, "prologue");
    XxHandshakeState initiator =
        new XxHandshakeState(
            provider,
            true,
            prologue,
            X25519KeyPair.fromPrivateKey(bytes(vector, "initiatorStatic")),
            X25519KeyPair.fromPrivateKey(bytes(vector, "initiatorEphemeral")));
    XxHandshakeState responder =
        new XxHandshakeState(
            provider,
            false,
            prologue,
            X25519KeyPair.fromPrivateKey(bytes(vector, "responderStatic")),
            X25519KeyPair.fromPrivateKey(bytes(vector, "responderEphemeral")));
    JsonNode payloads = vector.get("payloads");
    JsonNode messages = vector.get("messages");

    byte[] a = initiator.writeMessage(HEX.parseHex(payloads.get(0).asText()));
    assertThat(HEX.formatHex(a)).isEqualTo(messages.get(0).asText());
    assertThat(responder.readMessage(a)).isEqualTo(HEX.parseHex(payloads.get(0).asText()));
    byte[] b = responder.writeMessage(HEX.parseHex(payloads.get(1).asText()));
    assertThat(HEX.formatHex(b)).isEqualTo(messages.get(1).asText());
    assertThat(initiator.readMessage(b)).isEqualTo(HEX.parseHex(payloads.get(1).asText()));
    byte[] c = initiator.writeMessage(HEX.parseHex(payloads.get(2).asText()));
    assertThat(HEX.formatHex(c)).isEqualTo(messages.get(2).asText());
    assertThat(responder.readMessage(c)).isEqualTo(HEX.parseHex(payloads.get(2).asText()));
    assertThat(HEX.formatHex(initiator.handshakeHash()))
        .isEqualTo(vector.get("handshakeHash").asText());
    assertThat(responder.handshakeHash()).isEqualTo(initiator.handshakeHash());

    CipherState[] initiatorCiphers = initiator.split();
    CipherState[] responderCiphers = responder.split();
    for (JsonNode message : vector.get("transport")) {
      boolean fromInitiator = message.get("sender").asText().equals("initiator");
      CipherState sender = fromInitiator ? initiatorCiphers[0] : responderCiphers[0];
      CipherState receiver = fromInitiator ? responderCiphers[1] : initiatorCiphers[1];
      byte[] plaintext = bytes(message, "plaintext");
      ByteBuffer ciphertext = ByteBuffer.allocate(plaintext.length + ChaChaPoly.TAG_BYTES);
      sender.encrypt(ByteBuffer.wrap(plaintext), ciphertext);
      assertThat(HEX.formatHex(ciphertext.array())).isEqualTo(message.get("ciphertext").asText());
      ByteBuffer decrypted = ByteBuffer.allocate(plaintext.length);
      receiver.decrypt(ciphertext.flip(), decrypted);
      assertThat(decrypted.array()).isEqualTo(plaintext);
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("handshakes")
  void everyTamperedHandshakeMessageIsRejected(AeadFactory provider, JsonNode vector) {
    byte[] message = HEX.parseHex(vector.get("messages").get(1).asText());
    for (int i = 0; i < message.length; i++) {
      XxHandshakeState initiator =
          new XxHandshakeState(
              provider,
              true,
              bytes(vector, "prologue"),
              X25519KeyPair.fromPrivateKey(bytes(vector, "initiatorStatic")),
              X25519KeyPair.fromPrivateKey(bytes(vector, "initiatorEphemeral")));
      initiator.writeMessage(HEX.parseHex(vector.get("payloads").get(0).asText()));
      byte[] tampered = message.clone();
      tampered[i] ^= 0x40;
      assertThatThrownBy(() -> initiator.readMessage(tampered)).isInstanceOf(NoiseException.class);
    }
  }

  private static byte[] bytes(JsonNode node, String field) {
    return HEX.parseHex(node.get(field).asText());
  }
}
