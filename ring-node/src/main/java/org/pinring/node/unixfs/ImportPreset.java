package org.pinring.node.unixfs;

import java.util.Locale;

/**
 * Import settings matching another implementation's defaults, so the same bytes give the same root
 * CID there and here.
 */
public enum ImportPreset {
  /**
   * Helia's {@code @helia/unixfs} default (and PinRing's): CIDv1, raw leaves, 1 MiB chunks,
   * balanced layout with up to 1024 links per node.
   */
  HELIA(1, true, 1 << 20, 1024),

  /**
   * kubo's classic {@code ipfs add} default: CIDv0, dag-pb leaves, 256 KiB chunks, balanced layout
   * with up to 174 links per node.
   */
  KUBO(0, false, 256 << 10, 174);

  private final int cidVersion;
  private final boolean rawLeaves;
  private final int chunkSize;
  private final int maxChildrenPerNode;

  ImportPreset(int cidVersion, boolean rawLeaves, int chunkSize, int maxChildrenPerNode) {
    this.cidVersion = cidVersion;
    this.rawLeaves = rawLeaves;
    this.chunkSize = chunkSize;
    this.maxChildrenPerNode = maxChildrenPerNode;
  }

  public ImportOptions options() {
    return new ImportOptions(
        cidVersion,
        rawLeaves,
        chunkSize,
        maxChildrenPerNode,
        ImportOptions.DEFAULT_SHARD_SPLIT_THRESHOLD_BYTES,
        false,
        false);
  }

  /**
   * The preset named {@code name}, ignoring case.
   *
   * @throws IllegalArgumentException naming the presets that exist
   */
  public static ImportPreset forName(String name) {
    for (ImportPreset preset : values()) {
      if (preset.name().equalsIgnoreCase(name.strip())) {
        return preset;
      }
    }
    throw new IllegalArgumentException("unknown preset '" + name + "'; use helia or kubo");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
