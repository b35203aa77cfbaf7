package org.pinring.node.unixfs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reads interop/js/vectors/unixfs-golden.mjs's output (committed as a test resource) and rebuilds
 * its fixtures: file contents as streams, directory trees on disk.
 */
final class GoldenFixtures {

  static final String RESOURCE = "/vectors/js-unixfs-golden.json";

  private GoldenFixtures() {}

  static JsonNode load() {
    try (InputStream in = GoldenFixtures.class.getResourceAsStream(RESOURCE)) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The import options a vector names: a preset, or explicit custom options. */
  static ImportOptions options(JsonNode vector) {
    String preset = vector.get("preset").asText();
    if (!preset.equals("custom")) {
      return ImportPreset.forName(preset).options();
    }
    JsonNode o = vector.get("options");
    return new ImportOptions(
        o.get("cidVersion").asInt(),
        o.get("rawLeaves").asBoolean(),
        o.get("chunkSize").asInt(),
        o.get("maxChildrenPerNode").asInt(),
        ImportOptions.DEFAULT_SHARD_SPLIT_THRESHOLD_BYTES,
        false,
        false);
  }

  static InputStream content(JsonNode spec) {
    return new PatternInputStream(
        spec.get("length").asLong(), spec.get("mul").asLong(), spec.get("add").asLong());
  }

  /** Writes a tree's entries under {@code base}; returns the path of its top directory. */
  static Path materialize(JsonNode tree, Path base) throws IOException {
    Path top = null;
    List<JsonNode> withMetadata = new ArrayList<>();
    for (JsonNode item : tree.get("entries")) {
      Path path = base.resolve(item.get("path").asText());
      if (top == null) {
        top = path;
      }
      if (item.has("many")) {
        JsonNode many = item.get("many");
        for (int i = 0; i < many.get("count").asInt(); i++) {
          String name =
              many.get("prefix").asText()
                  + String.format("%0" + many.get("digits").asInt() + "d", i)
                  + many.get("suffix").asText();
          Files.writeString(path.resolve(name), "file " + i + "\n", StandardCharsets.UTF_8);
        }
      } else if (item.has("dir")) {
        Files.createDirectories(path);
      } else if (item.has("symlink")) {
        Files.createSymbolicLink(path, Path.of(item.get("symlink").asText()));
      } else {
        try (OutputStream out = Files.newOutputStream(path);
            InputStream in = content(item.get("file"))) {
          in.transferTo(out);
        }
      }
      if (item.has("mode")) {
        withMetadata.add(item);
      }
    }
    // Deepest first, so setting a directory's time is not undone by writing inside it.
    for (int i = withMetadata.size() - 1; i >= 0; i--) {
      JsonNode item = withMetadata.get(i);
      Path path = base.resolve(item.get("path").asText());
      Files.setPosixFilePermissions(path, permissions(item.get("mode").asInt()));
      JsonNode mtime = item.get("mtime");
      Files.setLastModifiedTime(
          path,
          FileTime.from(
              Instant.ofEpochSecond(mtime.get("secs").asLong(), mtime.get("nsecs").asLong())));
    }
    return top;
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE,
      PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        set.add(order[bit]);
      }
    }
    return set;
  }
}
