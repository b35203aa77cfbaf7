package org.pinring.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
