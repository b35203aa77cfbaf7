package org.pinring.libp2p.internal.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.pinring.libp2p.crypto.Keys;
import org.pinring.libp2p.internal.proto.ProtoWriter;

/** The Noise handshake payload decoder against crafted and mutated payloads. */
class NoisePayloadTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final NoisePayload PAYLOAD =
      new NoisePayload(new byte[36], new byte[64], List.of("/yamux/1.0.0", "/mplex/6.7.0"));

  @Test
  void roundTrips() throws NoiseException {
    NoisePayload decoded = NoisePayload.decode(PAYLOAD.encode());
    assertThat(decoded.identityKey()).isEqualTo(PAYLOAD.identityKey());
    assertThat(decoded.identitySignature()).isEqualTo(PAYLOAD.identitySignature());
    assertThat(decoded.streamMuxers()).isEqualTo(PAYLOAD.streamMuxers());
  }

  @Test
  void fieldsAtTheirLimitsAreAcceptedAndOneByteMoreIsNot() throws NoiseException {
    byte[] atLimits =
        payload(
            Keys.MAX_PUBLIC_KEY_BYTES, NoisePayload.MAX_SIGNATURE_BYTES, NoisePayload.MAX_MUXERS);
    assertThat(NoisePayload.decode(atLimits).streamMuxers()).hasSize(NoisePayload.MAX_MUXERS);

    for (byte[] over :
        List.of(
            payload(Keys.MAX_PUBLIC_KEY_BYTES + 1, 64, 1),
            payload(36, NoisePayload.MAX_SIGNATURE_BYTES + 1, 1),
            payload(36, 64, NoisePayload.MAX_MUXERS + 1))) {
      assertThatThrownBy(() -> NoisePayload.decode(over)).isInstanceOf(NoiseException.class);
    }
  }

  /**
   * Negative and maximal lengths, in the payload and inside its extensions (whose bytes are read by
   * a second reader), fail with NoiseException.
   */
  @Test
  void negativeAndMaximalLengthsFailWithNoiseException() {
    String negative = "f5ffffffffffffffff01";
    String maximal = "ffffffffffffffffff01";
    String beyond64Bits = "ffffffffffffffffff7f";
    for (String hex :
        new String[] {
          "0a" + negative,
          "0a" + maximal,
          "0a" + beyond64Bits,
          "7a" + negative,
          "22" + "0b" + "12" + negative,
          "22" + "0b" + "7a" + negative,
          "22" + "0b" + "12" + maximal,
          "22" + "ffffffff0f",
        }) {
      byte[] bytes = HEX.parseHex(hex);
      assertThatThrownBy(() -> NoisePayload.decode(bytes))
          .as(hex)
          .isInstanceOf(NoiseException.class);
    }
  }

  @Property(tries = 1000)
  void mutatedPayloadsFailOnlyWithNoiseException(
      @ForAll @IntRange(min = 0, max = 1 << 20) int position, @ForAll byte value) {
    byte[] bytes = PAYLOAD.encode();
    bytes[position % bytes.length] = value;
    try {
      NoisePayload.decode(bytes);
    } catch (NoiseException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Property(tries = 1000)
  void anyBytesFailOnlyWithNoiseException(@ForAll @Size(max = 64) byte[] bytes) {
    try {
      NoisePayload.decode(bytes);
    } catch (NoiseException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  private static byte[] payload(int keyBytes, int signatureBytes, int muxers) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < muxers; i++) {
      ids.add("/muxer/" + i);
    }
    ProtoWriter extensions = new ProtoWriter();
    ids.forEach(id -> extensions.string(2, id));
    return new ProtoWriter()
        .bytes(1, new byte[keyBytes])
        .bytes(2, new byte[signatureBytes])
        .bytes(4, extensions.toByteArray())
        .toByteArray();
  }
}
