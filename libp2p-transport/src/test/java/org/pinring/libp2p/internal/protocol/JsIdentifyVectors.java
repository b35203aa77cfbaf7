package org.pinring.libp2p.internal.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The committed output of {@code interop/js/vectors/identify.mjs}. */
final class JsIdentifyVectors {

  static final String RESOURCE = "/vectors/js-identify.json";
  static final ObjectMapper JSON = new ObjectMapper();

  private JsIdentifyVectors() {}

  static JsonNode all() {
    try (InputStream in = JsIdentifyVectors.class.getResourceAsStream(RESOURCE)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<JsonNode> vectors() {
    List<JsonNode> list = new ArrayList<>();
    all().get("vectors").forEach(list::add);
    return list;
  }

  static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }
}
