package org.pinring.multiformats.ipld;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.pinring.multiformats.Cid;

/**
 * A dag-pb node (ipld/specs, codecs/dag-pb, {@code PBNode}): a list of links and optional opaque
 * data. Immutable. A final class rather than a record so the data bytes can be copied in and out.
 *
 * <p>The links keep the order they were given in, because a decoded block's order is part of its
 * meaning (the specification forbids sorting on decode). {@link #sorted} builds a node for encoding
 * with the links in the specification's order; {@link DagPb#encode} refuses unsorted links.
 */
public final class PbNode {

  private final List<PbLink> links;
  private final byte[] data;

  /**
   * @param links the links in their order
   * @param data the data, or null when the node has none (different from empty data)
   */
  public PbNode(List<PbLink> links, byte[] data) {
    this(links, data, true);
  }

  private PbNode(List<PbLink> links, byte[] data, boolean copyData) {
    this.links = List.copyOf(Objects.requireNonNull(links, "links"));
    this.data = data == null || !copyData ? data : data.clone();
  }

  /** For the decoder: takes ownership of {@code data}, which nothing else references. */
  static PbNode owning(List<PbLink> links, byte[] data) {
    return new PbNode(links, data, false);
  }

  /**
   * A node whose links are sorted stably by name bytes, as the specification requires of new blocks
   * (links with equal names keep their relative order).
   */
  public static PbNode sorted(List<PbLink> links, byte[] data) {
    List<PbLink> ordered = new ArrayList<>(links);
    ordered.sort(PbLink.NAME_ORDER); // List.sort is stable
    return new PbNode(ordered, data);
  }

  public List<PbLink> links() {
    return links;
  }

  /** A copy of the data, if the node has any. */
  public Optional<byte[]> data() {
    return data == null ? Optional.empty() : Optional.of(data.clone());
  }

  public boolean hasData() {
    return data != null;
  }

  /** Length of the data without copying it; 0 when absent. */
  public int dataLength() {
    return data == null ? 0 : data.length;
  }

  /** The data itself, for encoders in this package only; never modified. */
  byte[] unsafeData() {
    return data;
  }

  /** The CIDs of every link, in order. */
  public List<Cid> linkedCids() {
    List<Cid> cids = new ArrayList<>(links.size());
    for (PbLink link : links) {
      cids.add(link.hash());
    }
    return cids;
  }

  /** Whether the links are in the specification's order (what encoding requires). */
  public boolean hasSortedLinks() {
    for (int i = 1; i < links.size(); i++) {
      if (PbLink.NAME_ORDER.compare(links.get(i - 1), links.get(i)) > 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PbNode that
        && links.equals(that.links)
        && Arrays.equals(data, that.data);
  }

  @Override
  public int hashCode() {
    return 31 * links.hashCode() + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "PbNode[links=" + links + ", data=" + (data == null ? "none" : describe(data)) + "]";
  }

  /** At most 32 bytes in hex, so a 1 MiB node does not flood a log line. */
  private static String describe(byte[] bytes) {
    String hex = HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 32));
    return bytes.length <= 32 ? hex : hex + "... (" + bytes.length + " bytes)";
  }
}
