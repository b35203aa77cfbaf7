package org.pinring.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An entry's path as a multipart part's filename gives it: strict percent-decoding. */
class MultipartTreeTest {

  private static MultipartReader.Part part(String filename) {
    return new MultipartReader.Part(
        Map.of("content-disposition", "form-data; name=\"file\"; filename=\"" + filename + "\""),
        InputStream.nullInputStream());
  }

  @Test
  void decodesPercentEscapesAndSplitsAtSlashes() {
    assertThat(MultipartTree.path(part("dir%2Fa%20b/c+d"))).containsExactly("dir", "a b", "c+d");
  }

  /**
   * A percent escape takes two ASCII hex digits. Arabic-Indic digits and full-width letters, which
   * Character.digit also reads as hex, were once decoded: a second spelling of the same path.
   */
  @Test
  void refusesEscapesWhoseDigitsAreNotAsciiHex() {
    String arabicIndic = "%" + (char) 0x0664 + (char) 0x0661;
    String fullWidth = "%4" + (char) 0xFF21;
    for (String filename : List.of(arabicIndic, fullWidth, "%4", "%", "%zz")) {
      assertThatThrownBy(() -> MultipartTree.path(part("a" + filename)))
          .as(filename)
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
          .hasMessageContaining("bad percent-encoding");
    }
  }
}
