package org.pinring.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VarintTest {

  private static final HexFormat HEX = HexFormat.of();

  /** The examples of the unsigned-varint specification, plus the 63-bit limit. */
  @ParameterizedTest
  @CsvSource({
    "0, 00",
    "1, 01",
    "127, 7f",
    "128, 8001",
    "255, ff01",
    "300, ac02",
    "16384, 808001",
    "9223372036854775807, ffffffffffffffff7f",
  })
  void encodesTheSpecificationExamples(long value, String hex) {
    assertThat(HEX.formatHex(Varint.encode(value))).isEqualTo(hex);
    assertThat(Varint.decodeExact(HEX.parseHex(hex))).isEqualTo(value);
    assertThat(Varint.encodedLength(value)).isEqualTo(hex.length() / 2);
  }

  @ParameterizedTest
  @CsvSource({
    "8000, not minimally encoded",
    "ff00, not minimally encoded",
    "808000, not minimally encoded",
    "ffffffffffffffff80, longer than 9 bytes",
    "ffffffffffffffffff01, longer than 9 bytes",
    "80, input ends inside",
    "'', input ended",
  })
  void rejectsInvalidEncodings(String hex, String reason) {
    assertThatThrownBy(() -> Varint.decodeExact(HEX.parseHex(hex)))
        .isInstanceOf(InvalidVarintException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void rejectsTrailingBytesInExactDecoding() {
    assertThatThrownBy(() -> Varint.decodeExact(HEX.parseHex("0101")))
        .isInstanceOf(InvalidVarintException.class)
        .hasMessageContaining("unexpected");
  }

  @Test
  void refusesToEncodeNegativeValues() {
    assertThatThrownBy(() -> Varint.encode(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Property
  void roundTrips(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long value) {
    byte[] encoded = Varint.encode(value);
    assertThat(Varint.decodeExact(encoded)).isEqualTo(value);
    assertThat(Varint.read(ByteBuffer.wrap(encoded))).isEqualTo(value);
    ByteBuffer out = ByteBuffer.allocate(Varint.MAX_BYTES);
    Varint.write(value, out);
    assertThat(out.position()).isEqualTo(encoded.length);
  }

  @Property
  void incrementalDecodingAgreesAtEverySplit(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long value) {
    byte[] encoded = Varint.encode(value);
    for (int split = 0; split < encoded.length; split++) {
      assertThat(Varint.tryDecode(encoded, 0, split)).as("prefix of %d bytes", split).isNull();
    }
    assertThat(Varint.tryDecode(encoded, 0, encoded.length))
        .isEqualTo(new Varint.Decoded(value, encoded.length));

    VarintDecoder decoder = new VarintDecoder();
    for (int i = 0; i < encoded.length; i++) {
      boolean done = decoder.accept(encoded[i]);
      assertThat(done).isEqualTo(i == encoded.length - 1);
    }
    assertThat(decoder.value()).isEqualTo(value);
    decoder.reset();
    assertThat(decoder.bytesSeen()).isZero();
  }

  @Test
  void incrementalDecoderRejectsOverlongInputAsSoonAsItCan() {
    VarintDecoder decoder = new VarintDecoder();
    for (int i = 0; i < 8; i++) {
      assertThat(decoder.accept((byte) 0xFF)).isFalse();
    }
    assertThatThrownBy(() -> decoder.accept((byte) 0xFF))
        .isInstanceOf(InvalidVarintException.class);
  }
}
