package org.pinring.multiformats;

import java.util.Arrays;
import java.util.Objects;

/**
 * A content identifier, version 0 or 1 (multiformats/cid). Immutable; equality, hashing and
 * ordering are by the binary form, so a CIDv0 and its CIDv1 equivalent are different CIDs (as in
 * every IPFS implementation); use {@link #toV1()} to compare content regardless of version.
 *
 * <p>Text forms follow the conventions: CIDv0 is bare base58btc ({@code Qm...}), CIDv1 defaults to
 * base32 ({@code bafy...}).
 */
public final class Cid implements Comparable<Cid> {

  /** Bound on the length of a CID in text, checked before decoding. */
  public static final int MAX_TEXT_LENGTH = 1024;

  private static final int V0_LENGTH = 34;
  private static final int V0_TEXT_LENGTH = 46;

  private final int version;
  private final long codec;
  private final Multihash multihash;
  private final byte[] bytes;

  private Cid(int version, long codec, Multihash multihash) {
    this.version = version;
    this.codec = codec;
    this.multihash = multihash;
    if (version == 0) {
      this.bytes = multihash.toBytes();
    } else {
      int versionLength = Varint.encodedLength(version);
      int codecLength = Varint.encodedLength(codec);
      this.bytes = new byte[versionLength + codecLength + multihash.encodedLength()];
      Varint.encode(version, bytes, 0);
      Varint.encode(codec, bytes, versionLength);
      multihash.writeTo(bytes, versionLength + codecLength);
    }
  }

  /** A decoded CID and the number of bytes it took. */
  public record Decoded(Cid cid, int length) {}

  /**
   * A CIDv0: dag-pb content hashed with full-length sha2-256.
   *
   * @throws InvalidCidException if the multihash is not a 32-byte sha2-256 digest
   */
  public static Cid v0(Multihash multihash) {
    Objects.requireNonNull(multihash, "multihash");
    if (!isV0Compatible(Multicodec.DAG_PB.code(), multihash)) {
      throw new InvalidCidException(
          "a CIDv0 needs a 32-byte sha2-256 multihash, not "
              + multihash.algorithmName()
              + " with "
              + multihash.digestLength()
              + " bytes");
    }
    return new Cid(0, Multicodec.DAG_PB.code(), multihash);
  }

  /** A CIDv1 for content of the given codec. */
  public static Cid v1(Multicodec codec, Multihash multihash) {
    return v1(codec.code(), multihash);
  }

  /**
   * A CIDv1 for content of the given codec code.
   *
   * @throws InvalidCidException if {@code codec} is negative
   */
  public static Cid v1(long codec, Multihash multihash) {
    Objects.requireNonNull(multihash, "multihash");
    if (codec < 0) {
      throw new InvalidCidException("codec code must not be negative: " + codec);
    }
    return new Cid(1, codec, multihash);
  }

