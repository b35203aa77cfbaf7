package org.pinring.node.daemon;

import java.util.Optional;

/**
 * One byte range of a file, from an HTTP {@code Range} request header (RFC 9110 section 14, as the
 * ipfs/specs path gateway asks for file bytes): {@code bytes=FIRST-LAST}, {@code bytes=FIRST-} or
 * {@code bytes=-SUFFIX}.
 *
 * @param first the first byte sent
 * @param last the last byte sent (inclusive), below the file's size
 */
record ByteRange(long first, long last) {

  /** Longest header value read; longer ones are refused before parsing. */
  static final int MAX_HEADER_CHARS = 256;

  /** Digits of a position: 18 keep every value below {@link Long#MAX_VALUE}. */
  private static final int MAX_DIGITS = 18;

  /** A range that cannot be served: the response is 416 with {@code Content-Range: bytes *}. */
  static final class UnsatisfiableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnsatisfiableException(String message) {
      super(message);
    }
  }

  ByteRange {
    if (first < 0 || last < first) {
      throw new IllegalArgumentException("invalid range " + first + "-" + last);
    }
  }

  long length() {
    return last - first + 1;
  }

  /** The {@code Content-Range} value of a 206 response for a file of {@code size} bytes. */
  String contentRange(long size) {
    return "bytes " + first + "-" + last + "/" + size;
  }

  /**
   * The range {@code header} asks of a file of {@code size} bytes.
   *
   * @return empty if there is no header, or one the server may ignore and answer in full (another
   *     unit, or several ranges: RFC 9110 lets a server send the whole representation)
   * @throws UnsatisfiableException if the header is malformed or no byte of the range exists
   */
  static Optional<ByteRange> parse(String header, long size) {
    if (header == null) {
      return Optional.empty();
    }
    if (header.length() > MAX_HEADER_CHARS) {
      throw new UnsatisfiableException("Range header longer than " + MAX_HEADER_CHARS);
    }
    String value = header.strip();
    int equals = value.indexOf('=');
    if (equals < 0) {
      throw new UnsatisfiableException("Range header without '=': " + header);
    }
    if (!value.substring(0, equals).strip().equalsIgnoreCase("bytes")) {
      return Optional.empty();
    }
    String spec = value.substring(equals + 1).strip();
    if (spec.contains(",")) {
      return Optional.empty();
    }
    int dash = spec.indexOf('-');
    if (dash < 0) {
      throw new UnsatisfiableException("byte range without '-': " + spec);
    }
    String firstText = spec.substring(0, dash).strip();
    String lastText = spec.substring(dash + 1).strip();
    if (firstText.isEmpty()) {
      long suffix = number(lastText);
      if (suffix == 0 || size == 0) {
        throw new UnsatisfiableException("no bytes in range " + spec + " of " + size);
      }
      return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
    }
    long first = number(firstText);
    long last = lastText.isEmpty() ? size - 1 : number(lastText);
    if (!lastText.isEmpty() && last < first) {
      throw new UnsatisfiableException("range " + spec + " ends before it starts");
    }
    if (first >= size) {
      throw new UnsatisfiableException("range " + spec + " starts beyond " + size + " bytes");
    }
    return Optional.of(new ByteRange(first, Math.min(last, size - 1)));
  }

  private static long number(String text) {
    if (text.isEmpty() || text.length() > MAX_DIGITS) {
      throw new UnsatisfiableException("not a byte position: '" + text + "'");
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        throw new UnsatisfiableException("not a byte position: '" + text + "'");
      }
    }
    return Long.parseLong(text);
  }
}
