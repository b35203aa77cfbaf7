package org.pinring.libp2p;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.pinring.libp2p.crypto.InvalidKeyException;
import org.pinring.libp2p.crypto.Keys;
import org.pinring.libp2p.crypto.PublicKey;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multibase;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.MultiformatException;
import org.pinring.multiformats.Multihash;
import org.pinring.multiformats.MultihashAlgorithm;

/**
 * A libp2p peer ID: the multihash of a peer's {@code PublicKey} protobuf, inline ("identity") when
 * the protobuf has at most {@link #MAX_INLINE_KEY_BYTES} bytes, SHA-256 otherwise (libp2p/specs
 * peer-ids, "Peer Ids"). Immutable; equality is by the multihash bytes.
 *
 * <p>Text forms: base58btc of the multihash ({@code 12D3KooW...} for Ed25519, {@code Qm...} for
 * hashed keys), printed by {@link #toString()}, and the CIDv1 with the {@code libp2p-key} codec
 * (base32 by default), printed by {@link #toCidString()}. {@link #parse(String)} reads both.
 */
public final class PeerId implements Comparable<PeerId> {

  /** Longest key protobuf that is inlined with the identity hash rather than hashed. */
  public static final int MAX_INLINE_KEY_BYTES = 42;

  /** Bound on the text forms, checked before decoding. */
  public static final int MAX_TEXT_LENGTH = 128;

  private final Multihash multihash;
  private final byte[] bytes;

  private PeerId(Multihash multihash) {
    this.multihash = multihash;
    this.bytes = multihash.toBytes();
  }

  /** The peer ID of {@code key}. */
  public static PeerId fromPublicKey(PublicKey key) {
    byte[] encoded = key.toProtobuf();
    MultihashAlgorithm algorithm =
        encoded.length <= MAX_INLINE_KEY_BYTES
            ? MultihashAlgorithm.IDENTITY
            : MultihashAlgorithm.SHA2_256;
    return new PeerId(algorithm.digest(encoded));
  }

  /**
   * The peer ID with this multihash.
   *
   * @throws InvalidPeerIdException if it is neither an identity multihash of a valid key protobuf
   *     nor a full SHA-256 multihash
   */
  public static PeerId fromMultihash(Multihash multihash) {
    if (multihash.code() == MultihashAlgorithm.IDENTITY.code()) {
      if (multihash.digestLength() > MAX_INLINE_KEY_BYTES) {
        throw new InvalidPeerIdException(
            "an inline peer ID holds at most " + MAX_INLINE_KEY_BYTES + " bytes of key");
      }
      try {
        Keys.decodePublicKey(multihash.digest());
      } catch (InvalidKeyException e) {
        throw new InvalidPeerIdException("inline peer ID key: " + e.getMessage(), e);
      }
    } else if (multihash.code() != MultihashAlgorithm.SHA2_256.code()
        || multihash.digestLength() != 32) {
      throw new InvalidPeerIdException(
          "a peer ID is an identity or full sha2-256 multihash, not " + multihash.algorithmName());
    }
    return new PeerId(multihash);
  }

  /**
   * The peer ID in binary form (a multihash).
   *
   * @throws InvalidPeerIdException if the bytes are not a valid peer ID
   */
  public static PeerId decode(byte[] bytes) {
    try {
      return fromMultihash(Multihash.decode(bytes));
    } catch (MultiformatException e) {
      throw new InvalidPeerIdException("malformed peer ID: " + e.getMessage(), e);
    }
  }

  /**
   * Parses either text form: bare base58btc ({@code 12D3KooW...}, {@code Qm...}) or a CIDv1 with
   * the {@code libp2p-key} codec in any multibase.
   *
   * @throws InvalidPeerIdException if the text is neither
   */
  public static PeerId parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty() || text.length() > MAX_TEXT_LENGTH) {
      throw new InvalidPeerIdException(
          "a peer ID has 1.." + MAX_TEXT_LENGTH + " characters, not " + text.length());
    }
    try {
      // Bare multihashes in base58btc start with '1' (identity) or 'Q' (sha2-256), per spec.
      if (text.charAt(0) == '1' || text.charAt(0) == 'Q') {
        return fromMultihash(Multihash.decode(Multibase.BASE58_BTC.decodeWithoutPrefix(text)));
      }
      Cid cid = Cid.parse(text);
      if (cid.version() != 1 || cid.codec() != Multicodec.LIBP2P_KEY.code()) {
        throw new InvalidPeerIdException(
            "a peer ID CID must be CIDv1 with the libp2p-key codec, not "
                + cid.codecName()
                + " v"
                + cid.version());
      }
      return fromMultihash(cid.multihash());
    } catch (MultiformatException e) {
      throw new InvalidPeerIdException("'" + text + "' is not a peer ID: " + e.getMessage(), e);
    }
  }

  /** The multihash. */
  public Multihash multihash() {
    return multihash;
  }

  /** The binary form (the multihash bytes), a copy. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** The public key, when it is inlined in the peer ID (Ed25519 and other short keys). */
  public Optional<PublicKey> publicKey() {
    if (multihash.code() != MultihashAlgorithm.IDENTITY.code()) {
      return Optional.empty();
    }
    return Optional.of(Keys.decodePublicKey(multihash.digest()));
  }

  /** True if this is the peer ID of {@code key}. */
  public boolean matches(PublicKey key) {
    return equals(fromPublicKey(key));
  }

  /** The CIDv1 form ({@code libp2p-key} codec). */
  public Cid toCid() {
    return Cid.v1(Multicodec.LIBP2P_KEY, multihash);
  }

  /** The CIDv1 form in base32, e.g. {@code bafzaa...}. */
  public String toCidString() {
    return toCid().toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PeerId that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(PeerId other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  /** The base58btc form, e.g. {@code 12D3KooW...}. */
  @Override
  public String toString() {
    return Multibase.BASE58_BTC.encodeWithoutPrefix(bytes);
  }
}
