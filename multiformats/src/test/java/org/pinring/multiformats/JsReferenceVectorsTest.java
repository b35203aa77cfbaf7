package org.pinring.multiformats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks PinRing against vectors computed by the js reference libraries ({@code multiformats},
 * {@code @multiformats/multiaddr}, {@code @multiformats/blake2}); see {@code
 * interop/js/vectors/multiformats.mjs}. {@link JsReferenceRegenerationTest} proves the file is
 * still what those libraries print.
 */
class JsReferenceVectorsTest {

  static final String RESOURCE = "/vectors/js-multiformats.json";
  private static final HexFormat HEX = HexFormat.of();
  private static JsonNode vectors;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = JsReferenceVectorsTest.class.getResourceAsStream(RESOURCE)) {
      vectors = new ObjectMapper().readTree(in);
    }
  }

  @Test
  void multibase() {
    JsonNode cases = vectors.get("multibase");
    assertThat(cases.size()).isGreaterThan(400);
    for (JsonNode c : cases) {
      Multibase base = Multibase.forName(c.get("base").asText());
      byte[] data = HEX.parseHex(c.get("hex").asText());
      String text = c.get("text").asText();
      assertThat(base.encode(data)).as("%s of %s", base, c.get("hex")).isEqualTo(text);
      assertThat(Multibase.decode(text)).as("decode %s", text).isEqualTo(data);
    }
  }

  @Test
  void multihash() {
    JsonNode cases = vectors.get("multihash");
    assertThat(cases.size()).isGreaterThan(80);
    for (JsonNode c : cases) {
      byte[] input = HEX.parseHex(c.get("inputHex").asText());
      String expected = c.get("multihashHex").asText();
      MultihashAlgorithm algorithm =
          MultihashAlgorithm.forCode(
                  Multicodec.forName(c.get("algorithm").asText()).orElseThrow().code())
              .orElseThrow();
      Multihash hash = Multihash.compute(algorithm, input);
      assertThat(HEX.formatHex(hash.toBytes()))
          .as("%s of %s", algorithm, c.get("inputHex"))
          .isEqualTo(expected);
      assertThat(Multihash.decode(HEX.parseHex(expected)).matches(input)).isTrue();
    }
  }

  @Test
  void cid() {
    JsonNode cases = vectors.get("cid");
    assertThat(cases.size()).isGreaterThan(100);
    for (JsonNode c : cases) {
      String text = c.get("text").asText();
      Cid cid = Cid.parse(text);
      assertThat(cid.version()).as(text).isEqualTo(c.get("version").asInt());
      assertThat(cid.codecName()).as(text).isEqualTo(c.get("codec").asText());
      assertThat(HEX.formatHex(cid.multihash().toBytes()))
          .as(text)
          .isEqualTo(c.get("multihashHex").asText());
      assertThat(HEX.formatHex(cid.toBytes())).as(text).isEqualTo(c.get("bytesHex").asText());
      assertThat(cid).as(text).hasToString(text);
      assertThat(Cid.decode(HEX.parseHex(c.get("bytesHex").asText()))).isEqualTo(cid);
      if (c.has("base36")) {
        assertThat(cid.toString(Multibase.BASE36)).isEqualTo(c.get("base36").asText());
        assertThat(cid.toString(Multibase.BASE58_BTC)).isEqualTo(c.get("base58btc").asText());
      }
      if (c.has("v1")) {
        assertThat(cid.toV1()).hasToString(c.get("v1").asText());
      }
    }
  }

  @Test
  void multiaddr() {
    JsonNode cases = vectors.get("multiaddr");
    assertThat(cases.size()).isGreaterThan(30);
    for (JsonNode c : cases) {
      String text = c.get("text").asText();
      Multiaddr address = Multiaddr.parse(text);
      assertThat(HEX.formatHex(address.toBytes())).as(text).isEqualTo(c.get("hex").asText());
      assertThat(address).as(text).hasToString(c.get("canonical").asText());
      assertThat(Multiaddr.decode(HEX.parseHex(c.get("hex").asText())))
          .hasToString(c.get("canonical").asText());
    }
  }
}
