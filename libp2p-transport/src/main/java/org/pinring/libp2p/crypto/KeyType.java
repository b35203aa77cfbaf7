package org.pinring.libp2p.crypto;

import java.util.Optional;

/** The key types of the libp2p key protobufs (libp2p/specs peer-ids), with their enum numbers. */
public enum KeyType {
  RSA(0),
  ED25519(1),
  SECP256K1(2),
  ECDSA(3);

  private final int number;

  KeyType(int number) {
    this.number = number;
  }

  /** The value of the protobuf {@code KeyType} enum. */
  public int number() {
    return number;
  }

  /** The type with this protobuf enum value, if any. */
  public static Optional<KeyType> forNumber(long number) {
    for (KeyType type : values()) {
      if (type.number == number) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
