package org.pinring.libp2p.internal.noise;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.crypto.PublicKey;

/**
 * The outcome of a successful Noise handshake: who the remote peer is and the transport ciphers.
 *
 * @param remotePeer the authenticated remote peer
 * @param remoteKey its identity key
 * @param initiator whether this side initiated the handshake
 * @param localMuxers muxers this side offered
 * @param remoteMuxers muxers the remote offered
 * @param sender cipher for messages this side sends
 * @param receiver cipher for messages this side receives
 */
public record SecureSession(
    PeerId remotePeer,
    PublicKey remoteKey,
    boolean initiator,
    List<String> localMuxers,
    List<String> remoteMuxers,
    CipherState sender,
    CipherState receiver) {

  public SecureSession {
    Objects.requireNonNull(remotePeer, "remotePeer");
    localMuxers = List.copyOf(localMuxers);
    remoteMuxers = List.copyOf(remoteMuxers);
  }

  /**
   * The muxer agreed through the handshake extensions, if any: the first of the initiator's muxers
   * that the responder also listed (libp2p/specs connections, inlined muxer negotiation). Empty
   * means the muxer must be negotiated with multistream-select on the secured channel.
   */
  public Optional<String> negotiatedMuxer() {
    List<String> initiatorList = initiator ? localMuxers : remoteMuxers;
    List<String> responderList = initiator ? remoteMuxers : localMuxers;
    return initiatorList.stream().filter(responderList::contains).findFirst();
  }
}
