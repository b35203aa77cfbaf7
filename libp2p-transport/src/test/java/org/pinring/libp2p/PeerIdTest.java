package org.pinring.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.pinring.libp2p.crypto.Ed25519PrivateKey;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multibase;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.MultihashAlgorithm;

class PeerIdTest {

  @Property(tries = 200)
  void bothTextFormsAndTheBinaryFormRoundTrip(@ForAll @Size(32) byte[] seed) {
    PeerId id = PeerId.fromPublicKey(Ed25519PrivateKey.fromSeed(seed).publicKey());

    assertThat(id.toString()).startsWith("12D3KooW");
    assertThat(PeerId.parse(id.toString())).isEqualTo(id);
    assertThat(PeerId.parse(id.toCidString())).isEqualTo(id);
    assertThat(PeerId.parse(id.toCid().toString(Multibase.BASE36))).isEqualTo(id);
    assertThat(PeerId.decode(id.toBytes())).isEqualTo(id);
  }

  @Property(tries = 300)
  void mutatedTextFailsOnlyWithInvalidPeerIdException(
      @ForAll @Size(32) byte[] seed,
      @ForAll @IntRange(min = 0, max = 51) int position,
      @ForAll char replacement) {
    String text = PeerId.fromPublicKey(Ed25519PrivateKey.fromSeed(seed).publicKey()).toString();
    String mutated =
        text.substring(0, position % text.length())
            + replacement
            + text.substring(position % text.length() + 1);
    try {
      assertThat(PeerId.parse(mutated).toString()).isEqualTo(mutated);
    } catch (InvalidPeerIdException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Test
  void everyTruncationOfTheBinaryFormIsRejected() {
    byte[] bytes =
        PeerId.fromPublicKey(Ed25519PrivateKey.fromSeed(new byte[32]).publicKey()).toBytes();
    for (int length = 0; length < bytes.length; length++) {
      byte[] truncated = java.util.Arrays.copyOf(bytes, length);
      assertThatThrownBy(() -> PeerId.decode(truncated)).isInstanceOf(InvalidPeerIdException.class);
    }
  }

  /**
   * Crafted binary forms: maximal and negative varints as the code or the digest length, lengths
   * past the end, and an identity digest that is not a key protobuf.
   */
  @Test
  void craftedBinaryFormsFailWithInvalidPeerIdException() {
    String ones = "ffffffffffffffffff01";
    String negative = "f5ffffffffffffffff01";
    for (String hex :
        new String[] {
          "",
          "00",
          "00" + ones,
          "00" + negative,
          "00ffffffff0f",
          ones + "20" + "00".repeat(32),
          "12" + ones + "00".repeat(32),
          "12" + negative + "00".repeat(32),
          "1220" + "00".repeat(31),
          "1221" + "00".repeat(33),
          "002a" + "00".repeat(42),
          "002b" + "00".repeat(43),
        }) {
      byte[] bytes = HexFormat.of().parseHex(hex);
      assertThatThrownBy(() -> PeerId.decode(bytes))
          .as(hex)
          .isInstanceOf(InvalidPeerIdException.class);
    }
  }

  @Property(tries = 1000)
  void anyBinaryInputIsAPeerIdOrAnInvalidPeerIdException(@ForAll @Size(max = 50) byte[] bytes) {
    try {
      assertThat(PeerId.decode(bytes).toBytes()).isEqualTo(bytes);
    } catch (InvalidPeerIdException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Test
  void rejectsCidsOfOtherCodecsAndOtherHashes() {
    var digest = MultihashAlgorithm.SHA2_256.digest(new byte[] {1});
    assertThatThrownBy(() -> PeerId.parse(Cid.v1(Multicodec.RAW, digest).toString()))
        .isInstanceOf(InvalidPeerIdException.class)
        .hasMessageContaining("libp2p-key");
    var blake = MultihashAlgorithm.BLAKE2B_256.digest(new byte[] {1});
    assertThatThrownBy(() -> PeerId.fromMultihash(blake))
        .isInstanceOf(InvalidPeerIdException.class);
    assertThat(PeerId.fromMultihash(digest).publicKey()).isEmpty();
  }

  @Test
  void rejectsOverlongText() {
    assertThatThrownBy(() -> PeerId.parse("1".repeat(PeerId.MAX_TEXT_LENGTH + 1)))
        .isInstanceOf(InvalidPeerIdException.class);
    assertThatThrownBy(() -> PeerId.parse("")).isInstanceOf(InvalidPeerIdException.class);
  }
}
