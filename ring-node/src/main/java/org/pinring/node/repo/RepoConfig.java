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
import org.pinring.node.unixfs.BlockWriting;
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
 *   "import": { "preset": "helia", "writers": 32, "writeWindow": "32MiB" }
 * }
 * }</pre>
 *
 * @param lent the space lent to the ring: the block store never stores more
 * @param importPreset the UnixFS import settings {@code pinring add} uses unless told otherwise
 * @param listen the multiaddrs the daemon's libp2p host listens on ({@code network.listen})
 * @param api the HOST:PORT the daemon's HTTP API binds ({@code api.listen})
 * @param blockWriting how imports store blocks ({@code import.writers}, {@code
 *     import.writeWindow}): writer threads and bytes in flight
 */
public record RepoConfig(
    ByteSize lent,
    ImportPreset importPreset,
    java.util.List<String> listen,
    String api,
    BlockWriting blockWriting) {

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
    Objects.requireNonNull(blockWriting, "blockWriting");
  }

  public RepoConfig(ByteSize lent, ImportPreset importPreset) {
    this(lent, importPreset, DEFAULT_LISTEN, DEFAULT_API, BlockWriting.defaults());
  }

  public static RepoConfig defaults() {
    return new RepoConfig(DEFAULT_LENT, ImportPreset.HELIA);
  }

  public RepoConfig withLent(ByteSize size) {
    return new RepoConfig(size, importPreset, listen, api, blockWriting);
  }

  public RepoConfig withBlockWriting(BlockWriting writing) {
    return new RepoConfig(lent, importPreset, listen, api, writing);
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
      onlyKeys(imports, "import.", Set.of("preset", "writers", "writeWindow"));
      JsonNode preset = imports.get("preset");
      if (preset != null) {
        try {
          config =
              new RepoConfig(
                  config.lent(),
                  ImportPreset.forName(preset.asText()),
                  config.listen(),
                  config.api(),
                  config.blockWriting());
        } catch (IllegalArgumentException e) {
          throw new InvalidConfigException("config.json: import.preset: " + e.getMessage());
        }
      }
      config = config.withBlockWriting(blockWriting(imports, config.blockWriting()));
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
        config =
            new RepoConfig(
                config.lent(),
                config.importPreset(),
                addresses,
                config.api(),
                config.blockWriting());
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
            new RepoConfig(
                config.lent(),
                config.importPreset(),
                config.listen(),
                listen.asText(),
                config.blockWriting());
      }
    }
    return config;
  }

  private static BlockWriting blockWriting(JsonNode imports, BlockWriting writing) {
    JsonNode writers = imports.get("writers");
    if (writers != null) {
      if (!writers.canConvertToInt()) {
        throw new InvalidConfigException(
            "config.json: import.writers must be a whole number, not " + writers);
      }
      try {
        writing = writing.withWriters(writers.asInt());
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigException("config.json: import.writers: " + e.getMessage());
      }
    }
    JsonNode window = imports.get("writeWindow");
    if (window != null) {
      try {
        writing = writing.withMaxBytesInFlight(ByteSize.parse(window.asText()).bytes());
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigException("config.json: import.writeWindow: " + e.getMessage());
      }
    }
    return writing;
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
    ObjectNode imports = root.putObject("import");
    imports.put("preset", importPreset.name().toLowerCase(Locale.ROOT));
    imports.put("writers", blockWriting.writers());
    imports.put("writeWindow", ByteSize.ofBytes(blockWriting.maxBytesInFlight()).toConfigText());
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
