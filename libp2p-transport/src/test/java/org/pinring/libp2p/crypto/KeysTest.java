package org.pinring.libp2p.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.pinring.libp2p.PeerId;

class KeysTest {

  @Property(tries = 200)
  void ed25519KeysRoundTripThroughTheirProtobufs(@ForAll @Size(32) byte[] seed) {
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(seed);

    assertThat(Keys.decodePrivateKey(key.toProtobuf())).isEqualTo(key);
    assertThat(Keys.decodePublicKey(key.publicKey().toProtobuf())).isEqualTo(key.publicKey());
    byte[] message = seed.clone();
    assertThat(key.publicKey().verify(message, key.sign(message))).isTrue();
  }

  @Property(tries = 300)
  void mutatedPublicKeyProtobufsFailOnlyWithInvalidKeyException(
      @ForAll @Size(32) byte[] seed, @ForAll("mutations") int[] mutation) {
    byte[] protobuf = Ed25519PrivateKey.fromSeed(seed).publicKey().toProtobuf();
    byte[] mutated = mutate(protobuf, mutation);
    try {
      PublicKey key = Keys.decodePublicKey(mutated);
      assertThat(key.toProtobuf()).isEqualTo(mutated);
    } catch (InvalidKeyException expected) {
      assertThat(expected).hasMessageNotContaining("null");
    }
  }

