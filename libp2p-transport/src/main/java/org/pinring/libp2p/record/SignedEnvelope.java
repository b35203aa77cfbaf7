package org.pinring.libp2p.record;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.crypto.InvalidKeyException;
import org.pinring.libp2p.crypto.Keys;
import org.pinring.libp2p.crypto.PrivateKey;
import org.pinring.libp2p.crypto.PublicKey;
import org.pinring.libp2p.internal.proto.ProtoReader;
import org.pinring.libp2p.internal.proto.ProtoWriter;
import org.pinring.libp2p.internal.proto.ProtobufException;
import org.pinring.multiformats.Varint;

/**
 * A libp2p signed envelope (libp2p/specs RFC 0002): a payload, its type, the signer's public key
 * and a signature that covers a domain separation string, the payload type and the payload. The
 * domain is not part of the envelope: whoever opens one states the domain it expects, so an
 * envelope signed for another purpose never verifies (RFC 0002, "Signature Production").
 *
 * <p>Immutable and thread-safe; byte arrays are copied in and out.
 */
public final class SignedEnvelope {

  /**
   * Bound on an encoded envelope: a peer record with {@link PeerRecord#MAX_ADDRESSES} typical
   * addresses and an RSA signature fits. Checked before decoding.
   */
  public static final int MAX_ENVELOPE_BYTES = 8192;

  /** Bound on the payload type (a multicodec varint, or a short string in other uses). */
  public static final int MAX_PAYLOAD_TYPE_BYTES = 64;

  /** Bound on a signature: an 8192-bit RSA signature is 1024 bytes. */
  public static final int MAX_SIGNATURE_BYTES = 1024;

  /** Bound on a domain separation string, in UTF-8 bytes. */
  public static final int MAX_DOMAIN_BYTES = 256;

  private final PublicKey publicKey;
  private final byte[] payloadType;
  private final byte[] payload;
  private final byte[] signature;

  private SignedEnvelope(
      PublicKey publicKey, byte[] payloadType, byte[] payload, byte[] signature) {
    this.publicKey = publicKey;
    this.payloadType = payloadType;
    this.payload = payload;
    this.signature = signature;
  }

  /**
   * Signs {@code payload} of {@code payloadType} with {@code key} for {@code domain}.
   *
   * @throws IllegalArgumentException if the domain or payload type is empty or too long, or the
   *     payload is too large to fit in an envelope
   */
  public static SignedEnvelope seal(
      PrivateKey key, String domain, byte[] payloadType, byte[] payload) {
    requireLength(domainBytes(domain).length, 1, MAX_DOMAIN_BYTES, "domain");
    requireLength(payloadType.length, 1, MAX_PAYLOAD_TYPE_BYTES, "payload type");
    requireLength(payload.length, 0, MAX_ENVELOPE_BYTES, "payload");
    byte[] signature = key.sign(signedBytes(domain, payloadType, payload));
    SignedEnvelope envelope =
        new SignedEnvelope(key.publicKey(), payloadType.clone(), payload.clone(), signature);
    requireLength(envelope.encode().length, 0, MAX_ENVELOPE_BYTES, "envelope");
    return envelope;
  }

