package org.pinring.crdt.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.pinring.crdt.CrdtLimits;
import org.pinring.crdt.PinMode;
import org.pinring.crdt.PinSpec;
import org.pinring.crdt.Replication;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multiaddr;
import org.pinring.multiformats.ipld.InvalidIpldException;
import org.pinring.multiformats.ipld.Ipld;
import org.pinring.multiformats.ipld.IpldBytes;
import org.pinring.multiformats.ipld.IpldList;
import org.pinring.multiformats.ipld.IpldMap;
import org.pinring.multiformats.ipld.IpldString;

/**
 * {@link PinSpec} as a DAG-CBOR map. Inside a state record the CID is the record's key, so the
 * "body" form leaves it out.
 *
 * <p>Fields: {@code cid} link; {@code name} string; {@code mode} "recursive" or "direct"; {@code
 * rmin}, {@code rmax} integers; {@code tags} list of strings; {@code meta} map of strings; {@code
 * origins} list of binary multiaddrs; {@code expires} Unix milliseconds, present only when the pin
 * expires.
 */
public final class PinSpecCodec {

  private static final Set<String> BODY_KEYS =
      Set.of("name", "mode", "rmin", "rmax", "tags", "meta", "origins", "expires");
  private static final Set<String> KEYS = union(BODY_KEYS, "cid");

  private PinSpecCodec() {}

  public static IpldMap encode(PinSpec spec) {
    IpldMap.Builder map = bodyBuilder(spec);
    map.put("cid", spec.cid());
    return map.build();
  }

  public static IpldMap encodeBody(PinSpec spec) {
    return bodyBuilder(spec).build();
  }

  private static IpldMap.Builder bodyBuilder(PinSpec spec) {
    IpldMap.Builder map = IpldMap.builder();
    map.put("name", spec.name());
    map.put("mode", spec.mode().wireName());
    map.put("rmin", spec.replication().min());
    map.put("rmax", spec.replication().max());
    List<Ipld> tags = new ArrayList<>(spec.placementTags().size());
    for (String tag : spec.placementTags()) {
      tags.add(Ipld.of(tag));
    }
    map.put("tags", new IpldList(tags));
    IpldMap.Builder meta = IpldMap.builder();
    for (Map.Entry<String, String> entry : spec.metadata().entrySet()) {
      meta.put(entry.getKey(), entry.getValue());
    }
    map.put("meta", meta.build());
    List<Ipld> origins = new ArrayList<>(spec.origins().size());
    for (Multiaddr origin : spec.origins()) {
      origins.add(Ipld.of(origin.toBytes()));
    }
    map.put("origins", new IpldList(origins));
    spec.expiry().ifPresent(expiry -> map.put("expires", expiry.toEpochMilli()));
    return map;
  }

  private static final byte[] KEY_META = ascii("meta");
  private static final byte[] KEY_MODE = ascii("mode");
  private static final byte[] KEY_NAME = ascii("name");
  private static final byte[] KEY_RMAX = ascii("rmax");
  private static final byte[] KEY_RMIN = ascii("rmin");
  private static final byte[] KEY_TAGS = ascii("tags");
  private static final byte[] KEY_EXPIRES = ascii("expires");
  private static final byte[] KEY_ORIGINS = ascii("origins");

  /**
   * Writes the body form of {@code spec}, the same bytes as {@code
   * DagCbor.encode(encodeBody(spec))} (keys in canonical order: the six of four letters bytewise,
   * then {@code expires, origins}; metadata keys by UTF-8 length, then bytewise).
   */
  static void writeBody(PinSpec spec, CborWriter out) {
    boolean expires = spec.expiry().isPresent();
    out.header(CborWriter.MAJOR_MAP, expires ? 8 : 7);
    out.asciiKey(KEY_META);
    writeMetadata(spec.metadata(), out);
    out.asciiKey(KEY_MODE).text(spec.mode().wireName());
    out.asciiKey(KEY_NAME).text(spec.name());
    out.asciiKey(KEY_RMAX).integer(spec.replication().max());
    out.asciiKey(KEY_RMIN).integer(spec.replication().min());
    out.asciiKey(KEY_TAGS).header(CborWriter.MAJOR_ARRAY, spec.placementTags().size());
    for (String tag : spec.placementTags()) {
      out.text(tag);
    }
    if (expires) {
      out.asciiKey(KEY_EXPIRES).integer(spec.expiry().get().toEpochMilli());
    }
    out.asciiKey(KEY_ORIGINS).header(CborWriter.MAJOR_ARRAY, spec.origins().size());
    for (Multiaddr origin : spec.origins()) {
      out.bytes(origin.toBytes());
    }
  }

