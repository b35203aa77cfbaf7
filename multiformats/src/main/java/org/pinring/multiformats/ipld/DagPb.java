package org.pinring.multiformats.ipld;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.InvalidCidException;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.MultihashAlgorithm;
import org.pinring.multiformats.protobuf.ProtobufReader;

/**
 * The dag-pb codec (ipld/specs, codecs/dag-pb): the protobuf format that carries UnixFS.
 *
 * <p>Encoding is canonical: links first, in the order the node holds them (which must be the
 * specification's name order), then data; within a link Hash, Name, Tsize; absent fields are
 * omitted, minimal varints.
 *
 * <p>Decoding applies the specification's "Protobuf Strictness" rules: {@code PBLink} fields in
 * field-number order, no duplicate fields, no unknown fields or wire types, a Hash that is a valid
 * CID in every link, and {@code PBNode} either links then data or data then links (both exist in
 * IPFS data) but never interleaved. Link order is kept as found; names must be valid UTF-8. Input
 * is bounded by {@link #MAX_BLOCK_BYTES} before anything is read, and every declared length is
 * checked against the bytes left.
 */
public final class DagPb {

  /** Largest block accepted by {@link #decode(byte[])}, the block limit of the whole system. */
  public static final int MAX_BLOCK_BYTES = DagCbor.MAX_BLOCK_BYTES;

  private static final int NODE_DATA = 1;
  private static final int NODE_LINKS = 2;
  private static final int LINK_HASH = 1;
  private static final int LINK_NAME = 2;
  private static final int LINK_TSIZE = 3;

  private DagPb() {}

  /**
   * The canonical encoding of {@code node}.
   *
   * @throws IllegalArgumentException if the links are not sorted by name bytes (build the node with
   *     {@link PbNode#sorted})
   */
  public static byte[] encode(PbNode node) {
    Objects.requireNonNull(node, "node");
    if (!node.hasSortedLinks()) {
      throw new IllegalArgumentException(
          "dag-pb links must be sorted by name bytes; build the node with PbNode.sorted");
    }
    ProtobufWriter out = new ProtobufWriter(encodedLengthEstimate(node));
    for (PbLink link : node.links()) {
      out.lengthDelimited(NODE_LINKS, encodeLink(link));
    }
    if (node.hasData()) {
      out.lengthDelimited(NODE_DATA, node.unsafeData());
    }
    return out.toByteArray();
  }

  private static int encodedLengthEstimate(PbNode node) {
    return node.dataLength() + 16 + node.links().size() * 64;
  }

  private static byte[] encodeLink(PbLink link) {
    ProtobufWriter out = new ProtobufWriter(64);
    out.lengthDelimited(LINK_HASH, link.hash().toBytes());
    if (link.name().isPresent()) {
      out.lengthDelimited(LINK_NAME, Utf8Text.encode(link.name().get()));
    }
    if (link.tsize().isPresent()) {
      out.key(LINK_TSIZE, ProtobufReader.WIRE_VARINT).varint(link.tsize().getAsLong());
    }
    return out.toByteArray();
  }

  /**
   * Decodes a dag-pb block of at most {@link #MAX_BLOCK_BYTES}.
   *
   * @throws InvalidIpldException if the bytes are not a valid dag-pb node
   */
  public static PbNode decode(byte[] bytes) {
    return decode(bytes, MAX_BLOCK_BYTES);
  }

  /**
   * Decodes a dag-pb block of at most {@code maxBytes}.
   *
   * @throws InvalidIpldException if the bytes are larger or not a valid dag-pb node
   */
  public static PbNode decode(byte[] bytes, int maxBytes) {
    Objects.requireNonNull(bytes, "bytes");
    return parse(ByteBuffer.wrap(bytes), maxBytes, true);
  }

  /**
   * The CIDs a dag-pb block links to, in order, after checking the whole block exactly as {@link
   * #decode(byte[])} does, without copying its data.
   *
   * @throws InvalidIpldException if the bytes are not a valid dag-pb node
   */
  public static List<Cid> links(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return parse(ByteBuffer.wrap(bytes), MAX_BLOCK_BYTES, false).linkedCids();
  }

  /**
   * As {@link #links(byte[])}, for the bytes between the buffer's position and limit (which stay as
   * they are): a block whose bytes live outside the heap is checked where it lies. Error offsets
   * are indices in the buffer.
   *
   * @throws InvalidIpldException if the bytes are not a valid dag-pb node
   */
  public static List<Cid> links(ByteBuffer bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return parse(bytes, MAX_BLOCK_BYTES, false).linkedCids();
  }

