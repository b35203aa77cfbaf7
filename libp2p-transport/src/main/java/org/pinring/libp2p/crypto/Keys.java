package org.pinring.libp2p.crypto;

import org.pinring.libp2p.internal.proto.ProtoReader;
import org.pinring.libp2p.internal.proto.ProtobufException;

/** Decoding of the libp2p {@code PublicKey} and {@code PrivateKey} protobufs (peer-ids spec). */
public final class Keys {

  /**
   * Bound on an encoded public key protobuf: an 8192-bit RSA key in PKIX form with its protobuf
   * framing fits with room to spare.
   */
  public static final int MAX_PUBLIC_KEY_BYTES = 1200;

  /** Bound on an encoded private key protobuf. */
  public static final int MAX_PRIVATE_KEY_BYTES = 128;

  private Keys() {}

  /**
   * Decodes a {@code PublicKey} protobuf.
   *
   * @throws InvalidKeyException if the bytes are malformed, too long, not canonical, or hold an
   *     invalid key
   */
  public static PublicKey decodePublicKey(byte[] protobuf) {
    Decoded decoded = decode(protobuf, MAX_PUBLIC_KEY_BYTES, "public");
    PublicKey key =
        switch (decoded.type) {
          case ED25519 -> Ed25519PublicKey.of(decoded.data);
          case SECP256K1 -> Secp256k1PublicKey.of(decoded.data);
          case ECDSA -> EcdsaPublicKey.of(decoded.data);
          case RSA -> RsaPublicKey.of(decoded.data);
        };
    // Peer IDs hash these exact bytes, so only the canonical encoding is accepted.
    if (!java.util.Arrays.equals(key.toProtobuf(), protobuf)) {
      throw new InvalidKeyException("public key protobuf is not in canonical form");
    }
    return key;
  }

  /**
   * Decodes a {@code PrivateKey} protobuf. Only Ed25519 private keys are supported.
   *
   * @throws InvalidKeyException if the bytes are malformed or not an Ed25519 private key
   */
  public static PrivateKey decodePrivateKey(byte[] protobuf) {
    Decoded decoded = decode(protobuf, MAX_PRIVATE_KEY_BYTES, "private");
    if (decoded.type != KeyType.ED25519) {
      throw new InvalidKeyException("only Ed25519 private keys are supported, not " + decoded.type);
    }
    return Ed25519PrivateKey.fromRaw(decoded.data);
  }

  // A private, short-lived decode result: never compared or hashed, so array identity is harmless.
  @SuppressWarnings("ArrayRecordComponent")
  private record Decoded(KeyType type, byte[] data) {}

  private static Decoded decode(byte[] protobuf, int maxBytes, String kind) {
    if (protobuf.length > maxBytes) {
      throw new InvalidKeyException(
          kind + " key protobuf of " + protobuf.length + " bytes exceeds " + maxBytes);
    }
    KeyType type = null;
    byte[] data = null;
    try {
      ProtoReader reader = ProtoReader.of(protobuf);
      while (reader.hasNext()) {
        int field = reader.nextField();
        if (field == 1) {
          long number = reader.readVarintField();
          type =
              KeyType.forNumber(number)
                  .orElseThrow(() -> new InvalidKeyException("unknown key type " + number));
        } else if (field == 2) {
          data = reader.readBytesField(maxBytes);
        } else {
          reader.skipField();
        }
      }
    } catch (ProtobufException e) {
      throw new InvalidKeyException("malformed " + kind + " key protobuf: " + e.getMessage(), e);
    }
    if (type == null || data == null) {
      throw new InvalidKeyException(kind + " key protobuf lacks its Type or Data field");
    }
    return new Decoded(type, data);
  }
}
