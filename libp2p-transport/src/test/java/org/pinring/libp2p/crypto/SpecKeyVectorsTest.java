package org.pinring.libp2p.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pinring.libp2p.PeerId;
import org.pinring.multiformats.MultihashAlgorithm;

/**
 * The key serialisation vectors of libp2p/specs {@code peer-ids/peer-ids.md}, section "Keys", "Test
 * vectors" (copied into {@code vectors/spec-peer-ids.json} with the spec commit they come from),
 * and the peer ID examples of its section "String representation".
 *
 * <p>The spec asks implementations to check that the public key can be produced from the private
 * key. PinRing decodes Ed25519 private keys only (the only kind it creates), so for the other types
 * this test derives the public key with Bouncy Castle or the JDK and compares it with what {@link
 * Keys#decodePublicKey} decoded, which checks the public key decoding against the spec's own key
 * pair.
 */
class SpecKeyVectorsTest {

  private static final String RESOURCE = "/vectors/spec-peer-ids.json";
  private static final HexFormat HEX = HexFormat.of();

  static JsonNode document() throws IOException {
    try (InputStream in = SpecKeyVectorsTest.class.getResourceAsStream(RESOURCE)) {
      return new ObjectMapper().readTree(in);
    }
  }

  static List<JsonNode> vectors() throws IOException {
    List<JsonNode> list = new ArrayList<>();
    document().get("vectors").forEach(list::add);
    return list;
  }

