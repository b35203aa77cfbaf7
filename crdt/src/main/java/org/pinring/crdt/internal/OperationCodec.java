package org.pinring.crdt.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.pinring.crdt.Checkpoint;
import org.pinring.crdt.CheckpointOperation;
import org.pinring.crdt.CrdtLimits;
import org.pinring.crdt.FrontierEntry;
import org.pinring.crdt.Nonce;
import org.pinring.crdt.Operation;
import org.pinring.crdt.PinEntry;
import org.pinring.crdt.PinOperation;
import org.pinring.crdt.RingId;
import org.pinring.crdt.RingOperation;
import org.pinring.crdt.SignedOperation;
import org.pinring.crdt.StateRoot;
import org.pinring.crdt.UnpinEntry;
import org.pinring.crdt.UnpinOperation;
import org.pinring.crdt.UpdateEntry;
import org.pinring.crdt.UpdateOperation;
import org.pinring.multiformats.ipld.DagCbor;
import org.pinring.multiformats.ipld.InvalidIpldException;
import org.pinring.multiformats.ipld.Ipld;
import org.pinring.multiformats.ipld.IpldList;
import org.pinring.multiformats.ipld.IpldMap;

/**
 * {@link Operation}s as DAG-CBOR maps (field tables in {@code docs/crdt.md}):
 *
 * <pre>
 * {kind: "pin"|"update"|"unpin"|"ring"|"checkpoint", ring: bytes, nonce: bytes(16), body: {...}}
 * </pre>
 */
public final class OperationCodec {

  private static final Set<String> SIGNED_KEYS = Set.of("op", "sig");
  private static final Set<String> OPERATION_KEYS = Set.of("kind", "ring", "nonce", "body");
  private static final Set<String> ENTRIES_KEYS = Set.of("entries");
  private static final Set<String> PIN_ENTRY_KEYS = Set.of("spec", "version");
  private static final Set<String> UPDATE_ENTRY_KEYS = Set.of("spec", "version", "replaces");
  private static final Set<String> UNPIN_ENTRY_KEYS = Set.of("cid", "removes");
  private static final Set<String> RING_KEYS = Set.of("type", "payload");
  private static final Set<String> CHECKPOINT_KEYS = Set.of("frontier", "state", "snapshot");
  private static final Set<String> FRONTIER_KEYS = Set.of("cid", "height");

  private OperationCodec() {}

  public static IpldMap encode(Operation operation) {
    return IpldMap.builder()
        .put("kind", operation.kind())
        .put("ring", operation.ring().toBytes())
        .put("nonce", operation.nonce().toBytes())
        .put("body", encodeBody(operation))
        .build();
  }

  private static IpldMap encodeBody(Operation operation) {
    List<Ipld> entries = new ArrayList<>();
    if (operation instanceof PinOperation pin) {
      for (PinEntry entry : pin.entries()) {
        entries.add(
            IpldMap.builder()
                .put("spec", PinSpecCodec.encode(entry.spec()))
                .put("version", entry.version())
                .build());
      }
    } else if (operation instanceof UpdateOperation update) {
      for (UpdateEntry entry : update.entries()) {
        entries.add(
            IpldMap.builder()
                .put("spec", PinSpecCodec.encode(entry.spec()))
                .put("version", entry.version())
                .put("replaces", Fields.operationIdList(entry.replaces()))
                .build());
      }
    } else if (operation instanceof UnpinOperation unpin) {
      for (UnpinEntry entry : unpin.entries()) {
        entries.add(
            IpldMap.builder()
                .put("cid", entry.cid())
                .put("removes", Fields.operationIdList(entry.removes()))
                .build());
      }
    } else if (operation instanceof RingOperation ring) {
      return IpldMap.builder().put("type", ring.type()).put("payload", ring.payload()).build();
    } else if (operation instanceof CheckpointOperation checkpoint) {
      return encodeCheckpoint(checkpoint.checkpoint());
    } else {
      throw new AssertionError("unknown operation " + operation);
    }
    return IpldMap.builder().put("entries", new IpldList(entries)).build();
  }

  /** A signed operation as carried in a delta: {@code {op: operation, sig: bytes}}. */
  public static byte[] encodeSigned(SignedOperation signed) {
    return DagCbor.encode(
        IpldMap.builder().put("op", signed.toIpld()).put("sig", signed.signature()).build());
  }

  /**
   * @throws IllegalArgumentException if the bytes are not a signed operation
   */
  public static SignedOperation decodeSigned(byte[] bytes) {
    IpldMap map =
        Fields.map(DagCbor.decode(bytes), "signed operation").requireOnlyKeys(SIGNED_KEYS);
    return SignedOperation.of(decode(map.require("op")), map.bytes("sig"));
  }

