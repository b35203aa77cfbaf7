package org.pinring.libp2p.crypto;

import org.pinring.libp2p.internal.proto.ProtoWriter;

/**
 * A libp2p private key that this node signs with. Only Ed25519 is implemented: it is what PinRing
 * nodes use; peers with other key types are verified through {@link PublicKey}.
 */
public sealed interface PrivateKey permits Ed25519PrivateKey {

  /** The key type. */
  KeyType type();

  /** The matching public key. */
  PublicKey publicKey();

  /** Signs {@code data} with this key's scheme. Thread-safe. */
  byte[] sign(byte[] data);

  /** A copy of the key's {@code Data} field encoding (secret). */
  byte[] raw();

  /** The {@code PrivateKey} protobuf, the format of identity key files (secret). */
  default byte[] toProtobuf() {
    return new ProtoWriter().varint(1, type().number()).bytes(2, raw()).toByteArray();
  }
}
