package org.pinring.libp2p.internal.noise;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.crypto.InvalidKeyException;
import org.pinring.libp2p.crypto.Keys;
import org.pinring.libp2p.crypto.PrivateKey;
import org.pinring.libp2p.crypto.PublicKey;

/**
 * The libp2p Noise handshake (libp2p/specs noise): XX with each side's identity in its payload,
 * every message framed by a 2-byte big-endian length. A plain state machine: bytes in, bytes to
 * send out, a {@link SecureSession} at the end. Not thread-safe.
 *
 * <p>The responder's identity arrives in the second message, the initiator's in the third. Each is
 * checked: the key must decode, its signature over {@code "noise-libp2p-static-key:"} and the
 * sender's Noise static key must verify, and the initiator also requires the peer it dialled.
 */
public final class NoiseHandshake {

  /** The multistream-select protocol id of Noise. */
  public static final String PROTOCOL_ID = "/noise";

  /** Largest Noise message (the frame length is 16 bits). */
  public static final int MAX_MESSAGE_BYTES = 65535;

  private static final byte[] SIGNATURE_PREFIX =
      "noise-libp2p-static-key:".getBytes(StandardCharsets.US_ASCII);

  private final boolean initiator;
  private final XxHandshakeState state;
  private final byte[] localPayload;
  private final List<String> localMuxers;
  private final PeerId expectedRemote;
  private NoisePayload remotePayload;
  private PublicKey remoteKey;
  private SecureSession session;

  /**
   * @param identity this node's identity key, which signs the static key
   * @param staticKey this node's Noise static key
   * @param ephemeralKey a fresh key for this handshake
   * @param localMuxers muxers to offer in the handshake extensions, in preference order
   * @param expectedRemote the peer the initiator dialled, or null to accept any peer
   */
  public NoiseHandshake(
      AeadFactory aead,
      boolean initiator,
      PrivateKey identity,
      X25519KeyPair staticKey,
      X25519KeyPair ephemeralKey,
      List<String> localMuxers,
      PeerId expectedRemote) {
    this.initiator = initiator;
    this.state = new XxHandshakeState(aead, initiator, new byte[0], staticKey, ephemeralKey);
    this.localMuxers = List.copyOf(localMuxers);
    this.expectedRemote = expectedRemote;
    byte[] signature = identity.sign(concat(SIGNATURE_PREFIX, staticKey.publicKey()));
    this.localPayload =
        new NoisePayload(identity.publicKey().toProtobuf(), signature, this.localMuxers).encode();
  }

  /** The first message to send (initiator), or null (responder). */
  public ByteBuf start(ByteBufAllocator alloc) {
    return initiator ? frame(alloc, state.writeMessage(new byte[0])) : null;
  }

  /**
   * Consumes every complete handshake message in {@code in}; bytes after the last handshake message
   * stay there (they belong to the secured channel).
   *
   * @return bytes to send, or null
   * @throws NoiseException if a message is malformed, forged, or names the wrong peer
   */
  public ByteBuf onData(ByteBuf in, ByteBufAllocator alloc) throws NoiseException {
    ByteBuf out = null;
    while (!isComplete() && !state.isMyTurn() && in.readableBytes() >= 2) {
      int length = in.getUnsignedShort(in.readerIndex());
      if (in.readableBytes() < 2 + length) {
        break;
      }
      in.skipBytes(2);
      byte[] message = new byte[length];
      in.readBytes(message);
      byte[] payload = state.readMessage(message);
      // The initiator reads only the second message, the responder's identity; the responder's
      // last read is the third, the initiator's identity. The first message carries none.
      if (initiator || state.isComplete()) {
        acceptRemoteIdentity(payload);
      }
      if (!state.isComplete()) {
        out = frame(alloc, state.writeMessage(localPayload));
      }
      if (state.isComplete()) {
        CipherState[] ciphers = state.split();
        session =
            new SecureSession(
                PeerId.fromPublicKey(remoteKey),
                remoteKey,
                initiator,
                localMuxers,
                remotePayload.streamMuxers(),
                ciphers[0],
                ciphers[1]);
      }
    }
    return out;
  }

  /** True once the handshake succeeded. */
  public boolean isComplete() {
    return session != null;
  }

  /** The result, once {@link #isComplete()}. */
  public SecureSession session() {
    if (session == null) {
      throw new IllegalStateException("handshake not complete");
    }
    return session;
  }

  private void acceptRemoteIdentity(byte[] payloadBytes) throws NoiseException {
    NoisePayload payload = NoisePayload.decode(payloadBytes);
    PublicKey key;
    try {
      key = Keys.decodePublicKey(payload.identityKey());
    } catch (InvalidKeyException e) {
      throw new NoiseException("remote identity key: " + e.getMessage(), e);
    }
    byte[] signed = concat(SIGNATURE_PREFIX, state.remoteStaticKey());
    if (!key.verify(signed, payload.identitySignature())) {
      throw new NoiseException("remote identity signature over the Noise static key is invalid");
    }
    PeerId remote = PeerId.fromPublicKey(key);
    if (expectedRemote != null && !expectedRemote.equals(remote)) {
      throw new NoiseException(
          "dialled peer " + expectedRemote + " but the remote authenticated as " + remote);
    }
    this.remotePayload = payload;
    this.remoteKey = key;
  }

  private static ByteBuf frame(ByteBufAllocator alloc, byte[] message) {
    if (message.length > MAX_MESSAGE_BYTES) {
      throw new IllegalStateException("handshake message too long: " + message.length);
    }
    ByteBuf out = alloc.buffer(2 + message.length);
    out.writeShort(message.length);
    out.writeBytes(message);
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
