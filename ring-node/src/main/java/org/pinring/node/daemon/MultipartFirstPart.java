package org.pinring.node.daemon;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The body of the first part of a {@code multipart/form-data} request (RFC 7578), streamed: what
 * {@code curl -F file=@x} and browsers send. Part headers are skipped (at most {@link
 * #MAX_HEADER_BYTES}); the body ends at the next delimiter. Boundaries are at most 70 characters
 * (RFC 2046 section 5.1.1).
 */
final class MultipartFirstPart extends InputStream {

  static final int MAX_HEADER_BYTES = 16 * 1024;
  private static final int MAX_BOUNDARY = 70;

  private final BufferedInputStream in;
  private final byte[] delimiter;
  private boolean ended;

  private MultipartFirstPart(BufferedInputStream in, byte[] delimiter) {
    this.in = in;
    this.delimiter = delimiter;
  }

  static InputStream open(InputStream body, String contentType) throws IOException {
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
    // Preamble, first delimiter line, then the part's headers up to an empty line.
    int consumed = 0;
    int matched = 0;
    while (matched < first.length) {
      int b = in.read();
      if (b < 0 || ++consumed > MAX_HEADER_BYTES) {
        throw new ApiException(400, "multipart body has no part");
      }
      matched = b == first[matched] ? matched + 1 : (b == first[0] ? 1 : 0);
    }
    // The rest of the delimiter line, then header lines, up to an empty line.
    int lines = 0;
    int lineLength = 0;
    consumed = 0;
    while (true) {
      int b = in.read();
      if (b < 0 || ++consumed > MAX_HEADER_BYTES) {
        throw new ApiException(400, "multipart part headers are missing or too long");
      }
      if (b == '\n') {
        lines++;
        if (lines > 1 && lineLength == 0) {
          break;
        }
        lineLength = 0;
      } else if (b != '\r') {
        lineLength++;
      }
    }
    return new MultipartFirstPart(in, ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public int read() throws IOException {
    if (ended) {
      return -1;
    }
    in.mark(delimiter.length);
    int b = in.read();
    if (b < 0) {
      throw new ApiException(400, "multipart body ends inside its first part");
    }
    if (b == delimiter[0]) {
      int i = 1;
      while (i < delimiter.length && in.read() == delimiter[i]) {
        i++;
      }
      if (i == delimiter.length) {
        ended = true;
        HttpApi.drain(in);
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