  /**
   * Decodes an {@code Envelope} protobuf without checking its signature (see {@link #verify}).
   *
   * @throws InvalidRecordException if the bytes exceed a limit, are not a well-formed envelope,
   *     lack a field, or hold an invalid public key
   */
  public static SignedEnvelope decode(byte[] bytes) {
    if (bytes.length > MAX_ENVELOPE_BYTES) {
      throw new InvalidRecordException(
          "envelope of " + bytes.length + " bytes exceeds the limit of " + MAX_ENVELOPE_BYTES);
    }
    byte[] keyBytes = null;
    byte[] payloadType = null;
    byte[] payload = null;
    byte[] signature = null;
    try {
      ProtoReader reader = ProtoReader.of(bytes);
      while (reader.hasNext()) {
        // RFC 0002 "Wire Format": public_key = 1, payload_type = 2, payload = 3, signature = 5.
        switch (reader.nextField()) {
          case 1 -> keyBytes = reader.readBytesField(Keys.MAX_PUBLIC_KEY_BYTES);
          case 2 -> payloadType = reader.readBytesField(MAX_PAYLOAD_TYPE_BYTES);
          case 3 -> payload = reader.readBytesField(MAX_ENVELOPE_BYTES);
          case 5 -> signature = reader.readBytesField(MAX_SIGNATURE_BYTES);
          default -> reader.skipField();
        }
      }
    } catch (ProtobufException e) {
      throw new InvalidRecordException("malformed envelope: " + e.getMessage(), e);
    }
    if (keyBytes == null || payloadType == null || payload == null || signature == null) {
      throw new InvalidRecordException(
          "envelope lacks its "
              + (keyBytes == null
                  ? "public key"
                  : payloadType == null
                      ? "payload type"
                      : payload == null ? "payload" : "signature"));
    }
    if (payloadType.length == 0) {
      throw new InvalidRecordException("envelope has an empty payload type");
    }
    PublicKey key;
    try {
      key = Keys.decodePublicKey(keyBytes);
    } catch (InvalidKeyException e) {
      throw new InvalidRecordException("envelope public key: " + e.getMessage(), e);
    }
    return new SignedEnvelope(key, payloadType, payload, signature);
  }

  /**
   * Decodes an envelope and checks its signature for {@code domain}.
   *
   * @throws InvalidRecordException if it does not decode or the signature does not hold
   */
  public static SignedEnvelope open(byte[] bytes, String domain) {
    SignedEnvelope envelope = decode(bytes);
    if (!envelope.verify(domain)) {
      throw new InvalidRecordException("envelope signature is not valid for domain " + domain);
    }
    return envelope;
  }

  /** True if the signature holds for {@code domain}, this payload type and this payload. */
  public boolean verify(String domain) {
    return publicKey.verify(signedBytes(domain, payloadType, payload), signature);
  }

  /**
   * The bytes a signature covers (RFC 0002, "Signature Production"): the domain, the payload type
   * and the payload, each preceded by its length as an unsigned varint.
   */
  public static byte[] signedBytes(String domain, byte[] payloadType, byte[] payload) {
    byte[] domainBytes = domainBytes(domain);
    byte[] out =
        new byte
            [Varint.encodedLength(domainBytes.length)
                + domainBytes.length
                + Varint.encodedLength(payloadType.length)
                + payloadType.length
                + Varint.encodedLength(payload.length)
                + payload.length];
    int at = append(out, 0, domainBytes);
    at = append(out, at, payloadType);
    append(out, at, payload);
    return out;
  }

  /** The {@code Envelope} protobuf. */
  public byte[] encode() {
    return new ProtoWriter()
        .bytes(1, publicKey.toProtobuf())
        .bytes(2, payloadType)
        .bytes(3, payload)
        .bytes(5, signature)
        .toByteArray();
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /** The peer whose key signed this envelope. */
  public PeerId signer() {
    return PeerId.fromPublicKey(publicKey);
  }

  public byte[] payloadType() {
    return payloadType.clone();
  }

  public byte[] payload() {
    return payload.clone();
  }

  public byte[] signature() {
    return signature.clone();
  }

  /** True if this envelope's payload type is {@code expected}. */
  public boolean hasPayloadType(byte[] expected) {
    return Arrays.equals(payloadType, expected);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SignedEnvelope e
        && publicKey.equals(e.publicKey)
        && Arrays.equals(payloadType, e.payloadType)
        && Arrays.equals(payload, e.payload)
        && Arrays.equals(signature, e.signature);
  }

  @Override
  public int hashCode() {
    return 31 * publicKey.hashCode() + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "SignedEnvelope(" + signer() + ", " + payload.length + " bytes of payload)";
  }

  private static byte[] domainBytes(String domain) {
    return domain.getBytes(StandardCharsets.UTF_8);
  }

  private static int append(byte[] out, int at, byte[] field) {
    at += Varint.encode(field.length, out, at);
    System.arraycopy(field, 0, out, at, field.length);
    return at + field.length;
  }

  private static void requireLength(int length, int min, int max, String what) {
    if (length < min || length > max) {
      throw new IllegalArgumentException(
          what + " of " + length + " bytes is outside [" + min + ", " + max + "]");
    }
  }
}
