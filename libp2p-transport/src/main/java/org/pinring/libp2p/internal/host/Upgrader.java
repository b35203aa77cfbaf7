package org.pinring.libp2p.internal.host;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.StreamException;
import org.pinring.libp2p.internal.mss.MultistreamException;
import org.pinring.libp2p.internal.mss.MultistreamNegotiation;
import org.pinring.libp2p.internal.noise.NoiseException;
import org.pinring.libp2p.internal.noise.NoiseFrameCodec;
import org.pinring.libp2p.internal.noise.NoiseHandshake;
import org.pinring.libp2p.internal.noise.SecureSession;
import org.pinring.libp2p.internal.noise.X25519KeyPair;
import org.pinring.libp2p.internal.yamux.YamuxSession;
import org.pinring.libp2p.transport.RawConnection;
import org.pinring.libp2p.transport.RawHandler;
import org.pinring.runtime.Cancellable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upgrades a raw connection to a libp2p connection (libp2p/specs connections, "Upgrading
 * Connections"): multistream-select {@code /noise}, the Noise handshake, the muxer (from the
 * handshake extensions when both sides listed one, else multistream-select {@code /yamux/1.0.0} on
 * the secured channel), then hands every later byte to the {@link Libp2pConnection}.
 *
 * <p>Runs on the raw connection's executor only. Fails the result and closes the raw connection on
 * malformed input, a failed handshake, the wrong peer, or the handshake timeout.
 */
public final class Upgrader implements RawHandler {

  private static final Logger log = LoggerFactory.getLogger(Upgrader.class);

  private enum Phase {
    SECURITY_NEGOTIATION,
    NOISE_HANDSHAKE,
    MUXER_NEGOTIATION,
    ESTABLISHED,
    FAILED
  }

  private final RawConnection raw;
  private final UpgradeContext context;
  private final boolean initiator;
  private final PeerId expectedRemote;
  private final CompletableFuture<Libp2pConnection> result = new CompletableFuture<>();
  private Phase phase = Phase.SECURITY_NEGOTIATION;
  private MultistreamNegotiation negotiation;
  private NoiseHandshake handshake;
  private NoiseFrameCodec codec;
  private SecureSession session;
  private CompositeByteBuf input;
  private Libp2pConnection connection;
  private Cancellable timeout;

  private Upgrader(
      RawConnection raw, UpgradeContext context, boolean initiator, PeerId expectedRemote) {
    this.raw = raw;
    this.context = context;
    this.initiator = initiator;
    this.expectedRemote = expectedRemote;
  }

  /**
   * Starts upgrading {@code raw}: installs itself as its handler, on its executor.
   *
   * @param expectedRemote for dialled connections, the peer that must answer (or null)
   */
  public static CompletableFuture<Libp2pConnection> upgrade(
      RawConnection raw, UpgradeContext context, boolean initiator, PeerId expectedRemote) {
    Upgrader upgrader = new Upgrader(raw, context, initiator, expectedRemote);
    raw.executor().execute(upgrader::start);
    return upgrader.result;
  }

  private void start() {
    input = raw.alloc().compositeBuffer(Integer.MAX_VALUE);
    timeout =
        context
            .environment()
            .scheduler()
            .schedule(
                context.handshakeTimeout(),
                () ->
                    raw.executor()
                        .execute(
                            () -> {
                              if (phase != Phase.ESTABLISHED && phase != Phase.FAILED) {
                                fail(
                                    "handshake did not finish within " + context.handshakeTimeout(),
                                    null);
                              }
                            }));
    negotiation =
        initiator
            ? MultistreamNegotiation.initiator(List.of(NoiseHandshake.PROTOCOL_ID))
            : MultistreamNegotiation.responder(NoiseHandshake.PROTOCOL_ID::equals);
    ByteBuf out = raw.alloc().buffer();
    negotiation.start(out);
    raw.write(out);
    raw.flush();
    raw.setHandler(this);
  }

  @Override
  public void onRead(ByteBuf bytes) {
    if (phase == Phase.ESTABLISHED) {
      connection.onCiphertext(bytes);
      return;
    }
    if (phase == Phase.FAILED) {
      bytes.release();
      return;
    }
    try {
      if (phase == Phase.SECURITY_NEGOTIATION || phase == Phase.NOISE_HANDSHAKE) {
        input.addComponent(true, bytes);
        progressInsecure();
      } else {
        decryptInto(bytes);
        progressMuxerNegotiation();
      }
      if (input != null) {
        input.discardReadComponents();
      }
    } catch (MultistreamException | NoiseException e) {
      fail(e.getMessage(), e);
    } catch (RuntimeException e) {
      log.warn("connection upgrade failed unexpectedly", e);
      fail("internal error: " + e, e);
    }
  }

