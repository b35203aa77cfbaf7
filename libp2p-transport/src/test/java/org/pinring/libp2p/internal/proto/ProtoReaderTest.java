package org.pinring.libp2p.internal.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The libp2p messages' protobuf reader: what it accepts, and that hostile input fails with {@link
 * ProtobufException} after a bounded amount of work, whatever its bytes.
 */
class ProtoReaderTest {

  private static final HexFormat HEX = HexFormat.of();

  /** Field 1 varint 150, field 2 bytes "hi", field 3 fixed32, field 4 fixed64, field 5 "ok". */
  private static final byte[] MESSAGE =
      HEX.parseHex("089601" + "12026869" + "1d01020304" + "210102030405060708" + "2a026f6b");

  @Test
  void readsEachWireTypeAndSkipsWhatItDoesNotNeed() {
    ProtoReader in = ProtoReader.of(MESSAGE);
    assertThat(in.nextField()).isEqualTo(1);
    assertThat(in.readVarintField()).isEqualTo(150);
    assertThat(in.nextField()).isEqualTo(2);
    assertThat(in.readBytesField(2)).containsExactly('h', 'i');
    assertThat(in.nextField()).isEqualTo(3);
    assertThat(in.wireType()).isEqualTo(ProtoReader.FIXED32);
    in.skipField();
    assertThat(in.nextField()).isEqualTo(4);
    in.skipField();
    assertThat(in.nextField()).isEqualTo(5);
    assertThat(in.readStringField(10)).isEqualTo("ok");
    assertThat(in.hasNext()).isFalse();
  }

  @Test
  void refusesOversizedTruncatedAndMistypedFields() {
    ProtoReader oversized = ProtoReader.of(HEX.parseHex("12026869"));
    oversized.nextField();
    assertThatThrownBy(() -> oversized.readBytesField(1))
        .isInstanceOf(ProtobufException.class)
        .hasMessageContaining("exceeds the limit of 1");

    ProtoReader truncated = ProtoReader.of(HEX.parseHex("120568"));
    truncated.nextField();
    assertThatThrownBy(() -> truncated.readBytesField(100))
        .isInstanceOf(ProtobufException.class)
        .hasMessageContaining("remain");

    ProtoReader mistyped = ProtoReader.of(HEX.parseHex("0801"));
    mistyped.nextField();
    assertThatThrownBy(() -> mistyped.readBytesField(100))
        .isInstanceOf(ProtobufException.class)
        .hasMessageContaining("wire type");

    assertThatThrownBy(() -> ProtoReader.of(HEX.parseHex("0b")).nextField())
        .as("a group")
        .isInstanceOf(ProtobufException.class);
    assertThatThrownBy(() -> ProtoReader.of(HEX.parseHex("00")).nextField())
        .as("field number 0")
        .isInstanceOf(ProtobufException.class);
  }

  /**
   * A length whose varint has the top bit set is negative as a long. Read as a length it must fail:
   * skipped, it once moved the reader backwards onto the same field, forever (the eleven bytes
   * below: field 15, length -11).
   */
  @Test
  void aNegativeLengthFailsInsteadOfMovingBackwards() {
    byte[] loop = HEX.parseHex("7a" + "f5ffffffffffffffff01");
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          ProtoReader in = ProtoReader.of(loop);
          assertThatThrownBy(
                  () -> {
                    while (in.hasNext()) {
                      in.nextField();
                      in.skipField();
                    }
                  })
              .isInstanceOf(ProtobufException.class);
        });
    ProtoReader read = ProtoReader.of(loop);
    read.nextField();
    assertThatThrownBy(() -> read.readBytesField(Integer.MAX_VALUE))
        .isInstanceOf(ProtobufException.class);
  }

  @Test
  void aVarintBeyondSixtyFourBitsFails() {
    assertThatThrownBy(() -> ProtoReader.of(HEX.parseHex("ffffffffffffffffff02")).readVarint())
        .isInstanceOf(ProtobufException.class);
    assertThat(ProtoReader.of(HEX.parseHex("ffffffffffffffffff01")).readVarint()).isEqualTo(-1L);
  }

  /** Whatever the bytes, reading every field ends, with values or a ProtobufException. */
  @Property(tries = 2000)
  void anyInputEndsOrFailsWithProtobufException(@ForAll byte[] input) {
    ProtoReader in = ProtoReader.of(input);
    int fields = 0;
    try {
      while (in.hasNext()) {
        in.nextField();
        if (in.wireType() == ProtoReader.LENGTH_DELIMITED && fields % 2 == 0) {
          in.readBytesField(input.length);
        } else {
          in.skipField();
        }
        fields++;
        assertThat(fields).isLessThanOrEqualTo(input.length);
      }
    } catch (ProtobufException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }
}