  @Property(tries = 300)
  void mutatedPrivateKeyProtobufsFailOnlyWithInvalidKeyException(
      @ForAll @Size(32) byte[] seed, @ForAll("mutations") int[] mutation) {
    byte[] protobuf = Ed25519PrivateKey.fromSeed(seed).toProtobuf();
    try {
      Keys.decodePrivateKey(mutate(protobuf, mutation));
    } catch (InvalidKeyException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Test
  void everyTruncationOfAKeyProtobufIsRejected() {
    byte[] protobuf = Ed25519PrivateKey.fromSeed(new byte[32]).publicKey().toProtobuf();
    for (int length = 0; length < protobuf.length; length++) {
      byte[] truncated = java.util.Arrays.copyOf(protobuf, length);
      assertThatThrownBy(() -> Keys.decodePublicKey(truncated))
          .isInstanceOf(InvalidKeyException.class);
    }
  }

  @Test
  void rejectsOversizedKeysBeforeParsing() {
    assertThatThrownBy(() -> Keys.decodePublicKey(new byte[Keys.MAX_PUBLIC_KEY_BYTES + 1]))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageContaining("exceeds");
  }

  @Test
  void rejectsNonCanonicalPublicKeyEncoding() {
    // Data before Type, as an encoder could write it: peer IDs hash exact bytes, so refuse it.
    byte[] canonical = Ed25519PrivateKey.fromSeed(new byte[32]).publicKey().toProtobuf();
    byte[] swapped = new byte[canonical.length];
    System.arraycopy(canonical, 2, swapped, 0, canonical.length - 2);
    System.arraycopy(canonical, 0, swapped, canonical.length - 2, 2);
    assertThatThrownBy(() -> Keys.decodePublicKey(swapped))
        .isInstanceOf(InvalidKeyException.class)
        .hasMessageContaining("canonical");
  }

  @Test
  void acceptsTheLegacyNinetySixByteEd25519PrivateKey() {
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(new byte[32]);
    byte[] raw = key.raw();
    byte[] legacy = java.util.Arrays.copyOf(raw, 96);
    System.arraycopy(raw, 32, legacy, 64, 32);
    assertThat(Ed25519PrivateKey.fromRaw(legacy)).isEqualTo(key);
    legacy[95] ^= 1;
    assertThatThrownBy(() -> Ed25519PrivateKey.fromRaw(legacy))
        .isInstanceOf(InvalidKeyException.class);
  }

  @Test
  void privateKeysNeverPrintSecrets() {
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(new byte[32]);
    assertThat(key.toString()).doesNotContain(HexFormat.of().formatHex(key.raw(), 0, 32));
  }

  @Test
  void rejectsMalformedEcdsaSignaturesWithoutThrowing() {
    PublicKey key = p256Key();
    assertThat(key.type()).isEqualTo(KeyType.ECDSA);
    assertThat(PeerId.fromPublicKey(key).publicKey()).isEmpty();
    assertThat(key.verify(new byte[1], new byte[] {0x30, 0x02, 0x02, 0x00})).isFalse();
    assertThat(key.verify(new byte[1], new byte[0])).isFalse();
  }

  /**
   * Signatures are remote input: crafted DER (indefinite and huge lengths, deep nesting, tagged and
   * constructed strings, empty integers) verifies as false for every key type, never throws.
   */
  @Test
  void craftedSignaturesVerifyAsFalse() {
    PublicKey ecdsa = p256Key();
    PublicKey secp256k1 =
        Secp256k1PublicKey.of(
            HexFormat.of()
                .parseHex("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"));
    PublicKey ed25519 = Ed25519PrivateKey.fromSeed(new byte[32]).publicKey();
    for (String hex : craftedDer()) {
      byte[] signature = HexFormat.of().parseHex(hex);
      for (PublicKey key : new PublicKey[] {ecdsa, secp256k1, ed25519}) {
        assertThat(key.verify(new byte[1], signature)).as(key + " " + hex).isFalse();
      }
    }
  }

  /** The same crafted DER as the body of an ECDSA public key fails with InvalidKeyException. */
  @Test
  void craftedEcdsaKeysFailWithInvalidKeyException() {
    for (String hex : craftedDer()) {
      byte[] der = HexFormat.of().parseHex(hex);
      assertThatThrownBy(() -> EcdsaPublicKey.of(der))
          .as(hex)
          .isInstanceOf(InvalidKeyException.class);
    }
  }

  private static String[] craftedDer() {
    return new String[] {
      "3080020101020101" + "0000",
      "3084ffffffff020101020101",
      "30890100000000000000",
      "3006020101028101",
      "30060200020101",
      "3008a0060201010201" + "01",
      "3008240602010102010" + "1",
      "30062303000101020101",
      "3003060180",
      "30" + "4e" + "30" + "4c" + "30" + "4a" + "30" + "48" + "3046" + "3044" + "00".repeat(68),
      "30" + "30".repeat(80),
      "308180" + "3080".repeat(64),
      "3006020101020101" + "00",
      "300702020001020101",
      "3003" + "a0" + "8180",
      "3005" + "bf" + "ffffffff7f",
    };
  }

  @Provide
  Arbitrary<int[]> mutations() {
    return Arbitraries.integers().between(0, 1 << 20).array(int[].class).ofMinSize(1).ofMaxSize(4);
  }

  /** Flips, truncates or extends the input depending on the mutation values. */
  static byte[] mutate(byte[] input, int[] mutation) {
    byte[] out = input.clone();
    for (int m : mutation) {
      int kind = m % 3;
      int position = (m / 3) % Math.max(1, out.length);
      if (kind == 0 && out.length > 0) {
        out[position] ^= (byte) (1 << (m % 8));
      } else if (kind == 1) {
        out = java.util.Arrays.copyOf(out, position);
      } else {
        out = java.util.Arrays.copyOf(out, out.length + 1 + m % 3);
      }
    }
    return out;
  }

  /** The P-256 key of the js vectors, in go-libp2p's PKIX form. */
  private static PublicKey p256Key() {
    return Keys.decodePublicKey(
        HexFormat.of()
            .parseHex(
                "0803125b3059301306072a8648ce3d020106082a8648ce3d03010703420004"
                    + "7452dca73fdf338425d51e37f7cd356530df3f324ba3c3dfb60ebdb5f0298c47"
                    + "2bc49be0d5edd7fc66fb6ce771285cba9c51c7a415e6797ce7728b422ad688d3"));
  }
}
