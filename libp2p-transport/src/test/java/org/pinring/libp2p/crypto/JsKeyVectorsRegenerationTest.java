package org.pinring.libp2p.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.pinring.testkit.JsHarness;

/**
 * Interop: re-runs the js-libp2p key vector generator and requires the committed file, so the
 * vectors of {@link JsKeyVectorsTest} cannot drift. ECDSA signatures are randomised by WebCrypto:
 * for those the fresh signature must verify instead of matching.
 */
@Tag("interop")
class JsKeyVectorsRegenerationTest {

  @Test
  void committedVectorsAreWhatJsLibp2pPrints() throws IOException {
    JsHarness js = JsHarness.require();
    ObjectMapper json = new ObjectMapper();

    JsonNode regenerated = json.readTree(js.run("vectors/libp2p-keys.mjs", Duration.ofMinutes(2)));
    JsonNode committed;
    try (InputStream in = getClass().getResourceAsStream(JsKeyVectorsTest.RESOURCE)) {
      committed = json.readTree(in);
    }

    assertThat(regenerated.get("vectors").size()).isEqualTo(committed.get("vectors").size());
    for (int i = 0; i < committed.get("vectors").size(); i++) {
      ObjectNode fresh = (ObjectNode) regenerated.get("vectors").get(i);
      ObjectNode kept = (ObjectNode) committed.get("vectors").get(i).deepCopy();
      if (!fresh.get("deterministicSignature").asBoolean()) {
        PublicKey key =
            Keys.decodePublicKey(HexFormat.of().parseHex(fresh.get("publicKeyProtobuf").asText()));
        assertThat(
                key.verify(
                    HexFormat.of().parseHex(fresh.get("message").asText()),
                    HexFormat.of().parseHex(fresh.get("signature").asText())))
            .isTrue();
        fresh.remove("signature");
        kept.remove("signature");
      }
      assertThat(fresh).isEqualTo(kept);
    }
  }
}
