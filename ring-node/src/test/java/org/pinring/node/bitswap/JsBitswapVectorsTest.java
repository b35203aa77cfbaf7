package org.pinring.node.bitswap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.pinring.multiformats.Cid;
import org.pinring.testkit.JsHarness;

/**
 * The Bitswap codec against messages encoded by Helia's Bitswap ({@code @helia/bitswap}'s protons
 * codec, printed by {@code interop/js/vectors/bitswap.mjs}): same fields decoded, same bytes
 * encoded for every canonical message, same CIDs rebuilt from block prefixes.
 */
class JsBitswapVectorsTest {

  static final String RESOURCE = "/vectors/js-bitswap.json";
  private static final HexFormat HEX = HexFormat.of();
  private static JsonNode vectors;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = JsBitswapVectorsTest.class.getResourceAsStream(RESOURCE)) {
      vectors = new ObjectMapper().readTree(in);
    }
  }

  @Test
  void decodesEveryMessageAsHeliaEncodedIt() {
    assertThat(vectors.get("vectors").size()).isGreaterThanOrEqualTo(10);
    for (JsonNode vector : vectors.get("vectors")) {
      String name = vector.get("name").asText();
      BitswapMessage decoded = BitswapCodec.decode(HEX.parseHex(vector.get("encoded").asText()));
      assertThat(decoded).as(name).isEqualTo(expected(vector.get("message")));
    }
  }

  @Test
  void encodesCanonicalMessagesToTheSameBytes() {
    int canonical = 0;
    for (JsonNode vector : vectors.get("vectors")) {
      if (!vector.get("canonical").asBoolean()) {
        continue;
      }
      canonical++;
      BitswapMessage message = expected(vector.get("message"));
      assertThat(HEX.formatHex(BitswapCodec.encode(message, BitswapProtocol.V120)))
          .as(vector.get("name").asText())
          .isEqualTo(vector.get("encoded").asText());
    }
    assertThat(canonical).isGreaterThanOrEqualTo(9);
  }

  @Test
  void rebuildsBlockCidsFromPrefixes() {
    int blocks = 0;
    for (JsonNode vector : vectors.get("vectors")) {
      BitswapMessage decoded = BitswapCodec.decode(HEX.parseHex(vector.get("encoded").asText()));
      for (int i = 0; i < decoded.blocks().size(); i++) {
        BlockPayload block = decoded.blocks().get(i);
        assertThat(block.prefix().cidOf(block.data()))
            .hasToString(vector.get("blockCids").get(i).asText());
        blocks++;
      }
    }
    assertThat(blocks).isGreaterThanOrEqualTo(5);
  }

  @Test
  @Tag("interop")
  void committedVectorsAreWhatHeliaPrints() throws IOException {
    String regenerated = JsHarness.require().run("vectors/bitswap.mjs", Duration.ofMinutes(2));

    try (InputStream in = getClass().getResourceAsStream(RESOURCE)) {
      assertThat(regenerated).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static BitswapMessage expected(JsonNode message) {
    List<WantlistEntry> entries = new ArrayList<>();
    boolean full = false;
    JsonNode wantlist = message.get("wantlist");
    if (!wantlist.isNull()) {
      full = wantlist.get("full").asBoolean();
      for (JsonNode entry : wantlist.get("entries")) {
        entries.add(
            new WantlistEntry(
                Cid.parse(entry.get("cid").asText()),
                entry.get("priority").asInt(),
                entry.get("cancel").asBoolean(),
                WantType.valueOf(entry.get("wantType").asText()),
                entry.get("sendDontHave").asBoolean()));
      }
    }
    List<BlockPayload> blocks = new ArrayList<>();
    for (JsonNode block : message.get("blocks")) {
      blocks.add(
          new BlockPayload(
              CidPrefix.decode(HEX.parseHex(block.get("prefix").asText())),
              HEX.parseHex(block.get("data").asText())));
    }
    List<BlockPresence> presences = new ArrayList<>();
    for (JsonNode presence : message.get("presences")) {
      presences.add(
          new BlockPresence(
              Cid.parse(presence.get("cid").asText()),
              PresenceType.valueOf(presence.get("type").asText())));
    }
    return new BitswapMessage(
        entries, full, blocks, presences, message.get("pendingBytes").asInt());
  }
}
