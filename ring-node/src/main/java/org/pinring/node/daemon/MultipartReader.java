package org.pinring.node.daemon;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of a {@code multipart/form-data} request body (RFC 7578), streamed one after another:
 * what {@code curl -F file=@x}, browsers and {@code pinring add} through a daemon send. Each part's
 * headers are read (at most {@link #MAX_HEADER_BYTES}); its body ends at the next delimiter.
 * Boundaries are at most 70 characters (RFC 2046 section 5.1.1). Not thread-safe.
 */
final class MultipartReader {

  static final int MAX_HEADER_BYTES = 16 * 1024;
  private static final int MAX_BOUNDARY = 70;

  /** One part: its headers (names in lower case) and its body, valid until the next part. */
  record Part(Map<String, String> headers, InputStream body) {
    String header(String name) {
      return headers.get(name);
    }

    /** A parameter of the Content-Disposition header, e.g. {@code filename}, or null. */
    String disposition(String parameter) {
      String value = headers.get("content-disposition");
      if (value == null) {
        return null;
      }
      for (String item : value.split(";", -1)) {
        String trimmed = item.trim();
        int equals = trimmed.indexOf('=');
        if (equals > 0 && trimmed.substring(0, equals).trim().equalsIgnoreCase(parameter)) {
          String raw = trimmed.substring(equals + 1).trim();
          if (raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")) {
            raw = raw.substring(1, raw.length() - 1);
          }
          return raw;
        }
      }
      return null;
    }
  }

  private final BufferedInputStream in;
  private final byte[] delimiter;
  private PartBody current;
  private boolean ended;

  private MultipartReader(BufferedInputStream in, byte[] delimiter) {
    this.in = in;
    this.delimiter = delimiter;
  }

  /**
   * Reads up to the first part.
   *
   * @throws ApiException (400) without a usable boundary or without any part
   */
  static MultipartReader open(InputStream body, String contentType) throws IOException {
    String boundary = null;
    for (String parameter : contentType.split(";", -1)) {
      String trimmed = parameter.trim();
      if (trimmed.startsWith("boundary=")) {
        boundary = trimmed.substring("boundary=".length()).replace("\"", "");
      }
    }
    if (boundary == null || boundary.isEmpty() || boundary.length() > MAX_BOUNDARY) {
      throw new ApiException(400, "multipart/form-data needs a boundary of 1 to 70 characters");
    }
    BufferedInputStream in = new BufferedInputStream(body, 1 << 16);
    byte[] first = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
    // The preamble, then the first delimiter.
    int consumed = 0;
    int matched = 0;
    while (matched < first.length) {
      int b = in.read();
      if (b < 0 || ++consumed > MAX_HEADER_BYTES) {
        throw new ApiException(400, "multipart body has no part");
      }
      matched = b == first[matched] ? matched + 1 : (b == first[0] ? 1 : 0);
    }
    MultipartReader reader =
        new MultipartReader(in, ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII));
    reader.afterDelimiter();
    return reader;
  }

  /** The next part, or empty after the last; the previous part's unread body is skipped. */
  Optional<Part> next() throws IOException {
    if (current != null) {
      current.transferTo(java.io.OutputStream.nullOutputStream());
      current = null;
      afterDelimiter();
    }
    if (ended) {
      return Optional.empty();
    }
    Map<String, String> headers = headers();
    current = new PartBody();
    return Optional.of(new Part(headers, current));
  }

  /** After a delimiter: "--" ends the body; else optional padding and CRLF start a part. */
  private void afterDelimiter() throws IOException {
    in.mark(2);
    int a = in.read();
    int b = in.read();
    if (a == '-' && b == '-') {
      ended = true;
      HttpApi.drain(in);
      return;
    }
    in.reset();
    int consumed = 0;
    while (true) {
      int c = in.read();
      if (c < 0 || ++consumed > MAX_HEADER_BYTES) {
        throw new ApiException(400, "multipart body ends after a delimiter");
      }
      if (c == '\n') {
        return;
      }
      if (c != '\r' && c != ' ' && c != '\t') {
        throw new ApiException(400, "multipart delimiter line is malformed");
      }
    }
  }

  private Map<String, String> headers() throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    StringBuilder line = new StringBuilder();
    int consumed = 0;
    while (true) {
      int b = in.read();
      if (b < 0 || ++consumed > MAX_HEADER_BYTES) {
        throw new ApiException(400, "multipart part headers are missing or too long");
      }
      if (b == '\r') {
        continue;
      }
      if (b != '\n') {
        line.append((char) b);
        continue;
      }
      if (line.length() == 0) {
        return headers;
      }
      int colon = line.indexOf(":");
      if (colon > 0) {
        headers.put(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            new String(
                    line.substring(colon + 1).trim().getBytes(StandardCharsets.ISO_8859_1),
                    StandardCharsets.UTF_8)
                .trim());
      }
      line.setLength(0);
    }
  }

  /** A part's body: ends at the next delimiter, which it consumes. */
  private final class PartBody extends InputStream {
    private boolean done;

    @Override
    public int read() throws IOException {
      if (done) {
        return -1;
      }
      in.mark(delimiter.length);
      int b = in.read();
      if (b < 0) {
        throw new ApiException(400, "multipart body ends inside a part");
      }
      if (b == delimiter[0]) {
        int i = 1;
        while (i < delimiter.length && in.read() == delimiter[i]) {
          i++;
        }
        if (i == delimiter.length) {
          done = true;
          return -1;
        }
        in.reset();
        in.read();
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int count = 0;
      while (count < length) {
        int b = read();
        if (b < 0) {
          return count == 0 ? -1 : count;
        }
        buffer[offset + count++] = (byte) b;
      }
      return count;
    }
  }
}