  public static IpldMap encodeCheckpoint(Checkpoint checkpoint) {
    return IpldMap.builder()
        .put("frontier", encodeFrontier(checkpoint.frontier()))
        .put("state", checkpoint.stateRoot().toBytes())
        .put("snapshot", checkpoint.snapshot())
        .build();
  }

  static IpldList encodeFrontier(List<FrontierEntry> frontier) {
    List<Ipld> items = new ArrayList<>(frontier.size());
    for (FrontierEntry entry : frontier) {
      items.add(IpldMap.builder().put("cid", entry.delta()).put("height", entry.height()).build());
    }
    return new IpldList(items);
  }

  /**
   * @throws IllegalArgumentException (often an {@link InvalidIpldException}) naming what is wrong
   */
  public static Operation decode(Ipld value) {
    IpldMap map = Fields.map(value, "operation").requireOnlyKeys(OPERATION_KEYS);
    RingId ring = RingId.of(map.bytes("ring"));
    Nonce nonce = Nonce.of(map.bytes("nonce"));
    String kind = map.string("kind");
    IpldMap body = map.map("body");
    return switch (kind) {
      case "pin" -> new PinOperation(ring, nonce, pinEntries(body));
      case "update" -> new UpdateOperation(ring, nonce, updateEntries(body));
      case "unpin" -> new UnpinOperation(ring, nonce, unpinEntries(body));
      case "ring" -> {
        body.requireOnlyKeys(RING_KEYS);
        yield new RingOperation(ring, nonce, body.string("type"), body.require("payload"));
      }
      case "checkpoint" -> new CheckpointOperation(ring, nonce, decodeCheckpoint(body));
      default -> throw new InvalidIpldException("unknown operation kind '" + kind + "'");
    };
  }

  public static Checkpoint decodeCheckpoint(IpldMap body) {
    body.requireOnlyKeys(CHECKPOINT_KEYS);
    return new Checkpoint(
        decodeFrontier(body.list("frontier")),
        StateRoot.of(body.bytes("state")),
        body.link("snapshot"));
  }

  static List<FrontierEntry> decodeFrontier(IpldList list) {
    Fields.checkCount("frontier", list.size(), CrdtLimits.MAX_PARENTS);
    List<FrontierEntry> frontier = new ArrayList<>(list.size());
    for (Ipld item : list.items()) {
      IpldMap entry = Fields.map(item, "frontier entry").requireOnlyKeys(FRONTIER_KEYS);
      FrontierEntry decoded = new FrontierEntry(entry.link("cid"), entry.integer("height"));
      if (!frontier.isEmpty()
          && frontier.get(frontier.size() - 1).delta().compareTo(decoded.delta()) >= 0) {
        throw new InvalidIpldException("frontier entries must be sorted by CID and unique");
      }
      frontier.add(decoded);
    }
    return frontier;
  }

  private static IpldList entryList(IpldMap body) {
    body.requireOnlyKeys(ENTRIES_KEYS);
    IpldList entries = body.list("entries");
    Fields.checkCount("entries", entries.size(), CrdtLimits.MAX_ENTRIES_PER_OPERATION);
    return entries;
  }

  private static List<PinEntry> pinEntries(IpldMap body) {
    List<PinEntry> entries = new ArrayList<>();
    for (Ipld item : entryList(body).items()) {
      IpldMap entry = Fields.map(item, "pin entry").requireOnlyKeys(PIN_ENTRY_KEYS);
      entries.add(
          new PinEntry(PinSpecCodec.decode(entry.require("spec")), entry.integer("version")));
    }
    return entries;
  }

  private static List<UpdateEntry> updateEntries(IpldMap body) {
    List<UpdateEntry> entries = new ArrayList<>();
    for (Ipld item : entryList(body).items()) {
      IpldMap entry = Fields.map(item, "update entry").requireOnlyKeys(UPDATE_ENTRY_KEYS);
      entries.add(
          new UpdateEntry(
              PinSpecCodec.decode(entry.require("spec")),
              entry.integer("version"),
              Fields.operationIds(entry, "replaces", CrdtLimits.MAX_TAGS_PER_ENTRY)));
    }
    return entries;
  }

  private static List<UnpinEntry> unpinEntries(IpldMap body) {
    List<UnpinEntry> entries = new ArrayList<>();
    for (Ipld item : entryList(body).items()) {
      IpldMap entry = Fields.map(item, "unpin entry").requireOnlyKeys(UNPIN_ENTRY_KEYS);
      entries.add(
          new UnpinEntry(
              entry.link("cid"),
              Fields.operationIds(entry, "removes", CrdtLimits.MAX_TAGS_PER_ENTRY)));
    }
    return entries;
  }
}
