package org.pinring.multiformats;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The multicodec codes PinRing reads or writes, with their names and tags exactly as in the
 * multicodec table ({@code multiformats/multicodec/table.csv}). Codes that are not listed here are
 * still carried faithfully by {@link Cid} and {@link Multihash}; they are only shown by number.
 */
public enum Multicodec {
  IDENTITY("identity", Tag.MULTIHASH, 0x00),
  CIDV1("cidv1", Tag.CID, 0x01),
  SHA1("sha1", Tag.MULTIHASH, 0x11),
  SHA2_256("sha2-256", Tag.MULTIHASH, 0x12),
  SHA2_512("sha2-512", Tag.MULTIHASH, 0x13),
  SHA3_512("sha3-512", Tag.MULTIHASH, 0x14),
  SHA3_384("sha3-384", Tag.MULTIHASH, 0x15),
  SHA3_256("sha3-256", Tag.MULTIHASH, 0x16),
  SHA3_224("sha3-224", Tag.MULTIHASH, 0x17),
  KECCAK_256("keccak-256", Tag.MULTIHASH, 0x1b),
  BLAKE3("blake3", Tag.MULTIHASH, 0x1e),
  SHA2_384("sha2-384", Tag.MULTIHASH, 0x20),
  MURMUR3_X64_64("murmur3-x64-64", Tag.HASH, 0x22),
  CBOR("cbor", Tag.IPLD, 0x51),
  RAW("raw", Tag.IPLD, 0x55),
  DAG_PB("dag-pb", Tag.IPLD, 0x70),
  DAG_CBOR("dag-cbor", Tag.IPLD, 0x71),
  LIBP2P_KEY("libp2p-key", Tag.IPLD, 0x72),
  GIT_RAW("git-raw", Tag.IPLD, 0x78),
  DAG_JOSE("dag-jose", Tag.IPLD, 0x85),
  DAG_COSE("dag-cose", Tag.IPLD, 0x86),
  MD5("md5", Tag.MULTIHASH, 0xd5),
  SECP256K1_PUB("secp256k1-pub", Tag.KEY, 0xe7),
  X25519_PUB("x25519-pub", Tag.KEY, 0xec),
  ED25519_PUB("ed25519-pub", Tag.KEY, 0xed),
  DAG_JSON("dag-json", Tag.IPLD, 0x0129),
  JSON("json", Tag.IPLD, 0x0200),
  CAR("car", Tag.SERIALIZATION, 0x0202),
  IPNS_RECORD("ipns-record", Tag.SERIALIZATION, 0x0300),
  LIBP2P_PEER_RECORD("libp2p-peer-record", Tag.LIBP2P, 0x0301),
  SHA2_256_TRUNC254_PADDED("sha2-256-trunc254-padded", Tag.MULTIHASH, 0x1012),
  SHA2_224("sha2-224", Tag.MULTIHASH, 0x1013),
  SHA2_512_224("sha2-512-224", Tag.MULTIHASH, 0x1014),
  SHA2_512_256("sha2-512-256", Tag.MULTIHASH, 0x1015),
  P256_PUB("p256-pub", Tag.KEY, 0x1200),
  ED448_PUB("ed448-pub", Tag.KEY, 0x1203),
  RSA_PUB("rsa-pub", Tag.KEY, 0x1205),
  BLAKE2B_256("blake2b-256", Tag.MULTIHASH, 0xb220),
  BLAKE2B_512("blake2b-512", Tag.MULTIHASH, 0xb240),
  BLAKE2S_256("blake2s-256", Tag.MULTIHASH, 0xb260),
  FIL_COMMITMENT_UNSEALED("fil-commitment-unsealed", Tag.FILECOIN, 0xf101),
  FIL_COMMITMENT_SEALED("fil-commitment-sealed", Tag.FILECOIN, 0xf102);

  /** The table's tag column: what kind of thing a code identifies. */
  public enum Tag {
    CID,
    MULTIHASH,
    HASH,
    IPLD,
    KEY,
    SERIALIZATION,
    LIBP2P,
    FILECOIN
  }

  private static final Map<Long, Multicodec> BY_CODE = new HashMap<>();
  private static final Map<String, Multicodec> BY_NAME = new HashMap<>();

  static {
    for (Multicodec codec : values()) {
      BY_CODE.put(codec.code, codec);
      BY_NAME.put(codec.codecName, codec);
    }
  }

  private final String codecName;
  private final Tag tag;
  private final long code;

  Multicodec(String codecName, Tag tag, long code) {
    this.codecName = codecName;
    this.tag = tag;
    this.code = code;
  }

  /** The table name, e.g. {@code dag-cbor}. */
  public String codecName() {
    return codecName;
  }

  public Tag tag() {
    return tag;
  }

  public long code() {
    return code;
  }

  /** The listed codec with this code, if any. */
  public static Optional<Multicodec> forCode(long code) {
    return Optional.ofNullable(BY_CODE.get(code));
  }

  /** The listed codec with this table name, if any. */
  public static Optional<Multicodec> forName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** The table name of {@code code}, or its hexadecimal value when the code is not listed. */
  public static String nameOf(long code) {
    Multicodec codec = BY_CODE.get(code);
    return codec != null ? codec.codecName : "0x" + Long.toHexString(code);
  }
}
