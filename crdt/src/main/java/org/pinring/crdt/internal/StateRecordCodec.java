package org.pinring.crdt.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.pinring.crdt.OperationId;
import org.pinring.crdt.PinState;
import org.pinring.crdt.PinValue;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.ipld.InvalidIpldException;
import org.pinring.multiformats.ipld.Ipld;
import org.pinring.multiformats.ipld.IpldBytes;
import org.pinring.multiformats.ipld.IpldList;
import org.pinring.multiformats.ipld.IpldMap;

/**
 * A CID's {@link PinState} as a DAG-CBOR map, the unit the state root hashes:
 *
 * <pre>
 * {cid: link, live: [{tag: bytes(32), version: int, spec: spec-body}...], removed: [bytes(32)...]}
 * </pre>
 *
 * Both lists are sorted by tag bytes; readers reject any other order.
 */
public final class StateRecordCodec {

  private static final Set<String> KEYS = Set.of("cid", "live", "removed");
  private static final Set<String> LIVE_KEYS = Set.of("tag", "version", "spec");

  private StateRecordCodec() {}

  private static final byte[] KEY_CID = ascii("cid");
  private static final byte[] KEY_LIVE = ascii("live");
  private static final byte[] KEY_REMOVED = ascii("removed");
  private static final byte[] KEY_TAG = ascii("tag");
  private static final byte[] KEY_SPEC = ascii("spec");
  private static final byte[] KEY_VERSION = ascii("version");

  /**
   * The canonical DAG-CBOR bytes of {@code state}: exactly {@code DagCbor.encode(encode(state))},
   * written directly (a record is encoded for every state change, and building the {@code Ipld}
   * tree with its sorted maps cost more than the rest of the write). Keys in canonical order:
   * {@code cid, live, removed} and {@code tag, spec, version}.
   */
  public static byte[] encodeBytes(PinState state) {
    CborWriter out = new CborWriter(128 + 160 * state.live().size() + 34 * state.removed().size());
    out.header(CborWriter.MAJOR_MAP, 3);
    out.asciiKey(KEY_CID).link(state.cid());
    out.asciiKey(KEY_LIVE).header(CborWriter.MAJOR_ARRAY, state.live().size());
    for (PinValue value : state.live().values()) {
      out.header(CborWriter.MAJOR_MAP, 3);
      out.asciiKey(KEY_TAG).bytes(value.tag().toBytes());
      out.asciiKey(KEY_SPEC);
      PinSpecCodec.writeBody(value.spec(), out);
      out.asciiKey(KEY_VERSION).integer(value.version());
    }
    out.asciiKey(KEY_REMOVED).header(CborWriter.MAJOR_ARRAY, state.removed().size());
    for (OperationId removed : state.removed()) {
      out.bytes(removed.toBytes());
    }
    return out.toByteArray();
  }

  public static IpldMap encode(PinState state) {
    List<Ipld> live = new ArrayList<>(state.live().size());
    for (PinValue value : state.live().values()) {
      live.add(
          IpldMap.builder()
              .put("tag", value.tag().toBytes())
              .put("version", value.version())
              .put("spec", PinSpecCodec.encodeBody(value.spec()))
              .build());
    }
    return IpldMap.builder()
        .put("cid", state.cid())
        .put("live", new IpldList(live))
        .put("removed", Fields.operationIdList(state.removed()))
        .build();
  }

  /**
   * @throws IllegalArgumentException (often an {@link InvalidIpldException}) naming what is wrong
   */
  public static PinState decode(Ipld value) {
    IpldMap map = Fields.map(value, "pin record").requireOnlyKeys(KEYS);
    Cid cid = map.link("cid");
    TreeMap<OperationId, PinValue> live = new TreeMap<>();
    OperationId previous = null;
    for (Ipld item : map.list("live").items()) {
      IpldMap entry = Fields.map(item, "live add").requireOnlyKeys(LIVE_KEYS);
      OperationId tag =
          OperationId.of(Fields.as(entry.require("tag"), IpldBytes.class, "tag").value());
      if (previous != null && previous.compareTo(tag) >= 0) {
        throw new InvalidIpldException("live adds must be sorted by tag and unique");
      }
      previous = tag;
      live.put(
          tag,
          new PinValue(
              tag, entry.integer("version"), PinSpecCodec.decodeBody(entry.require("spec"), cid)));
    }
    return new PinState(cid, live, Fields.operationIds(map, "removed", Integer.MAX_VALUE));
  }

  private static byte[] ascii(String key) {
    return key.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
