package org.pinring.multiformats.ipld;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.MultiformatException;

/** Reads one DAG-JSON value. Single use, not thread-safe. Offsets in errors count characters. */
final class DagJsonDecoder {

  private final String text;
  private final int maxDepth;
  private int position;

  DagJsonDecoder(byte[] bytes, int maxDepth) {
    try {
      this.text = Utf8Text.decode(bytes, 0, bytes.length);
    } catch (InvalidIpldException e) {
      throw new InvalidIpldException("DAG-JSON input is not valid UTF-8", e);
    }
    this.maxDepth = maxDepth;
  }

  Ipld decodeWhole() {
    skipWhitespace();
    if (position >= text.length()) {
      throw new InvalidIpldException("empty input is not DAG-JSON");
    }
    Ipld value = readValue(0);
    skipWhitespace();
    if (position != text.length()) {
      throw error(position, "unexpected data after the value");
    }
    return value;
  }

  private Ipld readValue(int depth) {
    skipWhitespace();
    if (position >= text.length()) {
      throw error(position, "input ends where a value was expected");
    }
    char c = text.charAt(position);
    return switch (c) {
      case '{' -> readObject(depth);
      case '[' -> readArray(depth);
      case '"' -> Ipld.of(readString());
      case 't' -> literal("true", Ipld.of(true));
      case 'f' -> literal("false", Ipld.of(false));
      case 'n' -> literal("null", Ipld.nullValue());
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield readNumber();
        }
        throw error(position, "unexpected character '" + c + "'");
      }
    };
  }

  private Ipld literal(String word, Ipld value) {
    if (!text.startsWith(word, position)) {
      throw error(position, "expected " + word);
    }
    position += word.length();
    return value;
  }

  private Ipld readArray(int depth) {
    enter(depth);
    position++; // '['
    List<Ipld> items = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      position++;
      return new IpldList(items);
    }
    while (true) {
      items.add(readValue(depth + 1));
      skipWhitespace();
      char next = expectOneOf(",]");
      if (next == ']') {
        return new IpldList(items);
      }
    }
  }

  private Ipld readObject(int depth) {
    enter(depth);
    int start = position;
    position++; // '{'
    Map<String, Ipld> entries = new HashMap<>();
    skipWhitespace();
    if (peek() == '}') {
      position++;
      return new IpldMap(entries);
    }
    boolean first = true;
    while (true) {
      skipWhitespace();
      int keyStart = position;
      if (peek() != '"') {
        throw error(position, "object keys must be strings");
      }
      String key = readString();
      skipWhitespace();
      expectOneOf(":");
      if (first && key.equals("/")) {
        Ipld reserved = readReserved(start);
        if (reserved != null) {
          return reserved;
        }
      }
      first = false;
      Ipld value = readValue(depth + 1);
      if (entries.put(key, value) != null) {
        throw error(keyStart, "duplicate key \"" + key + "\"");
      }
      skipWhitespace();
      if (expectOneOf(",}") == '}') {
        return new IpldMap(entries);
      }
    }
  }

  /**
   * The reserved forms, recognised as the js reference recognises them, when {@code "/"} is the
   * first key: a string value makes a link ({"/":"cid"}), a map whose first key is {@code "bytes"}
   * with a string value makes bytes ({"/":{"bytes":"base64"}}); either must then close at once.
   * Returns null, with the position unchanged, when the value is anything else (an ordinary map
   * entry).
   */
  private Ipld readReserved(int start) {
    skipWhitespace();
    int valueStart = position;
    if (peek() == '"') {
      String cid = readString();
      closeReserved(start, "a link {\"/\": cid} must have no other keys");
      try {
        return Ipld.of(Cid.parse(cid));
      } catch (MultiformatException e) {
        throw error(start, "invalid link: " + e.getMessage());
      }
    }
    if (peek() != '{') {
      return null;
    }
    position++;
    skipWhitespace();
    if (peek() != '"' || !readString().equals("bytes")) {
      position = valueStart;
      return null;
    }
    skipWhitespace();
    expectOneOf(":");
    skipWhitespace();
    if (peek() != '"') {
      position = valueStart;
      return null;
    }
    String encoded = readString();
    closeReserved(start, "bytes {\"/\": {\"bytes\": ...}} must have no other keys");
    closeReserved(start, "bytes {\"/\": {\"bytes\": ...}} must have no other keys");
    return Ipld.of(decodeBase64(encoded, start));
  }

  private void closeReserved(int start, String message) {
    skipWhitespace();
    if (peek() != '}') {
      throw error(start, message);
    }
    position++;
  }

  private byte[] decodeBase64(String encoded, int start) {
    if (encoded.indexOf('=') >= 0) {
      throw error(start, "bytes must be unpadded base64");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw error(start, "invalid base64 in bytes: " + e.getMessage());
    }
    // One encoding per value: unused trailing bits must be zero.
    if (!Base64.getEncoder().withoutPadding().encodeToString(bytes).equals(encoded)) {
      throw error(start, "bytes are not in canonical unpadded base64");
    }
    return bytes;
  }

  private Ipld readNumber() {
    int start = position;
    if (peek() == '-') {
      position++;
    }
    if (peek() == '0') {
      position++;
    } else if (isDigit(peek())) {
      while (isDigit(peek())) {
        position++;
      }
    } else {
      throw error(start, "malformed number");
    }
    boolean isFloat = false;
    if (peek() == '.') {
      isFloat = true;
      position++;
      requireDigits(start);
    }
    if (peek() == 'e' || peek() == 'E') {
      isFloat = true;
      position++;
      if (peek() == '+' || peek() == '-') {
        position++;
      }
      requireDigits(start);
    }
    String number = text.substring(start, position);
    if (!isFloat) {
      try {
        return Ipld.of(Long.parseLong(number));
      } catch (NumberFormatException e) {
        throw error(start, "integer " + number + " is outside the signed 64-bit range");
      }
    }
    double value = Double.parseDouble(number); // JSON numbers are a subset of Java's syntax
    if (!Double.isFinite(value)) {
      throw error(start, "float " + number + " is out of range");
    }
    return Ipld.of(value);
  }

  private void requireDigits(int start) {
    if (!isDigit(peek())) {
      throw error(start, "malformed number");
    }
    while (isDigit(peek())) {
      position++;
    }
  }

  private String readString() {
    int start = position;
    position++; // opening quote
    StringBuilder out = new StringBuilder();
    while (true) {
      if (position >= text.length()) {
        throw error(start, "unterminated string");
      }
      char c = text.charAt(position++);
      if (c == '"') {
        break;
      }
      if (c < 0x20) {
        throw error(position - 1, "control character in string must be escaped");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (position >= text.length()) {
        throw error(start, "unterminated string");
      }
      char escape = text.charAt(position++);
      switch (escape) {
        case '"', '\\', '/' -> out.append(escape);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> out.append(readHex4());
        default -> throw error(position - 2, "invalid escape \\" + escape);
      }
    }
    String value = out.toString();
    try {
      Utf8Text.encode(value);
    } catch (IllegalArgumentException e) {
      throw error(start, "string holds an unpaired surrogate");
    }
    return value;
  }

  private char readHex4() {
    if (text.length() - position < 4) {
      throw error(position, "truncated \\u escape");
    }
    int value = 0;
    for (int i = 0; i < 4; i++) {
      // RFC 8259 section 7: four HEXDIG, which are ASCII; Character.digit also takes other
      // scripts' digits and full-width letters.
      char c = text.charAt(position + i);
      int digit = c < 0x80 ? Character.digit(c, 16) : -1;
      if (digit < 0) {
        throw error(position, "invalid \\u escape");
      }
      value = value * 16 + digit;
    }
    position += 4;
    return (char) value;
  }

  private char expectOneOf(String allowed) {
    if (position >= text.length()) {
      throw error(position, "input ends where one of " + allowed + " was expected");
    }
    char c = text.charAt(position);
    if (allowed.indexOf(c) < 0) {
      throw error(position, "expected one of " + allowed + " but found '" + c + "'");
    }
    position++;
    return c;
  }

  private char peek() {
    return position < text.length() ? text.charAt(position) : '\0';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private void skipWhitespace() {
    while (position < text.length()) {
      char c = text.charAt(position);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      position++;
    }
  }

  private void enter(int depth) {
    if (depth >= maxDepth) {
      throw error(position, "nesting deeper than " + maxDepth + " levels");
    }
  }

  private static InvalidIpldException error(int offset, String message) {
    return new InvalidIpldException("invalid DAG-JSON at character " + offset + ": " + message);
  }
}