  private void progressInsecure() throws MultistreamException, NoiseException {
    if (phase == Phase.SECURITY_NEGOTIATION) {
      ByteBuf out = raw.alloc().buffer();
      negotiation.onData(input, out);
      if (negotiation.isDone()) {
        handshake =
            new NoiseHandshake(
                context.aead(),
                initiator,
                context.identity(),
                context.noiseStaticKey(),
                X25519KeyPair.generate(context.environment().random()),
                List.of(YamuxSession.PROTOCOL_ID),
                expectedRemote);
        phase = Phase.NOISE_HANDSHAKE;
        ByteBuf first = handshake.start(raw.alloc());
        if (first != null) {
          out.writeBytes(first);
          first.release();
        }
      }
      send(out);
    }
    if (phase == Phase.NOISE_HANDSHAKE) {
      ByteBuf reply = handshake.onData(input, raw.alloc());
      if (reply != null) {
        send(reply);
      }
      if (handshake.isComplete()) {
        session = handshake.session();
        codec = new NoiseFrameCodec(session, raw.alloc());
        ByteBuf leftover = input.readRetainedSlice(input.readableBytes());
        input.release();
        input = null;
        if (session.negotiatedMuxer().filter(YamuxSession.PROTOCOL_ID::equals).isPresent()) {
          establish(leftover);
        } else {
          startMuxerNegotiation();
          decryptInto(leftover);
          progressMuxerNegotiation();
        }
      }
    }
  }

  private void startMuxerNegotiation() {
    phase = Phase.MUXER_NEGOTIATION;
    input = raw.alloc().compositeBuffer(Integer.MAX_VALUE);
    negotiation =
        initiator
            ? MultistreamNegotiation.initiator(List.of(YamuxSession.PROTOCOL_ID))
            : MultistreamNegotiation.responder(YamuxSession.PROTOCOL_ID::equals);
    ByteBuf out = raw.alloc().buffer();
    negotiation.start(out);
    sendEncrypted(out);
  }

  private void decryptInto(ByteBuf ciphertext) throws NoiseException {
    List<ByteBuf> plaintexts = new ArrayList<>();
    codec.decrypt(ciphertext, plaintexts);
    for (ByteBuf plaintext : plaintexts) {
      input.addComponent(true, plaintext);
    }
  }

  private void progressMuxerNegotiation() throws MultistreamException {
    ByteBuf out = raw.alloc().buffer();
    negotiation.onData(input, out);
    if (out.isReadable()) {
      sendEncrypted(out);
    } else {
      out.release();
    }
    if (negotiation.isDone()) {
      ByteBuf leftover = input.readRetainedSlice(input.readableBytes());
      input.release();
      input = null;
      establishPlain(leftover);
    }
  }

  /** Established with the muxer agreed in the handshake: {@code leftover} is ciphertext. */
  private void establish(ByteBuf leftoverCiphertext) {
    createConnection();
    if (leftoverCiphertext.isReadable()) {
      connection.onCiphertext(leftoverCiphertext);
    } else {
      leftoverCiphertext.release();
    }
  }

  /** Established after multistream-select on the secured channel: {@code leftover} is plain. */
  private void establishPlain(ByteBuf leftoverPlaintext) {
    createConnection();
    if (leftoverPlaintext.isReadable()) {
      connection.onPlaintext(leftoverPlaintext);
    } else {
      leftoverPlaintext.release();
    }
  }

  private void createConnection() {
    phase = Phase.ESTABLISHED;
    timeout.cancel();
    connection = new Libp2pConnection(raw, context, session, codec, initiator);
    result.complete(connection);
    connection.start();
  }

  private void send(ByteBuf out) {
    if (out.isReadable()) {
      raw.write(out);
      raw.flush();
    } else {
      out.release();
    }
  }

  private void sendEncrypted(ByteBuf plaintext) {
    raw.write(codec.encrypt(plaintext));
    raw.flush();
  }

  @Override
  public void onWritabilityChanged() {
    if (phase == Phase.ESTABLISHED) {
      connection.onWritabilityChanged();
    }
  }

  @Override
  public void onClosed() {
    if (phase == Phase.ESTABLISHED) {
      connection.onRawClosed();
      return;
    }
    fail("connection closed during the handshake", null);
  }

  private void fail(String reason, Throwable cause) {
    if (phase == Phase.FAILED || phase == Phase.ESTABLISHED) {
      return;
    }
    phase = Phase.FAILED;
    log.debug("upgrade of {} failed: {}", raw.remoteAddress(), reason);
    if (timeout != null) {
      timeout.cancel();
    }
    if (input != null) {
      input.release();
      input = null;
    }
    if (codec != null) {
      codec.release();
    }
    result.completeExceptionally(
        new StreamException("connection to " + raw.remoteAddress() + " failed: " + reason, cause));
    raw.close();
  }
}
