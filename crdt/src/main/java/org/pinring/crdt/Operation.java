package org.pinring.crdt;

/**
 * A pinset operation: what curators sign. Its identity is the digest of its canonical DAG-CBOR
 * encoding ({@link OperationId}); the ring id inside binds it to one ring, and the nonce makes
 * every issued operation distinct.
 *
 * <p>The kinds and their effect on the state are specified in {@code docs/crdt.md}.
 */
public sealed interface Operation
    permits PinOperation, UpdateOperation, UnpinOperation, RingOperation, CheckpointOperation {

  /** The ring this operation belongs to. */
  RingId ring();

  /** What makes this operation unique among operations of equal content. */
  Nonce nonce();

  /**
   * The kind as encoded: {@code pin}, {@code update}, {@code unpin}, {@code ring}, {@code
   * checkpoint}.
   */
  String kind();
}
