package org.pinring.multiformats.ipld;

import java.util.ArrayList;
import java.util.List;
import org.pinring.multiformats.Cid;

/**
 * A value of the IPLD Data Model: null, boolean, integer, float, string, bytes, list, map (string
 * keys) or link (a CID). Every implementation is an immutable record; equality is structural.
 *
 * <p>Integers are limited to Java's signed 64-bit range. DAG-CBOR can carry unsigned values up to
 * 2^64 - 1; PinRing rejects those with a clear error rather than silently changing them.
 */
public sealed interface Ipld
    permits IpldNull,
        IpldBool,
        IpldInt,
        IpldFloat,
        IpldString,
        IpldBytes,
        IpldList,
        IpldMap,
        IpldLink {

  /** The Data Model kind, for error messages. */
  String kind();

  /** Every CID linked from this value, depth first, in encoding order (duplicates kept). */
  default List<Cid> links() {
    List<Cid> links = new ArrayList<>();
    collectLinks(this, links);
    return links;
  }

  private static void collectLinks(Ipld value, List<Cid> out) {
    if (value instanceof IpldLink link) {
      out.add(link.cid());
    } else if (value instanceof IpldList list) {
      for (Ipld item : list.items()) {
        collectLinks(item, out);
      }
    } else if (value instanceof IpldMap map) {
      for (Ipld item : map.entries().values()) {
        collectLinks(item, out);
      }
    }
  }

  static IpldNull nullValue() {
    return IpldNull.INSTANCE;
  }

  static IpldBool of(boolean value) {
    return value ? IpldBool.TRUE : IpldBool.FALSE;
  }

  static IpldInt of(long value) {
    return new IpldInt(value);
  }

  static IpldFloat of(double value) {
    return new IpldFloat(value);
  }

  static IpldString of(String value) {
    return new IpldString(value);
  }

  static IpldBytes of(byte[] value) {
    return new IpldBytes(value);
  }

  static IpldLink of(Cid value) {
    return new IpldLink(value);
  }
}
