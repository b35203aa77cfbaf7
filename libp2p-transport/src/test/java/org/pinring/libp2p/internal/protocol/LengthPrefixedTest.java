package org.pinring.libp2p.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.pinring.libp2p.internal.proto.ProtobufException;

/** Varint length-prefixed messages: crafted prefixes at and beyond every bound. */
class LengthPrefixedTest {

  private static final HexFormat HEX = HexFormat.of();

  @Property(tries = 200)
  void roundTrips(@ForAll @Size(max = 300) byte[] message) {
    assertThat(LengthPrefixed.unframe(LengthPrefixed.frame(message), message.length))
        .isEqualTo(message);
  }

  @Test
  void aMessageOfExactlyTheLimitIsAcceptedAndOneByteMoreIsNot() {
    byte[] atLimit = LengthPrefixed.frame(new byte[200]);
    assertThat(LengthPrefixed.unframe(atLimit, 200)).hasSize(200);
    byte[] overLimit = LengthPrefixed.frame(new byte[201]);
    assertThatThrownBy(() -> LengthPrefixed.unframe(overLimit, 200))
        .isInstanceOf(ProtobufException.class)
        .hasMessageContaining("exceeds 200");
  }

  /**
   * Prefixes that claim the most a varint can: five bytes reaching 2^35 - 1, a sixth byte, a run of
   * continuation bytes with nothing after, and no bytes at all.
   */
  @Test
  void maximalAndUnterminatedPrefixesFailWithProtobufException() {
    for (String hex :
        new String[] {
          "ffffffff7f", "ffffffff0f", "ffffffffff01", "ffffffffffffffffff01", "ff", "ffff", ""
        }) {
      byte[] bytes = HEX.parseHex(hex);
      assertThatThrownBy(() -> LengthPrefixed.unframe(bytes, Integer.MAX_VALUE))
          .as(hex)
          .isInstanceOf(ProtobufException.class);
    }
  }

  @Test
  void aPrefixThatDisagreesWithTheDataFails() {
    assertThatThrownBy(() -> LengthPrefixed.unframe(HEX.parseHex("0301"), 100))
        .isInstanceOf(ProtobufException.class);
    assertThatThrownBy(() -> LengthPrefixed.unframe(HEX.parseHex("000102"), 100))
        .isInstanceOf(ProtobufException.class);
  }

  @Property(tries = 500)
  void anyInputIsAMessageOrAProtobufException(
      @ForAll @Size(max = 40) byte[] input, @ForAll @IntRange(min = 0, max = 64) int maxBytes) {
    try {
      byte[] message = LengthPrefixed.unframe(input, maxBytes);
      assertThat(LengthPrefixed.frame(message)).hasSizeLessThanOrEqualTo(input.length);
    } catch (ProtobufException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }
}
