package org.pinring.crdt.internal;

import java.util.SortedSet;
import java.util.TreeSet;
import org.pinring.crdt.OperationId;
import org.pinring.multiformats.ipld.InvalidIpldException;
import org.pinring.multiformats.ipld.Ipld;
import org.pinring.multiformats.ipld.IpldBytes;
import org.pinring.multiformats.ipld.IpldList;
import org.pinring.multiformats.ipld.IpldMap;

/** Typed reading helpers for PinRing's DAG-CBOR formats; every failure names the field. */
final class Fields {

  private Fields() {}

  static IpldMap map(Ipld value, String what) {
    return as(value, IpldMap.class, what);
  }

  static <T extends Ipld> T as(Ipld value, Class<T> type, String what) {
    if (!type.isInstance(value)) {
      throw new InvalidIpldException(
          what + " must be a " + kindName(type) + ", found " + value.kind());
    }
    return type.cast(value);
  }

  static void checkCount(String field, int count, int max) {
    if (count > max) {
      throw new InvalidIpldException(
          "field '" + field + "' has " + count + " items, more than the limit of " + max);
    }
  }

  static int intValue(IpldMap map, String key) {
    long value = map.integer(key);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new InvalidIpldException("field '" + key + "' is out of range: " + value);
    }
    return (int) value;
  }

  /** A list of 32-byte operation ids that must be strictly ascending (sorted, unique). */
  static SortedSet<OperationId> operationIds(IpldMap map, String key, int max) {
    IpldList list = map.list(key);
    checkCount(key, list.size(), max);
    TreeSet<OperationId> ids = new TreeSet<>();
    OperationId previous = null;
    for (Ipld item : list.items()) {
      OperationId id = OperationId.of(as(item, IpldBytes.class, "tag in '" + key + "'").value());
      if (previous != null && previous.compareTo(id) >= 0) {
        throw new InvalidIpldException("tags in '" + key + "' must be sorted and unique");
      }
      previous = id;
      ids.add(id);
    }
    return ids;
  }

  static IpldList operationIdList(Iterable<OperationId> ids) {
    java.util.List<Ipld> items = new java.util.ArrayList<>();
    for (OperationId id : ids) {
      items.add(Ipld.of(id.toBytes()));
    }
    return new IpldList(items);
  }

  private static String kindName(Class<? extends Ipld> type) {
    String simple = type.getSimpleName();
    return simple.startsWith("Ipld")
        ? simple.substring(4).toLowerCase(java.util.Locale.ROOT)
        : simple;
  }
}
