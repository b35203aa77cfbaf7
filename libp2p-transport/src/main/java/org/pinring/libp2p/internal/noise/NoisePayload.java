package org.pinring.libp2p.internal.noise;

import java.util.ArrayList;
import java.util.List;
import org.pinring.libp2p.crypto.Keys;
import org.pinring.libp2p.internal.proto.ProtoReader;
import org.pinring.libp2p.internal.proto.ProtoWriter;
import org.pinring.libp2p.internal.proto.ProtobufException;

/**
 * The libp2p {@code NoiseHandshakePayload} (libp2p/specs noise, "The libp2p Handshake Payload"):
 *
 * <pre>
 * message NoiseExtensions { repeated bytes webtransport_certhashes = 1;
 *                           repeated string stream_muxers = 2; }
 * message NoiseHandshakePayload { bytes identity_key = 1; bytes identity_sig = 2;
 *                                 NoiseExtensions extensions = 4; }
 * </pre>
 *
 * @param identityKey the sender's {@code PublicKey} protobuf
 * @param identitySignature its signature over the signing prefix and the Noise static key
 * @param streamMuxers the muxers the sender supports, in preference order (early negotiation)
 */
@SuppressWarnings("ArrayRecordComponent") // a wire message, never used as a key or compared
public record NoisePayload(
    byte[] identityKey, byte[] identitySignature, List<String> streamMuxers) {

  /** Bound on the signature (an RSA-8192 signature has 1024 bytes). */
  public static final int MAX_SIGNATURE_BYTES = 1024;

  /** Bound on the number of muxers listed. */
  public static final int MAX_MUXERS = 16;

  /** Bound on one muxer protocol id. */
  public static final int MAX_MUXER_ID_BYTES = 256;

  /** Bound on the extensions message. */
  public static final int MAX_EXTENSIONS_BYTES = 8192;

  public NoisePayload {
    streamMuxers = List.copyOf(streamMuxers);
  }

  /** The protobuf encoding. */
  public byte[] encode() {
    ProtoWriter writer = new ProtoWriter().bytes(1, identityKey).bytes(2, identitySignature);
    if (!streamMuxers.isEmpty()) {
      ProtoWriter extensions = new ProtoWriter();
      for (String muxer : streamMuxers) {
        extensions.string(2, muxer);
      }
      writer.bytes(4, extensions.toByteArray());
    }
    return writer.toByteArray();
  }

  /**
   * Decodes a payload.
   *
   * @throws NoiseException if it is malformed, exceeds a bound, or lacks the key or signature
   */
  public static NoisePayload decode(byte[] bytes) throws NoiseException {
    byte[] key = null;
    byte[] signature = null;
    List<String> muxers = new ArrayList<>();
    try {
      ProtoReader reader = ProtoReader.of(bytes);
      while (reader.hasNext()) {
        switch (reader.nextField()) {
          case 1 -> key = reader.readBytesField(Keys.MAX_PUBLIC_KEY_BYTES);
          case 2 -> signature = reader.readBytesField(MAX_SIGNATURE_BYTES);
          case 4 -> readExtensions(reader.readBytesField(MAX_EXTENSIONS_BYTES), muxers);
          default -> reader.skipField();
        }
      }
    } catch (ProtobufException e) {
      throw new NoiseException("malformed Noise handshake payload: " + e.getMessage(), e);
    }
    if (key == null || signature == null) {
      throw new NoiseException("Noise handshake payload lacks identity key or signature");
    }
    return new NoisePayload(key, signature, muxers);
  }

  private static void readExtensions(byte[] bytes, List<String> muxers) throws NoiseException {
    ProtoReader reader = ProtoReader.of(bytes);
    while (reader.hasNext()) {
      if (reader.nextField() == 2) {
        if (muxers.size() == MAX_MUXERS) {
          throw new NoiseException("more than " + MAX_MUXERS + " stream muxers offered");
        }
        muxers.add(reader.readStringField(MAX_MUXER_ID_BYTES));
      } else {
        reader.skipField();
      }
    }
  }
}
