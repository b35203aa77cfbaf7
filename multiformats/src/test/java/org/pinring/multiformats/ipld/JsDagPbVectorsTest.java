package org.pinring.multiformats.ipld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.pinring.multiformats.Cid;
import org.pinring.testkit.JsHarness;

/**
 * The Java dag-pb codec and UnixFS Data message against vectors printed by the js reference
 * packages ({@code @ipld/dag-pb}, {@code ipfs-unixfs}): same bytes, same CIDs, same verdicts on
 * hand-made hostile encodings.
 */
class JsDagPbVectorsTest {

  static final String RESOURCE = "/vectors/js-dag-pb.json";
  private static final HexFormat HEX = HexFormat.of();
  private static JsonNode vectors;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = JsDagPbVectorsTest.class.getResourceAsStream(RESOURCE)) {
      vectors = new ObjectMapper().readTree(in);
    }
  }

  @Test
  void encodesEveryNodeAsTheJsCodecDoes() {
    assertThat(vectors.get("dagPb").size()).isGreaterThan(10);
    for (JsonNode vector : vectors.get("dagPb")) {
      String name = vector.get("name").asText();
      JsonNode input = vector.get("input");
      PbNode node = PbNode.sorted(links(input.get("links")), data(input.get("data")));

      byte[] encoded = DagPb.encode(node);

      assertThat(HEX.formatHex(encoded)).as(name).isEqualTo(vector.get("hex").asText());
      assertThat(DagPb.cidOf(encoded)).as(name).hasToString(vector.get("cid").asText());
      assertThat(DagPb.decode(encoded)).as(name).isEqualTo(describedNode(vector.get("node")));
    }
  }

  @Test
  void acceptsAndRejectsExactlyWhatTheJsDecoderDoes() {
    assertThat(vectors.get("decode").size()).isGreaterThan(15);
    for (JsonNode vector : vectors.get("decode")) {
      String name = vector.get("name").asText();
      byte[] bytes = HEX.parseHex(vector.get("hex").asText());
      ByteBuffer direct = DagPbTest.inDirectBufferBetweenGarbage(bytes);
      if (vector.get("accepted").asBoolean()) {
        PbNode expected = describedNode(vector.get("node"));
        assertThat(DagPb.decode(bytes)).as(name).isEqualTo(expected);
        assertThat(DagPb.links(direct)).as(name).isEqualTo(expected.linkedCids());
      } else {
        assertThatThrownBy(() -> DagPb.decode(bytes))
            .as(name)
            .isInstanceOf(InvalidIpldException.class);
        assertThatThrownBy(() -> DagPb.links(direct))
            .as(name)
            .isInstanceOf(InvalidIpldException.class);
      }
    }
  }

  @Test
  void marshalsUnixFsDataAsTheJsPackageDoes() {
    assertThat(vectors.get("unixfs").size()).isGreaterThan(10);
    for (JsonNode vector : vectors.get("unixfs")) {
      String name = vector.get("name").asText();
      UnixFsData data = asMarshalled(vector.get("fields"));

      assertThat(HEX.formatHex(data.encode())).as(name).isEqualTo(vector.get("hex").asText());
      assertThat(UnixFsData.decode(HEX.parseHex(vector.get("hex").asText())))
          .as(name)
          .isEqualTo(data);
    }
  }

  /** Interop: the committed file is exactly what the pinned js packages print today. */
  @Test
  @Tag("interop")
  void committedVectorsAreWhatTheJsPackagesPrint() throws IOException {
    String regenerated = JsHarness.require().run("vectors/dag-pb.mjs", Duration.ofMinutes(2));

    try (InputStream in = getClass().getResourceAsStream(RESOURCE)) {
      assertThat(regenerated).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /**
   * The message {@code new UnixFS(fields).marshal()} writes: js omits empty data and default modes
   * (0644 files, 0755 directories) and gives files and raw nodes a filesize of their block sizes
   * plus their inline data.
   */
  private static UnixFsData asMarshalled(JsonNode fields) {
    String type = fields.get("type").asText();
    UnixFsData.Type kind =
        switch (type) {
          case "raw" -> UnixFsData.Type.RAW;
          case "file" -> UnixFsData.Type.FILE;
          case "directory" -> UnixFsData.Type.DIRECTORY;
          case "symlink" -> UnixFsData.Type.SYMLINK;
          case "metadata" -> UnixFsData.Type.METADATA;
          case "hamt-sharded-directory" -> UnixFsData.Type.HAMT_SHARD;
          default -> throw new IllegalArgumentException(type);
        };
    UnixFsData.Builder builder = UnixFsData.builder(kind);
    byte[] inline = data(fields.get("data"));
    if (inline != null && inline.length > 0) {
      builder.data(inline);
    }
    long fileSize = inline == null ? 0 : inline.length;
    for (JsonNode size : fields.get("blockSizes")) {
      builder.addBlockSize(Long.parseLong(size.asText()));
      fileSize += Long.parseLong(size.asText());
    }
    if (kind == UnixFsData.Type.FILE || kind == UnixFsData.Type.RAW) {
      builder.fileSize(fileSize);
    }
    if (!fields.get("hashType").isNull()) {
      builder.hashType(Long.parseLong(fields.get("hashType").asText()));
    }
    if (!fields.get("fanout").isNull()) {
      builder.fanout(Long.parseLong(fields.get("fanout").asText()));
    }
    boolean directory = kind == UnixFsData.Type.DIRECTORY || kind == UnixFsData.Type.HAMT_SHARD;
    if (!fields.get("mode").isNull()) {
      int mode = fields.get("mode").asInt();
      if (mode != (directory ? 0755 : 0644)) {
        builder.mode(mode);
      }
    }
    JsonNode mtime = fields.get("mtime");
    if (!mtime.isNull()) {
      builder.mtime(
          new UnixFsData.UnixTime(
              Long.parseLong(mtime.get("secs").asText()),
              mtime.get("nsecs").isNull()
                  ? OptionalInt.empty()
                  : OptionalInt.of(mtime.get("nsecs").asInt())));
    }
    return builder.build();
  }

  private static PbNode describedNode(JsonNode description) {
    return new PbNode(links(description.get("links")), data(description.get("data")));
  }

  private static List<PbLink> links(JsonNode descriptions) {
    List<PbLink> links = new ArrayList<>();
    for (JsonNode link : descriptions) {
      links.add(
          new PbLink(
              Cid.parse(link.get("hash").asText()),
              link.has("name") ? Optional.of(link.get("name").asText()) : Optional.empty(),
              link.has("tsize")
                  ? OptionalLong.of(link.get("tsize").asLong())
                  : OptionalLong.empty()));
    }
    return links;
  }

  private static byte[] data(JsonNode hex) {
    return hex == null || hex.isNull() ? null : HEX.parseHex(hex.asText());
  }
}
