package org.pinring.libp2p.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The committed output of {@code interop/js/vectors/peer-record.mjs}. */
final class JsPeerRecordVectors {

  static final String RESOURCE = "/vectors/js-peer-record.json";
  static final ObjectMapper JSON = new ObjectMapper();

  private JsPeerRecordVectors() {}

  static JsonNode all() {
    try (InputStream in = JsPeerRecordVectors.class.getResourceAsStream(RESOURCE)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<JsonNode> list(String field) {
    List<JsonNode> list = new ArrayList<>();
    all().get(field).forEach(list::add);
    return list;
  }
}
