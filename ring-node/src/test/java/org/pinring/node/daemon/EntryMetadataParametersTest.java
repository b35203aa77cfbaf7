package org.pinring.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.pinring.multiformats.ipld.UnixFsData;
import org.pinring.node.unixfs.EntryMetadata;

class EntryMetadataParametersTest {

  private static EntryMetadata parse(String query) {
    return EntryMetadataParameters.parse(HttpApi.query(query));
  }

  @Test
  void noParametersMeanNoMetadata() {
    assertThat(parse(null)).isEqualTo(EntryMetadata.NONE);
    assertThat(parse("preset=kubo")).isEqualTo(EntryMetadata.NONE);
  }

  @Test
  void modeIsOctalAndKeepsOnlyThePermissionBits() {
    assertThat(parse("mode=0750").mode()).isEqualTo(OptionalInt.of(0750));
    assertThat(parse("mode=755").mode()).isEqualTo(OptionalInt.of(0755));
    // A whole st_mode of a regular file, as some clients send it.
    assertThat(parse("mode=100644").mode()).isEqualTo(OptionalInt.of(0644));
    assertThat(parse("mode=4755").mode()).isEqualTo(OptionalInt.of(04755));
  }

  @Test
  void mtimeTakesSignedSecondsAndAnOptionalFraction() {
    assertThat(parse("mtime=1700000000").mtime())
        .isEqualTo(Optional.of(new UnixFsData.UnixTime(1_700_000_000L, OptionalInt.empty())));
    assertThat(parse("mtime=-86400&mtime-nsecs=5").mtime())
        .isEqualTo(Optional.of(new UnixFsData.UnixTime(-86_400L, OptionalInt.of(5))));
    // A zero fraction is left out, as a local import of a whole-second mtime leaves it out.
    assertThat(parse("mtime=7&mtime-nsecs=0").mtime())
        .isEqualTo(Optional.of(new UnixFsData.UnixTime(7, OptionalInt.empty())));
  }

  @Test
  void badValuesAreRefusedWithTheirReason() {
    Map<String, String> refused =
        Map.of(
            "mode=0800", "octal",
            "mode=", "octal",
            "mode=-644", "octal",
            "mode=1234567", "octal",
            "mtime=soon", "whole number",
            "mtime=99999999999999999999", "whole number",
            "mtime=1&mtime-nsecs=1000000000", "[0, 999999999]",
            "mtime=1&mtime-nsecs=-1", "[0, 999999999]",
            "mtime-nsecs=5", "without mtime",
            "mode=0644&mode=0600", "more than one mode");
    refused.forEach(
        (query, reason) ->
            assertThatThrownBy(() -> parse(query))
                .as(query)
                .isInstanceOfSatisfying(
                    ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining(reason));
  }

  @Test
  void aMultipartEntryCarriesItsMetadataInItsFormName() {
    MultipartReader.Part part =
        new MultipartReader.Part(
            Map.of(
                "content-disposition",
                "form-data; name=\"file?mode=0600&mtime=12&mtime-nsecs=34\"; filename=\"a%20b\""),
            java.io.InputStream.nullInputStream());
    assertThat(EntryMetadataParameters.ofPart(part))
        .isEqualTo(
            new EntryMetadata(
                OptionalInt.of(0600),
                Optional.of(new UnixFsData.UnixTime(12, OptionalInt.of(34)))));
    MultipartReader.Part plain =
        new MultipartReader.Part(
            Map.of("content-disposition", "form-data; name=\"file\"; filename=\"x\""),
            java.io.InputStream.nullInputStream());
    assertThat(EntryMetadataParameters.ofPart(plain)).isEqualTo(EntryMetadata.NONE);
  }

  /**
   * A malformed percent escape is the client's error (400). URLDecoder's IllegalArgumentException
   * once escaped the query parser, and the daemon answered 500.
   */
  @Test
  void aMalformedPercentEscapeIsABadRequest() {
    for (String query : List.of("mode=%zz", "mode=06%4", "mtime=1&%=2", "mtime=%")) {
      assertThatThrownBy(() -> parse(query))
          .as(query)
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
          .hasMessageContaining("percent escape");
    }
    MultipartReader.Part part =
        new MultipartReader.Part(
            Map.of("content-disposition", "form-data; name=\"file?mode=%G0\"; filename=\"x\""),
            java.io.InputStream.nullInputStream());
    assertThatThrownBy(() -> EntryMetadataParameters.ofPart(part))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
  }
}