  private static PbNode parse(ByteBuffer bytes, int maxBytes, boolean keepData) {
    if (bytes.remaining() > maxBytes) {
      throw new InvalidIpldException(
          "dag-pb block of " + bytes.remaining() + " bytes exceeds the limit of " + maxBytes);
    }
    ProtobufReader in =
        new ProtobufReader(bytes, InvalidIpldException.inProtobuf("invalid dag-pb"));
    List<PbLink> links = new ArrayList<>();
    byte[] data = null;
    boolean dataSeen = false;
    boolean linksSeen = false;
    boolean linksAfterData = false;
    while (in.hasMore()) {
      int keyStart = in.position();
      long key = in.readKey();
      int field = (int) (key >>> 3);
      int wireType = (int) (key & 7);
      if (wireType != ProtobufReader.WIRE_LENGTH_DELIMITED) {
        throw in.error(keyStart, "PBNode fields are length-delimited, found wire type " + wireType);
      }
      if (field == NODE_DATA) {
        if (dataSeen) {
          throw in.error(keyStart, "duplicate Data field");
        }
        dataSeen = true;
        if (keepData) {
          data = in.readBytes("Data");
        } else {
          in.readLengthDelimited("Data");
        }
      } else if (field == NODE_LINKS) {
        if (dataSeen && linksSeen && !linksAfterData) {
          throw in.error(keyStart, "Links after Data after Links (interleaved fields)");
        }
        if (dataSeen) {
          linksAfterData = true;
        }
        linksSeen = true;
        links.add(decodeLink(in, in.readLengthDelimited("Link")));
      } else {
        throw in.error(keyStart, "unknown PBNode field " + field + "; only Links (2), Data (1)");
      }
    }
    return PbNode.owning(links, data);
  }

  private static PbLink decodeLink(ProtobufReader outer, int[] bounds) {
    ProtobufReader in = outer.nested(bounds);
    Cid hash = null;
    String name = null;
    long tsize = -1;
    int lastField = 0;
    while (in.hasMore()) {
      int keyStart = in.position();
      long key = in.readKey();
      int field = (int) (key >>> 3);
      int wireType = (int) (key & 7);
      if (field < LINK_HASH || field > LINK_TSIZE) {
        throw in.error(keyStart, "unknown PBLink field " + field + "; only Hash, Name, Tsize");
      }
      if (field == lastField) {
        throw in.error(keyStart, "duplicate PBLink field " + field);
      }
      if (field < lastField) {
        throw in.error(
            keyStart, "PBLink fields out of order (field " + field + " after " + lastField + ")");
      }
      lastField = field;
      int expectedWire =
          field == LINK_TSIZE ? ProtobufReader.WIRE_VARINT : ProtobufReader.WIRE_LENGTH_DELIMITED;
      if (wireType != expectedWire) {
        throw in.error(keyStart, "wrong wire type " + wireType + " for PBLink field " + field);
      }
      if (field == LINK_HASH) {
        hash = decodeHash(in, keyStart);
      } else if (field == LINK_NAME) {
        int[] nameBounds = in.readLengthDelimited("Name");
        name = decodeName(in, nameBounds, keyStart);
      } else {
        tsize = in.readNonNegativeVarint("Tsize");
      }
    }
    if (hash == null) {
      throw outer.error(bounds[0], "PBLink without a Hash");
    }
    return new PbLink(
        hash, Optional.ofNullable(name), tsize < 0 ? OptionalLong.empty() : OptionalLong.of(tsize));
  }

  private static Cid decodeHash(ProtobufReader in, int keyStart) {
    byte[] hash = in.readBytes("Hash");
    try {
      return Cid.decode(hash);
    } catch (InvalidCidException e) {
      throw in.error(keyStart, "link Hash is not a CID: " + e.getMessage());
    }
  }

  private static String decodeName(ProtobufReader in, int[] bounds, int keyStart) {
    byte[] name = new byte[bounds[1] - bounds[0]];
    in.copy(bounds, name);
    try {
      return Utf8Text.decode(name, 0, name.length);
    } catch (InvalidIpldException e) {
      throw in.error(keyStart, "link Name is not valid UTF-8");
    }
  }

  /** The CIDv1 (dag-pb, sha2-256) of an encoded node. */
  public static Cid cidOf(byte[] encoded) {
    return Cid.v1(Multicodec.DAG_PB, MultihashAlgorithm.SHA2_256.digest(encoded));
  }
}
