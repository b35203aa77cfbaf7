package org.pinring.libp2p.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.pinring.testkit.JsHarness;

/**
 * Interop: re-runs the js-libp2p gossipsub vector generator and requires the committed file, so the
 * vectors of {@link RpcCodecTest} and {@link JsGossipsubVectorsTest} cannot drift.
 */
@Tag("interop")
class JsGossipsubVectorsRegenerationTest {

  @Test
  void committedVectorsAreWhatJsGossipsubPrints() throws Exception {
    JsHarness js = JsHarness.require();
    var regenerated =
        JsGossipsubVectors.JSON.readTree(js.run("vectors/gossipsub.mjs", Duration.ofMinutes(2)));
    assertThat(regenerated).isEqualTo(JsGossipsubVectors.all());
  }
}
