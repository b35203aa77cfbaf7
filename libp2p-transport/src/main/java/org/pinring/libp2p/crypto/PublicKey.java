package org.pinring.libp2p.crypto;

import org.pinring.libp2p.internal.proto.ProtoWriter;

/**
 * A libp2p public key: one of the four key types of the peer-ids specification. Immutable and
 * thread-safe; equality is by type and encoded bytes.
 */
public sealed interface PublicKey
    permits Ed25519PublicKey, Secp256k1PublicKey, EcdsaPublicKey, RsaPublicKey {

  /** The key type. */
  KeyType type();

  /** A copy of the key's {@code Data} field encoding (e.g. 32 raw bytes for Ed25519). */
  byte[] raw();

  /**
   * Checks {@code signature} over {@code data} with this key's signature scheme (peer-ids spec:
   * Ed25519 plain, the others over SHA-256 with DER signatures). Never throws for a malformed
   * signature: it is simply not valid.
   */
  boolean verify(byte[] data, byte[] signature);

  /** The canonical {@code PublicKey} protobuf: the bytes a peer ID is derived from. */
  default byte[] toProtobuf() {
    return new ProtoWriter().varint(1, type().number()).bytes(2, raw()).toByteArray();
  }
}
