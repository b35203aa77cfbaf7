package org.pinring.multiformats.ipld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The fast paths of {@link Utf8Text} agree with the strict codec they shortcut. */
class Utf8TextTest {

  @Property(tries = 500)
  void encodingEqualsTheStrictEncodingForValidText(@ForAll String text) {
    boolean valid = StandardCharsets.UTF_8.newEncoder().canEncode(text);
    if (valid) {
      assertThat(Utf8Text.encode(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
      byte[] bytes = Utf8Text.encode(text);
      assertThat(Utf8Text.decode(bytes, 0, bytes.length)).isEqualTo(text);
    } else {
      assertThatThrownBy(() -> Utf8Text.encode(text)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void unpairedSurrogatesAreStillRefused() {
    assertThatThrownBy(() -> Utf8Text.encode("a\uD800b"))
        .hasMessageContaining("unpaired surrogate");
  }

  @Test
  void asciiAndInvalidBytesDecodeAsBefore() {
    byte[] ascii = "plain key".getBytes(StandardCharsets.US_ASCII);
    assertThat(Utf8Text.decode(ascii, 6, 3)).isEqualTo("key");
    byte[] invalid = {'o', 'k', (byte) 0xC3, 0x28};
    assertThatThrownBy(() -> Utf8Text.decode(invalid, 0, invalid.length))
        .isInstanceOf(InvalidIpldException.class)
        .hasMessageContaining("not valid UTF-8");
  }
}
