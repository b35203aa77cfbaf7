package org.pinring.node.repo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.pinring.node.unixfs.ImportPreset;

/**
 * The repository's {@code config.json}: the keys the content layer reads. Every key is documented
 * in docs/content.md ("Configuration"); unknown keys are errors, so a typo is reported rather than
 * ignored.
 *
 * <pre>{@code
 * {
 *   "formatVersion": 1,
 *   "storage": { "lent": "10GiB" },
 *   "import": { "preset": "helia" }
 * }
 * }</pre>
 *
 * @param lent the space lent to the ring: the block store never stores more
 * @param importPreset the UnixFS import settings {@code pinring add} uses unless told otherwise
 */
public record RepoConfig(ByteSize lent, ImportPreset importPreset) {

  /** The version of this file's format. */
  public static final int FORMAT_VERSION = 1;

  /** What a new repository lends unless told otherwise. */
  public static final ByteSize DEFAULT_LENT = ByteSize.parse("10GiB");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public RepoConfig {
    Objects.requireNonNull(lent, "lent");
    Objects.requireNonNull(importPreset, "importPreset");
  }

  public static RepoConfig defaults() {
    return new RepoConfig(DEFAULT_LENT, ImportPreset.HELIA);
  }

  public RepoConfig withLent(ByteSize size) {
    return new RepoConfig(size, importPreset);
  }

  /**
   * Reads config.json text.
   *
   * @throws InvalidConfigException naming the key that is wrong
   */
  public static RepoConfig parse(String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidConfigException("config.json is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidConfigException("config.json must hold a JSON object");
    }
    onlyKeys(root, "", Set.of("formatVersion", "storage", "import"));
    JsonNode version = root.get("formatVersion");
    if (version == null || !version.canConvertToInt() || version.asInt() != FORMAT_VERSION) {
      throw new InvalidConfigException(
          "config.json: formatVersion must be " + FORMAT_VERSION + ", found " + version);
    }
    RepoConfig config = defaults();
    JsonNode storage = root.get("storage");
    if (storage != null) {
      onlyKeys(storage, "storage.", Set.of("lent"));
      JsonNode lent = storage.get("lent");
      if (lent != null) {
        try {
          config = config.withLent(ByteSize.parse(lent.asText()));
        } catch (IllegalArgumentException e) {
          throw new InvalidConfigException("config.json: storage.lent: " + e.getMessage());
        }
      }
    }
    JsonNode imports = root.get("import");
    if (imports != null) {
      onlyKeys(imports, "import.", Set.of("preset"));
      JsonNode preset = imports.get("preset");
      if (preset != null) {
        try {
          config = new RepoConfig(config.lent(), ImportPreset.forName(preset.asText()));
        } catch (IllegalArgumentException e) {
          throw new InvalidConfigException("config.json: import.preset: " + e.getMessage());
        }
      }
    }
    return config;
  }

  private static void onlyKeys(JsonNode node, String path, Set<String> allowed) {
    if (!node.isObject()) {
      throw new InvalidConfigException("config.json: " + path + " must be an object");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new InvalidConfigException(
            "config.json: unknown key '" + path + name + "'; known keys here: " + allowed);
      }
    }
  }

  /** The file's text, every key written out. */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("formatVersion", FORMAT_VERSION);
    root.putObject("storage").put("lent", lent.toConfigText());
    root.putObject("import").put("preset", importPreset.name().toLowerCase(Locale.ROOT));
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings always serializes", e);
    }
  }
}
