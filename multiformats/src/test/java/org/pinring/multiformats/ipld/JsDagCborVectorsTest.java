package org.pinring.multiformats.ipld;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.pinring.testkit.JsHarness;

/**
 * The Java codec against vectors encoded by the js reference codec ({@code @ipld/dag-cbor}): the
 * same value gives the same bytes and the same CID, and the bytes decode back to the value.
 */
class JsDagCborVectorsTest {

  private static final String RESOURCE = "/vectors/js-dag-cbor.json";
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void reproducesEveryEncodingAndCid() throws IOException {
    JsonNode vectors;
    try (InputStream in = getClass().getResourceAsStream(RESOURCE)) {
      vectors = new ObjectMapper().readTree(in).get("vectors");
    }
    assertThat(vectors.size()).isGreaterThan(40);
    for (JsonNode vector : vectors) {
      String name = vector.get("name").asText();
      Ipld value = IpldDescriptions.build(vector.get("value"));
      byte[] expected = HEX.parseHex(vector.get("hex").asText());

      assertThat(HEX.formatHex(DagCbor.encode(value)))
          .as(name)
          .isEqualTo(vector.get("hex").asText());
      assertThat(DagCbor.decode(expected)).as(name).isEqualTo(value);
      assertThat(DagCbor.cidOf(expected)).as(name).hasToString(vector.get("cid").asText());
    }
  }

  /** Interop: the committed file is exactly what the pinned js codec prints today. */
  @Test
  @Tag("interop")
  void committedVectorsAreWhatTheJsCodecPrints() throws IOException {
    JsHarness js = JsHarness.require();

    String regenerated = js.run("vectors/dag-cbor.mjs", Duration.ofMinutes(2));

    try (InputStream in = getClass().getResourceAsStream(RESOURCE)) {
      assertThat(regenerated).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
