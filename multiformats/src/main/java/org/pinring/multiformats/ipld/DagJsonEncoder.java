package org.pinring.multiformats.ipld;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Writes canonical DAG-JSON text. Single use, not thread-safe. */
final class DagJsonEncoder {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final StringBuilder out = new StringBuilder();

  private DagJsonEncoder() {}

  static String encode(Ipld value) {
    DagJsonEncoder encoder = new DagJsonEncoder();
    encoder.write(value);
    return encoder.out.toString();
  }

  private void write(Ipld value) {
    if (value instanceof IpldNull) {
      out.append("null");
    } else if (value instanceof IpldBool bool) {
      out.append(bool.value());
    } else if (value instanceof IpldInt integer) {
      out.append(integer.value());
    } else if (value instanceof IpldFloat number) {
      String text = JsNumberText.format(number.value());
      out.append(text);
      if (text.indexOf('.') < 0 && text.indexOf('e') < 0) {
        out.append(".0"); // otherwise it would read back as an integer
      }
    } else if (value instanceof IpldString text) {
      writeString(text.value());
    } else if (value instanceof IpldBytes bytes) {
      out.append("{\"/\":{\"bytes\":\"");
      out.append(Base64.getEncoder().withoutPadding().encodeToString(bytes.unsafeArray()));
      out.append("\"}}");
    } else if (value instanceof IpldLink link) {
      out.append("{\"/\":\"").append(link.cid()).append("\"}");
    } else if (value instanceof IpldList list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(list.get(i));
      }
      out.append(']');
    } else if (value instanceof IpldMap map) {
      writeMap(map);
    } else {
      throw new AssertionError("unknown IPLD kind " + value.getClass());
    }
  }

  private void writeMap(IpldMap map) {
    // The specification sorts keys by their UTF-8 bytes (IpldMap's own order is length-first).
    List<Map.Entry<byte[], String>> keys = new ArrayList<>(map.size());
    for (String key : map.entries().keySet()) {
      keys.add(Map.entry(Utf8Text.encode(key), key));
    }
    keys.sort((a, b) -> java.util.Arrays.compareUnsigned(a.getKey(), b.getKey()));
    if (!keys.isEmpty() && keys.get(0).getValue().equals("/")) {
      refuseReservedLookalike(map.entries().get("/"));
    }
    out.append('{');
    boolean first = true;
    for (Map.Entry<byte[], String> key : keys) {
      if (!first) {
        out.append(',');
      }
      first = false;
      writeString(key.getValue());
      out.append(':');
      write(map.entries().get(key.getValue()));
    }
    out.append('}');
  }

  /**
   * A map whose first key is {@code "/"} reads back as a link or bytes when its value is a string
   * or a map starting with a string {@code "bytes"} entry; such maps have no DAG-JSON form.
   */
  private static void refuseReservedLookalike(Ipld value) {
    boolean bytesLike =
        value instanceof IpldMap inner
            && firstKeyInByteOrder(inner).equals("bytes")
            && inner.entries().get("bytes") instanceof IpldString;
    if (value instanceof IpldString || bytesLike) {
      throw new IllegalArgumentException(
          "a map whose first key is \"/\" with this value has no DAG-JSON form: it would read"
              + " back as a link or bytes");
    }
  }

  private static String firstKeyInByteOrder(IpldMap map) {
    String first = null;
    byte[] firstBytes = null;
    for (String key : map.entries().keySet()) {
      byte[] bytes = Utf8Text.encode(key);
      if (firstBytes == null || java.util.Arrays.compareUnsigned(bytes, firstBytes) < 0) {
        first = key;
        firstBytes = bytes;
      }
    }
    return first == null ? "" : first;
  }

  /** Escapes as ECMAScript's JSON.stringify does (ECMA-262, QuoteJSONString). */
  private void writeString(String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
