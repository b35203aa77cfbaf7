package org.pinring.multiformats.ipld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.pinring.testkit.JsHarness;

/** The Java DAG-JSON codec against vectors printed by the js reference ({@code @ipld/dag-json}). */
class JsDagJsonVectorsTest {

  private static final String RESOURCE = "/vectors/js-dag-json.json";
  private static JsonNode vectors;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = JsDagJsonVectorsTest.class.getResourceAsStream(RESOURCE)) {
      vectors = new ObjectMapper().readTree(in);
    }
  }

  @Test
  void writesEveryValueAsTheJsCodecDoes() {
    assertThat(vectors.get("vectors").size()).isGreaterThan(25);
    for (JsonNode vector : vectors.get("vectors")) {
      String name = vector.get("name").asText();
      Ipld value = IpldDescriptions.build(vector.get("value"));
      byte[] text = vector.get("text").asText().getBytes(StandardCharsets.UTF_8);

      assertThat(DagJson.format(value)).as(name).isEqualTo(vector.get("text").asText());
      assertThat(DagJson.decode(text)).as(name).isEqualTo(value);
      assertThat(DagJson.cidOf(text)).as(name).hasToString(vector.get("cid").asText());
    }
  }

  @Test
  void acceptsAndRejectsExactlyWhatTheJsDecoderDoes() {
    for (JsonNode vector : vectors.get("decode")) {
      String name = vector.get("name").asText();
      byte[] text = vector.get("text").asText().getBytes(StandardCharsets.UTF_8);
      if (vector.get("accepted").asBoolean()) {
        assertThat(DagJson.decode(text))
            .as(name)
            .isEqualTo(IpldDescriptions.build(vector.get("value")));
      } else {
        assertThatThrownBy(() -> DagJson.decode(text))
            .as(name)
            .isInstanceOf(InvalidIpldException.class);
      }
    }
  }

  /** Interop: the committed file is exactly what the pinned js codec prints today. */
  @Test
  @Tag("interop")
  void committedVectorsAreWhatTheJsCodecPrints() throws IOException {
    String regenerated = JsHarness.require().run("vectors/dag-json.mjs", Duration.ofMinutes(2));

    try (InputStream in = getClass().getResourceAsStream(RESOURCE)) {
      assertThat(regenerated).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
