package org.pinring.node.dag;

import java.nio.ByteBuffer;
import java.util.List;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.ipld.DagCbor;
import org.pinring.multiformats.ipld.DagJson;
import org.pinring.multiformats.ipld.DagPb;
import org.pinring.multiformats.ipld.InvalidIpldException;

/**
 * The links out of a block, by the codec its CID names: dag-pb links, every tag-42 link of dag-cbor
 * (decoded leniently, as the specification allows for content written elsewhere), every {@code
 * {"/": cid}} of dag-json; raw blocks have none. Blocks of other codecs are treated as leaves,
 * since PinRing cannot see their links; {@link #understands} tells which is which.
 */
public final class BlockLinks {

  private BlockLinks() {}

  /**
   * The CIDs {@code data} links to, in encoding order, duplicates kept.
   *
   * @throws InvalidIpldException if the bytes are not valid for the CID's codec
   */
  public static List<Cid> of(Cid cid, byte[] data) {
    long codec = cid.codec();
    if (codec == Multicodec.DAG_PB.code()) {
      return DagPb.links(data);
    }
    if (codec == Multicodec.DAG_CBOR.code()) {
      return DagCbor.decode(data, DagCbor.DecodeOptions.lenient()).links();
    }
    if (codec == Multicodec.DAG_JSON.code()) {
      return DagJson.decode(data).links();
    }
    return List.of();
  }

  /**
   * As {@link #of(Cid, byte[])} for the bytes between {@code data}'s position and limit (which stay
   * as they are). Dag-pb is read where the bytes lie, so an off-heap leaf is not copied; dag-cbor
   * and dag-json, whose decoders read arrays, are copied first.
   *
   * @throws InvalidIpldException if the bytes are not valid for the CID's codec
   */
  public static List<Cid> of(Cid cid, ByteBuffer data) {
    long codec = cid.codec();
    if (codec == Multicodec.DAG_PB.code()) {
      return DagPb.links(data);
    }
    if (codec == Multicodec.DAG_CBOR.code() || codec == Multicodec.DAG_JSON.code()) {
      byte[] copy = new byte[data.remaining()];
      data.get(data.position(), copy);
      return of(cid, copy);
    }
    return List.of();
  }

  /** Whether PinRing can read links out of blocks of this codec (raw counts: it has none). */
  public static boolean understands(long codec) {
    return codec == Multicodec.RAW.code()
        || codec == Multicodec.DAG_PB.code()
        || codec == Multicodec.DAG_CBOR.code()
        || codec == Multicodec.DAG_JSON.code();
  }
}
