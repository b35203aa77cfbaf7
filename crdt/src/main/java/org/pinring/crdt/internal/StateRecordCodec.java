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
}
