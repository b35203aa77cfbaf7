package org.pinring.crdt;

/**
 * Named bounds on every structure the CRDT decodes or builds. Each is checked before the work it
 * bounds (before encoding, and on decode before allocating what the input declares).
 */
public final class CrdtLimits {

  private CrdtLimits() {}

  /** Largest encoded delta block; checked while a delta is built and before it is decoded. */
  public static final int MAX_DELTA_BYTES = 1 << 20;

  /** Most signed operations in one delta. */
  public static final int MAX_OPERATIONS_PER_DELTA = 1024;

  /** Most parent links in one delta (and most entries in a checkpoint frontier). */
  public static final int MAX_PARENTS = 64;

  /** Deepest DAG-CBOR nesting accepted in a delta (ring-operation payloads included). */
  public static final int MAX_DELTA_NESTING = 24;

  /** Most pin entries in one operation: a bulk import of a collection under one signature. */
  public static final int MAX_ENTRIES_PER_OPERATION = 4096;

  /** Most tags one update or unpin entry may name. */
  public static final int MAX_TAGS_PER_ENTRY = 256;

  /** Longest ring id. */
  public static final int MAX_RING_ID_BYTES = 64;

  /** Exact length of an operation nonce. */
  public static final int NONCE_BYTES = 16;

  /** Longest signature carried with an operation (Ed25519 uses 64). */
  public static final int MAX_SIGNATURE_BYTES = 256;

  /** Longest encoded payload of a node-layer ring operation. */
  public static final int MAX_RING_PAYLOAD_BYTES = 64 * 1024;

  /** Longest ring-operation type name, in UTF-8 bytes. */
  public static final int MAX_RING_OPERATION_TYPE_BYTES = 64;

  /** Longest pin name, in UTF-8 bytes. */
  public static final int MAX_NAME_BYTES = 255;

  /** Most placement tags on one pin. */
  public static final int MAX_PLACEMENT_TAGS = 16;

  /** Longest placement tag, in UTF-8 bytes. */
  public static final int MAX_PLACEMENT_TAG_BYTES = 64;

  /** Most user metadata entries on one pin. */
  public static final int MAX_METADATA_ENTRIES = 32;

  /** Longest metadata key, in UTF-8 bytes. */
  public static final int MAX_METADATA_KEY_BYTES = 64;

  /** Longest metadata value, in UTF-8 bytes. */
  public static final int MAX_METADATA_VALUE_BYTES = 1024;

  /** Most origin addresses on one pin. */
  public static final int MAX_ORIGINS = 16;

  /** Largest replication factor a pin may ask for. */
  public static final int MAX_REPLICATION = 1024;
}
