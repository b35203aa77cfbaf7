package org.pinring.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.pinring.allocator.PeerState;
import org.pinring.allocator.Pin;
import org.pinring.allocator.SpreadConstraint;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.MultiformatException;

/**
 * Reads the peer view and pin list files of {@code pinring alloc plan} (formats in
 * docs/allocator.md). Every error names the file, the entry and the field, e.g. {@code peers.json:
 * peers[3].freeBytes: expected a whole number of bytes, got "lots"}.
 */
final class AllocInput {

  /** Bound on an input file's size, checked before reading it. */
  static final long MAX_FILE_BYTES = 1L << 30;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The peer view: the peers and the time at which it was taken. */
  record PeerView(long nowMillis, List<PeerState> peers) {}

  private AllocInput() {}

  static PeerView readPeers(Path file) {
    JsonNode root = readTree(file);
    String name = file.getFileName().toString();
    JsonNode peers = required(root, "peers", name, "");
    if (!peers.isArray()) {
      throw error(name, "peers", "expected an array of peers");
    }
    List<PeerState> result = new ArrayList<>();
    long latestSeen = 0;
    for (int i = 0; i < peers.size(); i++) {
      String at = "peers[" + i + "]";
      JsonNode peer = peers.get(i);
      if (!peer.isObject()) {
        throw error(name, at, "expected an object");
      }
      String id = text(required(peer, "id", name, at), name, at + ".id");
      long capacity =
          wholeNumber(required(peer, "capacityBytes", name, at), name, at + ".capacityBytes");
      long free =
          peer.has("freeBytes")
              ? wholeNumber(peer.get("freeBytes"), name, at + ".freeBytes")
              : capacity;
      long pinned =
          peer.has("pinnedCount")
              ? wholeNumber(peer.get("pinnedCount"), name, at + ".pinnedCount")
              : 0;
      double reliability =
          peer.has("reliability")
              ? fraction(peer.get("reliability"), name, at + ".reliability")
              : 1.0;
      long lastSeen =
          peer.has("lastSeenMillis")
              ? wholeNumber(peer.get("lastSeenMillis"), name, at + ".lastSeenMillis")
              : Long.MIN_VALUE;
      Map<String, String> tags =
          peer.has("tags") ? tags(peer.get("tags"), name, at + ".tags") : Map.of();
      latestSeen = Math.max(latestSeen, lastSeen);
      try {
        result.add(new PeerState(id, capacity, free, pinned, reliability, tags, lastSeen));
      } catch (IllegalArgumentException e) {
        throw error(name, at, e.getMessage());
      }
    }
    long now =
        root.has("nowMillis") ? wholeNumber(root.get("nowMillis"), name, "nowMillis") : latestSeen;
    // Peers without lastSeenMillis count as seen now.
    List<PeerState> seen = new ArrayList<>(result.size());
    for (PeerState peer : result) {
      seen.add(peer.lastSeenMillis() == Long.MIN_VALUE ? peer.withLastSeenMillis(now) : peer);
    }
    return new PeerView(now, seen);
  }

  static List<Pin> readPins(Path file) {
    JsonNode root = readTree(file);
    String name = file.getFileName().toString();
    JsonNode pins = required(root, "pins", name, "");
    if (!pins.isArray()) {
      throw error(name, "pins", "expected an array of pins");
    }
    List<Pin> result = new ArrayList<>(pins.size());
    for (int i = 0; i < pins.size(); i++) {
      String at = "pins[" + i + "]";
      JsonNode pin = pins.get(i);
      if (!pin.isObject()) {
        throw error(name, at, "expected an object");
      }
      String cidText = text(required(pin, "cid", name, at), name, at + ".cid");
      Cid cid;
      try {
        cid = Cid.parse(cidText);
      } catch (MultiformatException e) {
        throw error(name, at + ".cid", e.getMessage());
      }
      OptionalLong size =
          pin.has("sizeBytes") && !pin.get("sizeBytes").isNull()
              ? OptionalLong.of(wholeNumber(pin.get("sizeBytes"), name, at + ".sizeBytes"))
              : OptionalLong.empty();
      int min = smallInt(required(pin, "replicationMin", name, at), name, at + ".replicationMin");
      int max = smallInt(required(pin, "replicationMax", name, at), name, at + ".replicationMax");
      Optional<SpreadConstraint> spread = Optional.empty();
      try {
        if (pin.has("spreadTag") && !pin.get("spreadTag").isNull()) {
          int perValue =
              pin.has("spreadMaxPerValue")
                  ? smallInt(pin.get("spreadMaxPerValue"), name, at + ".spreadMaxPerValue")
                  : 1;
          spread =
              Optional.of(
                  new SpreadConstraint(
                      text(pin.get("spreadTag"), name, at + ".spreadTag"), perValue));
        }
        result.add(new Pin(cid, size, min, max, spread));
      } catch (IllegalArgumentException e) {
        throw error(name, at, e.getMessage());
      }
    }
    return result;
  }

  private static JsonNode readTree(Path file) {
    String name = file.getFileName().toString();
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new UserInputException(
            name + ": file of " + size + " bytes is larger than the limit of " + MAX_FILE_BYTES);
      }
      JsonNode root = MAPPER.readTree(file.toFile());
      if (root == null || !root.isObject()) {
        throw new UserInputException(name + ": expected a JSON object");
      }
      return root;
    } catch (NoSuchFileException e) {
      throw new UserInputException(file + ": no such file");
    } catch (JsonProcessingException e) {
      throw new UserInputException(
          String.format(
              Locale.ROOT,
              "%s: not valid JSON at line %d, column %d: %s",
              name,
              e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
              e.getLocation() == null ? 0 : e.getLocation().getColumnNr(),
              e.getOriginalMessage()));
    } catch (IOException e) {
      throw new UserInputException(file + ": cannot read: " + e.getMessage());
    }
  }

  private static JsonNode required(JsonNode node, String field, String file, String at) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw error(file, at.isEmpty() ? field : at + "." + field, "missing");
    }
    return value;
  }

  private static String text(JsonNode node, String file, String at) {
    if (!node.isTextual()) {
      throw error(file, at, "expected a string, got " + node);
    }
    return node.asText();
  }

  private static long wholeNumber(JsonNode node, String file, String at) {
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw error(file, at, "expected a whole number, got " + node);
    }
    return node.asLong();
  }

  private static int smallInt(JsonNode node, String file, String at) {
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw error(file, at, "expected a small whole number, got " + node);
    }
    return node.asInt();
  }

  private static double fraction(JsonNode node, String file, String at) {
    if (!node.isNumber()) {
      throw error(file, at, "expected a number between 0.0 and 1.0, got " + node);
    }
    return node.asDouble();
  }

  private static Map<String, String> tags(JsonNode node, String file, String at) {
    if (!node.isObject()) {
      throw error(file, at, "expected an object of tag names to string values, got " + node);
    }
    Map<String, String> tags = new TreeMap<>();
    for (Map.Entry<String, JsonNode> tag : node.properties()) {
      tags.put(tag.getKey(), text(tag.getValue(), file, at + "." + tag.getKey()));
    }
    return tags;
  }

  private static UserInputException error(String file, String at, String problem) {
    return new UserInputException(file + ": " + at + ": " + problem);
  }
}
