package org.pinring.multiformats.ipld;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pinring.multiformats.Cid;

/** Rebuilds values from the typed descriptions printed by interop/js/vectors/dag-cbor.mjs. */
final class IpldDescriptions {

  private IpldDescriptions() {}

  static Ipld build(JsonNode description) {
    String type = description.get(0).asText();
    return switch (type) {
      case "null" -> Ipld.nullValue();
      case "bool" -> Ipld.of(description.get(1).asBoolean());
      case "int" -> Ipld.of(Long.parseLong(description.get(1).asText()));
      case "float" ->
          Ipld.of(Double.longBitsToDouble(Long.parseUnsignedLong(description.get(1).asText(), 16)));
      case "string" -> Ipld.of(description.get(1).asText());
      case "bytes" -> Ipld.of(HexFormat.of().parseHex(description.get(1).asText()));
      case "link" -> Ipld.of(Cid.parse(description.get(1).asText()));
      case "list" -> {
        List<Ipld> items = new ArrayList<>();
        description.get(1).forEach(item -> items.add(build(item)));
        yield new IpldList(items);
      }
      case "map" -> {
        Map<String, Ipld> entries = new LinkedHashMap<>();
        description
            .get(1)
            .forEach(entry -> entries.put(entry.get(0).asText(), build(entry.get(1))));
        yield new IpldMap(entries);
      }
      default -> throw new IllegalArgumentException("unknown description type " + type);
    };
  }
}
