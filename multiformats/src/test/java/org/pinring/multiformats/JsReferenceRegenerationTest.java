package org.pinring.multiformats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.pinring.testkit.JsHarness;

/**
 * Interop: runs the js reference libraries again and requires them to print exactly the committed
 * vector file, so the golden values in {@link JsReferenceVectorsTest} are never stale or edited by
 * hand.
 */
@Tag("interop")
class JsReferenceRegenerationTest {

  @Test
  void committedVectorsAreWhatTheJsLibrariesPrint() throws IOException {
    JsHarness js = JsHarness.require();

    String regenerated = js.run("vectors/multiformats.mjs", Duration.ofMinutes(2));

    String committed;
    try (InputStream in = getClass().getResourceAsStream(JsReferenceVectorsTest.RESOURCE)) {
      committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(regenerated).isEqualTo(committed);
  }
}
