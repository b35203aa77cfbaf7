package org.pinring.libp2p.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.pinring.testkit.JsHarness;

/** The committed identify vectors are what {@code interop/js/vectors/identify.mjs} prints today. */
@Tag("interop")
class JsIdentifyVectorsRegenerationTest {

  @Test
  void committedVectorsAreWhatJsPrints() throws Exception {
    JsHarness js = JsHarness.require();
    assertThat(
            JsIdentifyVectors.JSON.readTree(js.run("vectors/identify.mjs", Duration.ofMinutes(2))))
        .isEqualTo(JsIdentifyVectors.all());
  }
}