  private static void writeMetadata(Map<String, String> metadata, CborWriter out) {
    out.header(CborWriter.MAJOR_MAP, metadata.size());
    if (metadata.isEmpty()) {
      return;
    }
    List<Map.Entry<byte[], String>> keys = new ArrayList<>(metadata.size());
    for (String key : metadata.keySet()) {
      keys.add(Map.entry(CborWriter.utf8(key), key));
    }
    keys.sort(Map.Entry.comparingByKey(IpldMap.CANONICAL_KEY_ORDER));
    for (Map.Entry<byte[], String> key : keys) {
      byte[] utf8 = key.getKey();
      out.header(CborWriter.MAJOR_TEXT, utf8.length).raw(utf8, 0, utf8.length);
      out.text(metadata.get(key.getValue()));
    }
  }

  private static byte[] ascii(String key) {
    return key.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /**
   * @throws IllegalArgumentException (often an {@link InvalidIpldException}) if the value is not a
   *     valid pin spec
   */
  public static PinSpec decode(Ipld value) {
    IpldMap map = Fields.map(value, "pin spec").requireOnlyKeys(KEYS);
    return decodeFields(map, map.link("cid"));
  }

  /** Decodes the body form, for the record of {@code cid}. */
  public static PinSpec decodeBody(Ipld value, Cid cid) {
    IpldMap map = Fields.map(value, "pin spec").requireOnlyKeys(BODY_KEYS);
    return decodeFields(map, cid);
  }

  private static PinSpec decodeFields(IpldMap map, Cid cid) {
    IpldList tagList = map.list("tags");
    Fields.checkCount("tags", tagList.size(), CrdtLimits.MAX_PLACEMENT_TAGS);
    TreeSet<String> tags = new TreeSet<>();
    String previous = null;
    for (Ipld tag : tagList.items()) {
      String text = Fields.as(tag, IpldString.class, "placement tag").value();
      if (previous != null && previous.compareTo(text) >= 0) {
        throw new InvalidIpldException("placement tags must be sorted and unique");
      }
      previous = text;
      tags.add(text);
    }
    IpldMap metaMap = map.map("meta");
    Fields.checkCount("meta", metaMap.size(), CrdtLimits.MAX_METADATA_ENTRIES);
    SortedMap<String, String> meta = new TreeMap<>();
    for (Map.Entry<String, Ipld> entry : metaMap.entries().entrySet()) {
      meta.put(
          entry.getKey(), Fields.as(entry.getValue(), IpldString.class, "metadata value").value());
    }
    IpldList originList = map.list("origins");
    Fields.checkCount("origins", originList.size(), CrdtLimits.MAX_ORIGINS);
    List<Multiaddr> origins = new ArrayList<>(originList.size());
    for (Ipld origin : originList.items()) {
      origins.add(Multiaddr.decode(Fields.as(origin, IpldBytes.class, "origin").value()));
    }
    Optional<Instant> expiry =
        map.get("expires").isPresent()
            ? Optional.of(Instant.ofEpochMilli(map.integer("expires")))
            : Optional.empty();
    return new PinSpec(
        cid,
        map.string("name"),
        PinMode.fromWireName(map.string("mode")),
        new Replication(Fields.intValue(map, "rmin"), Fields.intValue(map, "rmax")),
        tags,
        expiry,
        meta,
        origins);
  }

  private static Set<String> union(Set<String> keys, String extra) {
    Set<String> all = new TreeSet<>(keys);
    all.add(extra);
    return Set.copyOf(all);
  }
}
