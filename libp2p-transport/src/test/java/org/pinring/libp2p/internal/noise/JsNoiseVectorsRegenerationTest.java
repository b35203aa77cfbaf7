package org.pinring.libp2p.internal.noise;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.pinring.testkit.JsHarness;

/** Interop: js-libp2p's Noise still prints exactly the committed vectors. */
@Tag("interop")
class JsNoiseVectorsRegenerationTest {

  @Test
  void committedVectorsAreWhatJsLibp2pNoisePrints() throws IOException {
    String regenerated = JsHarness.require().run("vectors/noise.mjs", Duration.ofMinutes(2));
    String committed;
    try (InputStream in = getClass().getResourceAsStream(JsNoiseVectorsTest.RESOURCE)) {
      committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(regenerated).isEqualTo(committed);
  }
}
