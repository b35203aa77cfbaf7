package org.pinring.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Streaming multipart/form-data parts (RFC 7578), fed in one piece and one byte at a time. */
class MultipartReaderTest {

  private static final String BOUNDARY = "XyZ-b0undary";

  /** Returns at most one byte per read, as a slow network would. */
  private static final class Trickle extends FilterInputStream {
    Trickle(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      return super.read(buffer, offset, Math.min(1, length));
    }
  }

  private static byte[] body(List<byte[]> contents) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("preamble\r\n".getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < contents.size(); i++) {
      String head =
          "--"
              + BOUNDARY
              + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"d/f"
              + i
              + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
      out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(contents.get(i));
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.writeBytes(("--" + BOUNDARY + "--\r\nepilogue").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private static List<byte[]> read(InputStream in) throws IOException {
    MultipartReader reader =
        MultipartReader.open(in, "multipart/form-data; boundary=\"" + BOUNDARY + "\"");
    List<byte[]> parts = new ArrayList<>();
    for (Optional<MultipartReader.Part> part = reader.next();
        part.isPresent();
        part = reader.next()) {
      assertThat(part.get().disposition("filename")).isEqualTo("d/f" + parts.size());
      assertThat(part.get().header("content-type")).isEqualTo("application/octet-stream");
      parts.add(part.get().body().readAllBytes());
    }
    return parts;
  }

  @Provide
  Arbitrary<List<byte[]>> contents() {
    return content().list().ofMaxSize(4);
  }

  @Provide
  Arbitrary<List<byte[]>> someContents() {
    return content().list().ofMinSize(1).ofMaxSize(3);
  }

  private static Arbitrary<byte[]> content() {
    // Bytes that often look like the start of a delimiter.
    return Arbitraries.of("\r", "\n", "-", "--", "X", "XyZ-b0", "\r\n--XyZ", "a", "\u00e9")
        .list()
        .ofMaxSize(40)
        .map(pieces -> String.join("", pieces).getBytes(StandardCharsets.UTF_8));
  }

  @Property(tries = 200)
  void partsComeBackAsSentHoweverTheBytesArrive(@ForAll("contents") List<byte[]> contents)
      throws IOException {
    byte[] body = body(contents);

    List<byte[]> whole = read(new ByteArrayInputStream(body));
    List<byte[]> trickled = read(new Trickle(new ByteArrayInputStream(body)));

    assertThat(whole).hasSameSizeAs(contents);
    for (int i = 0; i < contents.size(); i++) {
      assertThat(whole.get(i)).isEqualTo(contents.get(i));
      assertThat(trickled.get(i)).isEqualTo(contents.get(i));
    }
  }

  @Property(tries = 200)
  void truncatedBodiesFailOnlyWithABadRequest(
      @ForAll("someContents") List<byte[]> contents, @ForAll("cut") double fraction) {
    byte[] body = body(contents);
    int cut = (int) (fraction * (body.length - ("--" + BOUNDARY + "--\r\nepilogue").length()));
    byte[] truncated = java.util.Arrays.copyOf(body, cut);
    try {
      read(new ByteArrayInputStream(truncated));
    } catch (ApiException e) {
      assertThat(e.status()).isEqualTo(400);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Provide
  Arbitrary<Double> cut() {
    return Arbitraries.doubles().between(0, 1);
  }

  @Test
  void refusesABodyWithoutABoundaryOrAPart() {
    assertThatThrownBy(
            () ->
                MultipartReader.open(new ByteArrayInputStream(new byte[0]), "multipart/form-data"))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("boundary");
    assertThatThrownBy(
            () ->
                MultipartReader.open(
                    new ByteArrayInputStream("no parts".getBytes(StandardCharsets.US_ASCII)),
                    "multipart/form-data; boundary=" + BOUNDARY))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("no part");
  }

  @Test
  void boundsPartHeaders() {
    String body =
        "--"
            + BOUNDARY
            + "\r\nX-Long: "
            + "a".repeat(MultipartReader.MAX_HEADER_BYTES)
            + "\r\n\r\n";
    assertThatThrownBy(
            () ->
                MultipartReader.open(
                        new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)),
                        "multipart/form-data; boundary=" + BOUNDARY)
                    .next())
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("too long");
  }
}
