package org.pinring.crdt.internal;

import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.pinring.crdt.CrdtLimits;
import org.pinring.crdt.Delta;
import org.pinring.crdt.InvalidDeltaException;
import org.pinring.crdt.RingId;
import org.pinring.crdt.SignedOperation;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.ipld.DagCbor;
import org.pinring.multiformats.ipld.InvalidIpldException;
import org.pinring.multiformats.ipld.Ipld;
import org.pinring.multiformats.ipld.IpldList;
import org.pinring.multiformats.ipld.IpldMap;

/**
 * Deltas as DAG-CBOR blocks:
 *
 * <pre>
 * {v: 1, ring: bytes, height: int, parents: [link...], ops: [{op: operation, sig: bytes}...]}
 * </pre>
 *
 * <p>Decoding is strict (canonical DAG-CBOR only) and bounded: the input size is checked before
 * decoding, nesting is limited to {@link CrdtLimits#MAX_DELTA_NESTING}, unknown fields are errors.
 */
public final class DeltaCodec {

  /** The format version written in {@code v}. */
  public static final int FORMAT_VERSION = 1;

  private static final Set<String> DELTA_KEYS = Set.of("v", "ring", "height", "parents", "ops");
  private static final Set<String> SIGNED_KEYS = Set.of("op", "sig");

  /** Encoded size of everything but operations and parents, at most. */
  static final int FIXED_OVERHEAD =
      1 + 3 + (4 + 3) + (5 + 2 + CrdtLimits.MAX_RING_ID_BYTES) + (7 + 9) + (8 + 2);

  /** Encoded size of one parent link, at most (tag, byte-string header, 0x00, 36-byte CID). */
  static final int PARENT_BYTES = 2 + 2 + 1 + 36;

  private static final DagCbor.DecodeOptions OPTIONS =
      DagCbor.DecodeOptions.strictDefaults()
          .withMaxBytes(CrdtLimits.MAX_DELTA_BYTES)
          .withMaxDepth(CrdtLimits.MAX_DELTA_NESTING);

  private DeltaCodec() {}

  /** Encoded size of one signed operation inside a delta, at most. */
  static int operationBytes(SignedOperation operation) {
    return 1 + 3 + operation.encodedLength() + 4 + 3 + operation.signature().length;
  }

  private static final byte[] KEY_V = ascii("v");
  private static final byte[] KEY_OPS = ascii("ops");
  private static final byte[] KEY_RING = ascii("ring");
  private static final byte[] KEY_HEIGHT = ascii("height");
  private static final byte[] KEY_PARENTS = ascii("parents");
  private static final byte[] KEY_OP = ascii("op");
  private static final byte[] KEY_SIG = ascii("sig");

  /**
   * The canonical block of {@code delta}.
   *
   * <p>Written directly: each operation's canonical encoding is spliced in as it is (it is exactly
   * the item {@code DagCbor.encode} would write for it), so the delta is not rebuilt as an {@code
   * Ipld} tree. Map keys go in canonical order: {@code v, ops, ring, height, parents} and {@code
   * op, sig} (length first, then bytewise).
   *
   * @throws IllegalArgumentException if it would exceed {@link CrdtLimits#MAX_DELTA_BYTES}; {@link
   *     DeltaPacker} never builds such a delta
   */
  public static byte[] encode(Delta delta) {
    long bound = FIXED_OVERHEAD + (long) PARENT_BYTES * delta.parents().size();
    for (SignedOperation operation : delta.operations()) {
      bound += operationBytes(operation);
    }
    CborWriter out = new CborWriter((int) Math.min(bound, CrdtLimits.MAX_DELTA_BYTES));
    out.header(CborWriter.MAJOR_MAP, 5);
    out.asciiKey(KEY_V).unsigned(FORMAT_VERSION);
    out.asciiKey(KEY_OPS).header(CborWriter.MAJOR_ARRAY, delta.operations().size());
    for (SignedOperation operation : delta.operations()) {
      out.header(CborWriter.MAJOR_MAP, 2);
      out.asciiKey(KEY_OP);
      int at = out.reserve(operation.encodedLength());
      operation.writeCanonicalTo(out.array(), at);
      out.asciiKey(KEY_SIG).bytes(operation.signature());
    }
    out.asciiKey(KEY_RING).bytes(delta.ring().toBytes());
    out.asciiKey(KEY_HEIGHT).unsigned(delta.height());
    out.asciiKey(KEY_PARENTS).header(CborWriter.MAJOR_ARRAY, delta.parents().size());
    for (Cid parent : delta.parents()) {
      out.link(parent);
    }
    if (out.size() > CrdtLimits.MAX_DELTA_BYTES) {
      throw new IllegalArgumentException(
          "delta of " + out.size() + " bytes exceeds " + CrdtLimits.MAX_DELTA_BYTES);
    }
    return out.toByteArray();
  }

  /**
   * Decodes a delta block.
   *
   * @throws InvalidDeltaException if the bytes are not a valid delta, with the reason
   */
  public static Delta decode(byte[] bytes) {
    if (bytes.length > CrdtLimits.MAX_DELTA_BYTES) {
      throw new InvalidDeltaException(
          "delta of " + bytes.length + " bytes exceeds the limit of " + CrdtLimits.MAX_DELTA_BYTES);
    }
    try {
      IpldMap map = Fields.map(DagCbor.decode(bytes, OPTIONS), "delta").requireOnlyKeys(DELTA_KEYS);
      long version = map.integer("v");
      if (version != FORMAT_VERSION) {
        throw new InvalidIpldException("unsupported delta format version " + version);
      }
      RingId ring = RingId.of(map.bytes("ring"));
      IpldList parentList = map.list("parents");
      Fields.checkCount("parents", parentList.size(), CrdtLimits.MAX_PARENTS);
      List<Cid> parents = new ArrayList<>(parentList.size());
      for (Ipld parent : parentList.items()) {
        Cid cid = Fields.as(parent, org.pinring.multiformats.ipld.IpldLink.class, "parent").cid();
        if (!parents.isEmpty() && parents.get(parents.size() - 1).compareTo(cid) >= 0) {
          throw new InvalidIpldException("parents must be sorted by CID bytes and unique");
        }
        parents.add(cid);
      }
      IpldList operationList = map.list("ops");
      Fields.checkCount("ops", operationList.size(), CrdtLimits.MAX_OPERATIONS_PER_DELTA);
      List<SignedOperation> operations = new ArrayList<>(operationList.size());
      for (Ipld item : operationList.items()) {
        IpldMap signed = Fields.map(item, "signed operation").requireOnlyKeys(SIGNED_KEYS);
        operations.add(
            SignedOperation.of(OperationCodec.decode(signed.require("op")), signed.bytes("sig")));
      }
      return new Delta(ring, map.integer("height"), parents, operations);
    } catch (InvalidDeltaException e) {
      throw e;
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new InvalidDeltaException("invalid delta: " + e.getMessage(), e);
    }
  }

  private static byte[] ascii(String key) {
    return key.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
