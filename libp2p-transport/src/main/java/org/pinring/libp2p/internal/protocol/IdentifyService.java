package org.pinring.libp2p.internal.protocol;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.pinring.libp2p.Connection;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.StreamHandler;
import org.pinring.libp2p.crypto.InvalidKeyException;
import org.pinring.libp2p.crypto.Keys;
import org.pinring.libp2p.crypto.PublicKey;
import org.pinring.libp2p.internal.proto.ProtobufException;
import org.pinring.libp2p.record.InvalidRecordException;
import org.pinring.libp2p.record.SignedPeerRecord;
import org.pinring.multiformats.Multiaddr;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identify and identify push (libp2p/specs identify): on every new connection each side asks the
 * other who it is; the answer (protocols, listen addresses, agent, key, observed address, signed
 * peer record) goes into the peerstore. Push sends the same message unasked when this node's
 * protocols or addresses change.
 *
 * <p>Every message sent carries this node's signed peer record ({@link Local#peerRecord}). A
 * received record is accepted only if it opens (bounded decoding, payload type, signature over the
 * {@code libp2p-peer-record} domain, record peer = signer) and its signer is the connection's
 * remote peer; a record that fails is logged and left out, and the rest of the message still
 * applies (go-libp2p does the same; js-libp2p drops the whole message).
 */
public final class IdentifyService {

  private static final Logger log = LoggerFactory.getLogger(IdentifyService.class);

  public static final String PROTOCOL_ID = "/ipfs/id/1.0.0";
  public static final String PUSH_PROTOCOL_ID = "/ipfs/id/push/1.0.0";

  /** The protocol version identify announces, as go-libp2p and js-libp2p do. */
  public static final String PROTOCOL_VERSION = "ipfs/0.1.0";

  /** What identify needs from the host. */
  public interface Local {
    PublicKey publicKey();

    String agentVersion();

    List<Multiaddr> listenAddresses();

    Set<String> protocols();

    Duration addressTtl();

    /** This node's current signed peer record, if it has addresses to certify. */
    Optional<SignedPeerRecord> peerRecord();

    /**
     * Stores what a peer said about itself and notifies listeners.
     *
     * @param record the message's signed peer record, opened and checked against {@code peer};
     *     empty if the message had none or it failed the checks
     */
    void learned(
        PeerId peer, IdentifyMessage message, Optional<SignedPeerRecord> record, boolean push);

    /** A peer told us how it sees our address. */
    void observed(Connection connection, Multiaddr address);
  }

  private final Local local;

  public IdentifyService(Local local) {
    this.local = local;
  }

  /** Serves {@code /ipfs/id/1.0.0}: sends our identify message and closes. */
  public StreamHandler identifyHandler() {
    return stream -> {
      stream.setReader((s, data) -> {});
      var unused =
          stream
              .write(LengthPrefixed.frame(message(stream.connection()).encode()))
              .thenRun(stream::closeWrite);
    };
  }

  /** Serves {@code /ipfs/id/push/1.0.0}: applies the pushed message. */
  public StreamHandler pushHandler() {
    return stream -> {
      var unused =
          StreamCollector.collect(stream, IdentifyMessage.MAX_BYTES + 8)
              .thenAccept(bytes -> apply(stream.connection(), bytes, true))
              .exceptionally(
                  failure -> {
                    log.debug("identify push from {} failed: {}", stream.connection(), failure);
                    return null;
                  });
    };
  }

  /** Asks the peer of {@code connection} to identify itself. */
  public CompletableFuture<IdentifyMessage> identify(Connection connection) {
    return connection
        .newStream(List.of(PROTOCOL_ID))
        .thenCompose(
            stream -> {
              stream.closeWrite(); // the request is the stream itself: nothing to send
              return StreamCollector.collect(stream, IdentifyMessage.MAX_BYTES + 8);
            })
        .thenApply(bytes -> apply(connection, bytes, false));
  }

  /** Pushes our current identify message to the peer of {@code connection}. */
  public CompletableFuture<Void> push(Connection connection) {
    return connection
        .newStream(List.of(PUSH_PROTOCOL_ID))
        .thenCompose(
            stream -> {
              stream.setReader((s, data) -> {});
              return stream
                  .write(LengthPrefixed.frame(message(connection).encode()))
                  .thenRun(stream::closeWrite);
            });
  }

  private IdentifyMessage message(Connection connection) {
    return new IdentifyMessage(
        PROTOCOL_VERSION,
        local.agentVersion(),
        local.publicKey().toProtobuf(),
        local.listenAddresses(),
        Optional.of(connection.remoteAddress()),
        List.copyOf(local.protocols()),
        local.peerRecord().map(SignedPeerRecord::encode).orElse(null));
  }

  /**
   * Opens the signed peer record {@code remote} sent in identify: it must open as a peer record
   * ({@link SignedPeerRecord#open}) and be signed by {@code remote} itself (identify spec,
   * "signedPeerRecord"), not merely by some peer whose record was relayed.
   *
   * @return the record, or empty (with the reason logged) if it fails a check
   */
  static Optional<SignedPeerRecord> openRecord(PeerId remote, byte[] envelope) {
    SignedPeerRecord record;
    try {
      record = SignedPeerRecord.open(envelope);
    } catch (InvalidRecordException e) {
      log.warn("ignoring the signed peer record in identify from {}: {}", remote, e.getMessage());
      return Optional.empty();
    }
    if (!record.peerId().equals(remote)) {
      log.warn(
          "ignoring the signed peer record in identify from {}: it is {}'s",
          remote,
          record.peerId());
      return Optional.empty();
    }
    return Optional.of(record);
  }

  private IdentifyMessage apply(Connection connection, byte[] bytes, boolean push) {
    IdentifyMessage message;
    try {
      message = IdentifyMessage.decode(LengthPrefixed.unframe(bytes, IdentifyMessage.MAX_BYTES));
    } catch (ProtobufException e) {
      throw new IllegalArgumentException(
          "malformed identify message from " + connection.remotePeer() + ": " + e.getMessage(), e);
    }
    if (message.publicKey() != null) {
      try {
        PublicKey key = Keys.decodePublicKey(message.publicKey());
        if (!connection.remotePeer().matches(key)) {
          throw new IllegalArgumentException(
              "identify from " + connection.remotePeer() + " carries another peer's key");
        }
      } catch (InvalidKeyException e) {
        throw new IllegalArgumentException("identify key: " + e.getMessage(), e);
      }
    }
    Optional<SignedPeerRecord> record =
        message.signedPeerRecord() == null
            ? Optional.empty()
            : openRecord(connection.remotePeer(), message.signedPeerRecord());
    local.learned(connection.remotePeer(), message, record, push);
    message.observedAddress().ifPresent(address -> local.observed(connection, address));
    if (log.isDebugEnabled()) {
      log.debug(
          "identified {}: agent {}, {} protocols",
          connection.remotePeer(),
          message.agentVersion(),
          message.protocols().size());
    }
    return message;
  }
}