  /**
   * Parses a CID from text, following the specification's decoding algorithm: 46 characters
   * starting with {@code Qm} is a base58btc CIDv0; anything else is a multibase string.
   *
   * @throws InvalidCidException if the text is not a valid CID
   */
  public static Cid parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      throw new InvalidCidException("empty string is not a CID");
    }
    if (text.length() > MAX_TEXT_LENGTH) {
      throw new InvalidCidException(
          "text of "
              + text.length()
              + " characters is too long for a CID (limit "
              + MAX_TEXT_LENGTH
              + ")");
    }
    byte[] bytes;
    try {
      if (text.length() == V0_TEXT_LENGTH && text.startsWith("Qm")) {
        bytes = Multibase.BASE58_BTC.decodeWithoutPrefix(text);
        if (bytes.length != V0_LENGTH || (bytes[0] & 0xFF) != 0x12) {
          throw new InvalidCidException(
              "'" + text + "' looks like a CIDv0 but does not decode to one");
        }
      } else {
        bytes = Multibase.decode(text);
        if (bytes.length > 0 && bytes[0] == 0x12) {
          throw new InvalidCidException(
              "a CIDv0 must not be multibase-encoded; write it in bare base58btc (Qm...)");
        }
      }
    } catch (InvalidMultibaseException e) {
      throw new InvalidCidException(quote(text) + " is not a CID: " + e.getMessage(), e);
    }
    return decode(bytes);
  }

  /**
   * Decodes a CID that makes up all of {@code bytes}.
   *
   * @throws InvalidCidException if the bytes are not exactly one valid CID
   */
  public static Cid decode(byte[] bytes) {
    Decoded decoded = decode(bytes, 0);
    if (decoded.length() != bytes.length) {
      throw new InvalidCidException(
          (bytes.length - decoded.length()) + " unexpected byte(s) after the CID");
    }
    return decoded.cid();
  }

  /**
   * Decodes the CID that starts at {@code offset}, e.g. inside a CAR file or a Bitswap message;
   * bytes after it are left alone.
   *
   * @throws InvalidCidException if no valid CID starts there
   */
  public static Decoded decode(byte[] bytes, int offset) {
    Objects.requireNonNull(bytes, "bytes");
    try {
      if (bytes.length - offset >= 2 && bytes[offset] == 0x12 && bytes[offset + 1] == 0x20) {
        Multihash.Decoded multihash = Multihash.decode(bytes, offset);
        return new Decoded(new Cid(0, Multicodec.DAG_PB.code(), multihash.multihash()), V0_LENGTH);
      }
      Varint.Decoded version = Varint.decode(bytes, offset);
      if (version.value() != 1) {
        throw new InvalidCidException(describeBadVersion(version.value()));
      }
      Varint.Decoded codec = Varint.decode(bytes, offset + version.length());
      int headerLength = version.length() + codec.length();
      Multihash.Decoded multihash = Multihash.decode(bytes, offset + headerLength);
      Cid cid = new Cid(1, codec.value(), multihash.multihash());
      return new Decoded(cid, headerLength + multihash.length());
    } catch (InvalidVarintException | InvalidMultihashException e) {
      throw new InvalidCidException("malformed CID: " + e.getMessage(), e);
    }
  }

  /** The text for an error message, shortened so a huge input does not flood the terminal. */
  private static String quote(String text) {
    return "'" + (text.length() > 80 ? text.substring(0, 77) + "..." : text) + "'";
  }

  private static String describeBadVersion(long version) {
    if (version == 2 || version == 3) {
      return "CID version " + version + " is reserved and not defined yet";
    }
    if (version == 0) {
      return "a CIDv0 is a bare sha2-256 multihash (0x12 0x20 ...), not a version byte of 0";
    }
    return "unknown CID version " + version + " (only versions 0 and 1 exist)";
  }

  private static boolean isV0Compatible(long codec, Multihash multihash) {
    return codec == Multicodec.DAG_PB.code()
        && multihash.code() == Multicodec.SHA2_256.code()
        && multihash.digestLength() == 32;
  }

  /** 0 or 1. */
  public int version() {
    return version;
  }

  /** The content's multicodec code (dag-pb for every CIDv0). */
  public long codec() {
    return codec;
  }

  /** The content codec's table name, or its code in hex if it is not listed. */
  public String codecName() {
    return Multicodec.nameOf(codec);
  }

  public Multihash multihash() {
    return multihash;
  }

  /** The same content as a CIDv1 (itself if already v1). */
  public Cid toV1() {
    return version == 1 ? this : new Cid(1, codec, multihash);
  }

  /**
   * The same content as a CIDv0.
   *
   * @throws InvalidCidException unless the content is dag-pb with a 32-byte sha2-256 multihash
   */
  public Cid toV0() {
    if (version == 0) {
      return this;
    }
    if (!isV0Compatible(codec, multihash)) {
      throw new InvalidCidException(
          "only dag-pb content with a 32-byte sha2-256 hash has a CIDv0; this CID is "
              + codecName()
              + " with "
              + multihash.algorithmName());
    }
    return new Cid(0, codec, multihash);
  }

  /** A copy of the binary form. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** Length of the binary form. */
  public int encodedLength() {
    return bytes.length;
  }

  /** Copies the binary form into {@code out} at {@code offset}. */
  public void writeTo(byte[] out, int offset) {
    System.arraycopy(bytes, 0, out, offset, bytes.length);
  }

  /** The conventional text form: bare base58btc for v0, base32 for v1. */
  @Override
  public String toString() {
    return version == 0
        ? Multibase.BASE58_BTC.encodeWithoutPrefix(bytes)
        : Multibase.BASE32.encode(bytes);
  }

  /**
   * The text form in {@code base}.
   *
   * @throws InvalidCidException for a CIDv0 in any base other than base58btc, which the
   *     specification does not allow; convert with {@link #toV1()} first
   */
  public String toString(Multibase base) {
    if (version == 0) {
      if (base != Multibase.BASE58_BTC) {
        throw new InvalidCidException(
            "a CIDv0 can only be written in base58btc; convert it to v1 to use "
                + base.canonicalName());
      }
      return toString();
    }
    return base.encode(bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Cid that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(Cid other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }
}
