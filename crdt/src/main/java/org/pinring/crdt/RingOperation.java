package org.pinring.crdt;

import java.util.Objects;
import org.pinring.multiformats.ipld.DagCbor;
import org.pinring.multiformats.ipld.Ipld;
import org.pinring.multiformats.ipld.IpldList;
import org.pinring.multiformats.ipld.IpldMap;

/**
 * A signed ring operation whose meaning the node layer defines (e.g. {@code ban-peer}). The CRDT
 * verifies, replicates and stores it (a grow-only set keyed by operation id) without interpreting
 * the payload.
 *
 * @param type what kind of ring operation, 1 to {@link CrdtLimits#MAX_RING_OPERATION_TYPE_BYTES}
 *     UTF-8 bytes without control characters (the type index separates the type from the operation
 *     id with a zero byte, so a type containing one would mix with another type)
 * @param payload its content, encoded at most {@link CrdtLimits#MAX_RING_PAYLOAD_BYTES} bytes and
 *     nested at most {@link #MAX_PAYLOAD_NESTING} deep
 */
public record RingOperation(RingId ring, Nonce nonce, String type, Ipld payload)
    implements Operation {

  /** Deepest nesting of lists and maps in a payload. */
  public static final int MAX_PAYLOAD_NESTING = 12;

  /** The type under which {@link CheckpointOperation}s are indexed; not usable here. */
  public static final String RESERVED_CHECKPOINT_TYPE = "checkpoint";

  public RingOperation {
    Objects.requireNonNull(ring, "ring");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payload, "payload");
    int typeBytes = PinSpec.utf8Length("ring operation type", type);
    if (typeBytes < 1 || typeBytes > CrdtLimits.MAX_RING_OPERATION_TYPE_BYTES) {
      throw new IllegalArgumentException(
          "a ring operation type has 1 to "
              + CrdtLimits.MAX_RING_OPERATION_TYPE_BYTES
              + " UTF-8 bytes, not "
              + typeBytes);
    }
    if (type.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("a ring operation type has no control characters");
    }
    if (type.equals(RESERVED_CHECKPOINT_TYPE)) {
      throw new IllegalArgumentException(
          "ring operation type '" + type + "' is reserved for checkpoint operations");
    }
    if (nesting(payload, 0) > MAX_PAYLOAD_NESTING) {
      throw new IllegalArgumentException(
          "ring operation payload nests deeper than " + MAX_PAYLOAD_NESTING);
    }
    int size = DagCbor.encode(payload).length;
    if (size > CrdtLimits.MAX_RING_PAYLOAD_BYTES) {
      throw new IllegalArgumentException(
          "ring operation payload of "
              + size
              + " bytes exceeds "
              + CrdtLimits.MAX_RING_PAYLOAD_BYTES);
    }
  }

  @Override
  public String kind() {
    return "ring";
  }

  private static int nesting(Ipld value, int depth) {
    if (depth > MAX_PAYLOAD_NESTING) {
      return depth; // deep enough to fail; stop before the stack grows further
    }
    int deepest = depth;
    if (value instanceof IpldList list) {
      for (Ipld item : list.items()) {
        deepest = Math.max(deepest, nesting(item, depth + 1));
      }
      return Math.max(deepest, depth + 1);
    }
    if (value instanceof IpldMap map) {
      for (Ipld item : map.entries().values()) {
        deepest = Math.max(deepest, nesting(item, depth + 1));
      }
      return Math.max(deepest, depth + 1);
    }
    return deepest;
  }
}