  @Test
  void coversEveryKeyTypeOfTheSpec() throws IOException {
    assertThat(vectors().stream().map(v -> v.get("type").asText()))
        .containsExactlyInAnyOrder("Ed25519", "Secp256k1", "ECDSA", "RSA");
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void publicKeyDecodesToItsTypeAndReEncodesToTheSameBytes(JsonNode vector) {
    byte[] protobuf = HEX.parseHex(vector.get("publicKeyProtobuf").asText());

    PublicKey key = Keys.decodePublicKey(protobuf);

    assertThat(key.type().name()).isEqualToIgnoringCase(vector.get("type").asText());
    assertThat(key.toProtobuf()).isEqualTo(protobuf);
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void peerIdInlinesShortKeysAndHashesLongOnes(JsonNode vector) {
    byte[] protobuf = HEX.parseHex(vector.get("publicKeyProtobuf").asText());
    PublicKey key = Keys.decodePublicKey(protobuf);

    PeerId peerId = PeerId.fromPublicKey(key);

    // peer-ids.md "Peer Ids": identity multihash up to 42 bytes of protobuf, sha2-256 above.
    MultihashAlgorithm expected =
        protobuf.length <= PeerId.MAX_INLINE_KEY_BYTES
            ? MultihashAlgorithm.IDENTITY
            : MultihashAlgorithm.SHA2_256;
    assertThat(peerId.multihash().algorithm()).contains(expected);
    assertThat(peerId.publicKey().isPresent()).isEqualTo(expected == MultihashAlgorithm.IDENTITY);
    assertThat(peerId.matches(key)).isTrue();
    assertThat(PeerId.parse(peerId.toString())).isEqualTo(peerId);
    assertThat(PeerId.parse(peerId.toCidString())).isEqualTo(peerId);
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void privateKeyProducesThePublicKey(JsonNode vector) {
    byte[] privateProtobuf = HEX.parseHex(vector.get("privateKeyProtobuf").asText());
    byte[] publicProtobuf = HEX.parseHex(vector.get("publicKeyProtobuf").asText());
    PublicKey publicKey = Keys.decodePublicKey(publicProtobuf);
    byte[] privateData = protobufData(privateProtobuf);

    switch (vector.get("type").asText()) {
      case "Ed25519" -> {
        PrivateKey key = Keys.decodePrivateKey(privateProtobuf);
        assertThat(key.toProtobuf()).isEqualTo(privateProtobuf);
        assertThat(key.publicKey()).isEqualTo(publicKey);
        byte[] message = "peer-ids spec vector".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(publicKey.verify(message, key.sign(message))).isTrue();
      }
      case "Secp256k1" -> {
        // Bitcoin encoding: the private key is the 32-byte scalar, the public key a compressed
        // point.
        ECPoint point = curve("secp256k1").getG().multiply(new BigInteger(1, privateData));
        assertThat(point.getEncoded(true)).isEqualTo(publicKey.raw());
      }
      case "ECDSA" -> {
        // The private key is a SEC 1 ECPrivateKey (RFC 5915) on P-256; the public key PKIX, whose
        // last 65 bytes are the uncompressed point.
        BigInteger scalar = ECPrivateKey.getInstance(privateData).getKey();
        byte[] point = curve("secp256r1").getG().multiply(scalar).getEncoded(false);
        byte[] pkix = publicKey.raw();
        assertThat(Arrays.copyOfRange(pkix, pkix.length - point.length, pkix.length))
            .isEqualTo(point);
      }
      case "RSA" -> {
        org.bouncycastle.asn1.pkcs.RSAPrivateKey pkcs1 =
            org.bouncycastle.asn1.pkcs.RSAPrivateKey.getInstance(privateData);
        byte[] pkix = rsaPkix(pkcs1.getModulus(), pkcs1.getPublicExponent());
        assertThat(pkix).isEqualTo(publicKey.raw());
      }
      default -> throw new AssertionError("unexpected key type " + vector.get("type"));
    }
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void privateKeysOtherThanEd25519AreRefusedWithATypedError(JsonNode vector) {
    if (vector.get("type").asText().equals("Ed25519")) {
      return;
    }
    byte[] privateProtobuf = HEX.parseHex(vector.get("privateKeyProtobuf").asText());

    assertThatThrownBy(() -> Keys.decodePrivateKey(privateProtobuf))
        .isInstanceOf(InvalidKeyException.class);
  }

  @Test
  void parsesTheSpecPeerIdExamples() throws IOException {
    JsonNode examples = document().get("examples");

    PeerId inline = PeerId.parse(examples.get("ed25519IdentityBase58").asText());
    assertThat(inline.publicKey()).isPresent();
    assertThat(inline.publicKey().get().type()).isEqualTo(KeyType.ED25519);
    assertThat(inline.toString()).isEqualTo(examples.get("ed25519IdentityBase58").asText());

    PeerId hashed = PeerId.parse(examples.get("sha256Base58").asText());
    assertThat(hashed.multihash().algorithm()).contains(MultihashAlgorithm.SHA2_256);
    assertThat(hashed.publicKey()).isEmpty();
    assertThat(hashed.toString()).isEqualTo(examples.get("sha256Base58").asText());

    PeerId fromCid = PeerId.parse(examples.get("sha256Cid").asText());
    assertThat(fromCid.multihash().algorithm()).contains(MultihashAlgorithm.SHA2_256);
    assertThat(fromCid.toCidString()).isEqualTo(examples.get("sha256Cid").asText());
  }

  /** The Data field of a key protobuf whose Type (field 1) and Data (field 2) are canonical. */
  private static byte[] protobufData(byte[] protobuf) {
    // 0x08 <type> 0x12 <varint length> <data>
    int index = 3;
    int length = 0;
    int shift = 0;
    while (true) {
      int b = protobuf[index++] & 0xff;
      length |= (b & 0x7f) << shift;
      if (b < 0x80) {
        break;
      }
      shift += 7;
    }
    assertThat(protobuf.length - index).isEqualTo(length);
    return Arrays.copyOfRange(protobuf, index, protobuf.length);
  }

  private static X9ECParameters curve(String name) {
    return CustomNamedCurves.getByName(name);
  }

  private static byte[] rsaPkix(BigInteger modulus, BigInteger exponent) {
    try {
      return KeyFactory.getInstance("RSA")
          .generatePublic(new RSAPublicKeySpec(modulus, exponent))
          .getEncoded();
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}
