package org.pinring.libp2p.pubsub;

/** How messages of a topic are authored (pubsub spec, "Signature policy options"). */
public enum SignaturePolicy {
  /**
   * Messages carry {@code from}, an 8-byte {@code seqno} and a signature by the author's key; a
   * message without a valid signature is rejected.
   */
  STRICT_SIGN,
  /** Messages carry none of {@code from}, {@code seqno}, {@code signature}, {@code key}. */
  STRICT_NO_SIGN
}
