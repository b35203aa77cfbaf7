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
 * @param listen the multiaddrs the daemon's libp2p host listens on ({@code network.listen})
 * @param api the HOST:PORT the daemon's HTTP API binds ({@code api.listen})
 */
public record RepoConfig(
    ByteSize lent, ImportPreset importPreset, java.util.List<String> listen, String api) {

  /**
   * The daemon's default libp2p port: 4311, clear of kubo's 4001 (swarm), 5001 (API) and 8080
   * (gateway) and IPFS Cluster's 9094-9096, so PinRing runs beside both.
   */
  public static final int DEFAULT_LIBP2P_PORT = 4311;

  /** The daemon's default HTTP API port, 5311 (see {@link #DEFAULT_LIBP2P_PORT}). */
  public static final int DEFAULT_API_PORT = 5311;

  public static final java.util.List<String> DEFAULT_LISTEN =
      java.util.List.of("/ip4/0.0.0.0/tcp/" + DEFAULT_LIBP2P_PORT);

  public static final String DEFAULT_API = "127.0.0.1:" + DEFAULT_API_PORT;

  /** The version of this file's format. */
  public static final int FORMAT_VERSION = 1;

  /** What a new repository lends unless told otherwise. */
  public static final ByteSize DEFAULT_LENT = ByteSize.parse("10GiB");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public RepoConfig {
    Objects.requireNonNull(lent, "lent");
    Objects.requireNonNull(importPreset, "importPreset");
    listen = java.util.List.copyOf(listen);
    Objects.requireNonNull(api, "api");
  }

  public RepoConfig(ByteSize lent, ImportPreset importPreset) {
    this(lent, importPreset, DEFAULT_LISTEN, DEFAULT_API);
  }

  public static RepoConfig defaults() {
    return new RepoConfig(DEFAULT_LENT, ImportPreset.HELIA);
  }

  public RepoConfig withLent(ByteSize size) {
    return new RepoConfig(size, importPreset, listen, api);
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
    onlyKeys(root, "", Set.of("formatVersion", "storage", "import", "network", "api"));
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
          config =
              new RepoConfig(
                  config.lent(),
                  ImportPreset.forName(preset.asText()),
                  config.listen(),
                  config.api());
        } catch (IllegalArgumentException e) {
          throw new InvalidConfigException("config.json: import.preset: " + e.getMessage());
        }
      }
    }
    JsonNode network = root.get("network");
    if (network != null) {
      onlyKeys(network, "network.", Set.of("listen"));
      JsonNode listen = network.get("listen");
      if (listen != null) {
        if (!listen.isArray()) {
          throw new InvalidConfigException(
              "config.json: network.listen must be a list of multiaddrs");
        }
        java.util.List<String> addresses = new java.util.ArrayList<>();
        for (JsonNode address : listen) {
          try {
            addresses.add(org.pinring.multiformats.Multiaddr.parse(address.asText()).toString());
          } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("config.json: network.listen: " + e.getMessage());
          }
        }
        config = new RepoConfig(config.lent(), config.importPreset(), addresses, config.api());
      }
    }
    JsonNode api = root.get("api");
    if (api != null) {
      onlyKeys(api, "api.", Set.of("listen"));
      JsonNode listen = api.get("listen");
      if (listen != null) {
        if (!listen.asText().matches("\\[?[0-9A-Za-z.:\\-]+\\]?:[0-9]{1,5}")) {
          throw new InvalidConfigException(
              "config.json: api.listen must be HOST:PORT, e.g. " + DEFAULT_API + ", not " + listen);
        }
        config =
            new RepoConfig(config.lent(), config.importPreset(), config.listen(), listen.asText());
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
    com.fasterxml.jackson.databind.node.ArrayNode addresses =
        root.putObject("network").putArray("listen");
    listen.forEach(addresses::add);
    root.putObject("api").put("listen", api);
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings always serializes", e);
    }
  }
}
