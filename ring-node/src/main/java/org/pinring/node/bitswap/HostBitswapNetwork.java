package org.pinring.node.bitswap;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.pinring.libp2p.Connection;
import org.pinring.libp2p.Host;
import org.pinring.libp2p.HostListener;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.Stream;
import org.pinring.libp2p.StreamReader;
import org.pinring.runtime.Cancellable;
import org.pinring.runtime.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bitswap on a libp2p {@link Host}: the thin adapter between streams and {@link Bitswap}.
 *
 * <p>Inbound: a handler for every Bitswap protocol id reads length-prefixed messages (bounded by
 * {@link BitswapCodec#MAX_MESSAGE_BYTES}) until the remote closes; a malformed message resets the
 * stream. Streams are paused while Bitswap has too many received bytes to hash and store.
 *
 * <p>Outbound: one stream per peer at a time, opened on demand with the newest protocol the peer
 * accepts, carrying messages in order; it is closed after {@link BitswapConfig#streamIdleClose}
 * without messages (js Bitswap reads each inbound stream until it closes, and drops it when idle
 * for 10 s). A message whose write fails is retried once on a new stream.
 */
public final class HostBitswapNetwork implements BitswapNetwork {

  private static final Logger log = LoggerFactory.getLogger(HostBitswapNetwork.class);

  /** Messages queued per peer before further sends fail. */
  static final int MAX_QUEUED_MESSAGES = 1024;

  private final Host host;
  private final Scheduler scheduler;
  private final BitswapConfig config;
  private final List<String> protocolIds;
  private final Map<PeerId, Outbound> outbound = new HashMap<>();
  private volatile Bitswap bitswap;

  /** Bitswap on {@code host}, offering every version (1.2.0 first). */
  public HostBitswapNetwork(Host host, Scheduler scheduler, BitswapConfig config) {
    this(host, scheduler, config, List.of(BitswapProtocol.values()));
  }

  /**
   * Bitswap on {@code host}, offering only {@code protocols} (in that order of preference) both
   * when serving and when opening streams: a node that must act as an older Bitswap peer.
   */
  public HostBitswapNetwork(
      Host host, Scheduler scheduler, BitswapConfig config, List<BitswapProtocol> protocols) {
    if (protocols.isEmpty()) {
      throw new IllegalArgumentException("Bitswap needs at least one protocol version");
    }
    this.host = host;
    this.scheduler = scheduler;
    this.config = config;
    List<String> ids = new ArrayList<>();
    protocols.forEach(p -> ids.add(p.id()));
    this.protocolIds = List.copyOf(ids);
  }

  /** Starts serving Bitswap's protocols on the host, delivering to {@code target}. */
  public void attach(Bitswap target) {
    this.bitswap = target;
    for (String protocol : protocolIds) {
      host.setStreamHandler(protocol, this::inbound);
    }
    host.addListener(
        new HostListener() {
          @Override
          public void onConnected(Connection connection) {
            target.peerConnected(connection.remotePeer());
          }

          @Override
          public void onDisconnected(Connection connection) {
            PeerId peer = connection.remotePeer();
            if (host.connections(peer).isEmpty()) {
              target.peerDisconnected(peer);
            }
          }
        });
    for (Connection connection : host.connections()) {
      target.peerConnected(connection.remotePeer());
    }
  }

  /** Stops serving Bitswap's protocols. */
  public void detach() {
    for (String protocol : protocolIds) {
      host.removeStreamHandler(protocol);
    }
  }

  private void inbound(Stream stream) {
    PeerId peer = stream.connection().remotePeer();
    FrameDecoder decoder = new FrameDecoder(BitswapCodec.MAX_MESSAGE_BYTES);
    stream.setReader(
        new StreamReader() {
          @Override
          public void onData(Stream s, ByteBuffer data) {
            try {
              decoder.feed(data, frame -> bitswap.receive(peer, BitswapCodec.decode(frame)));
            } catch (InvalidBitswapMessageException e) {
              log.info("resetting a Bitswap stream from {}: {}", peer, e.getMessage());
              s.reset();
              return;
            }
            if (!bitswap.acceptingBlocks()) {
              s.pauseReading();
              bitswap.whenAccepting(s::resumeReading);
            }
          }

          @Override
          public void onEnd(Stream s) {
            s.closeWrite();
          }
        });
  }

  @Override
  public CompletableFuture<BitswapProtocol> send(PeerId peer, BitswapMessage message) {
    CompletableFuture<BitswapProtocol> written = new CompletableFuture<>();
    Outbound out;
    synchronized (outbound) {
      out = outbound.computeIfAbsent(peer, Outbound::new);
    }
    out.enqueue(new Pending(message, written, 0));
    return written;
  }

  private static boolean onlyPresenceParts(BitswapMessage message) {
    if (!message.blocks().isEmpty() || message.fullWantlist()) {
      return false;
    }
    for (WantlistEntry entry : message.wantlist()) {
      if (entry.cancel() || entry.type() != WantType.HAVE) {
        return false;
      }
    }
    return true;
  }

  private record Pending(
      BitswapMessage message, CompletableFuture<BitswapProtocol> written, int retries) {}

  /** The outbound side towards one peer: a queue and at most one stream. */
  private final class Outbound {
    private final PeerId peer;
    private final Deque<Pending> queue = new ArrayDeque<>();
    private Stream stream;
    private boolean busy;
    private Cancellable idleClose;

    Outbound(PeerId peer) {
      this.peer = peer;
    }

    void enqueue(Pending pending) {
      synchronized (this) {
        if (queue.size() >= MAX_QUEUED_MESSAGES) {
          pending.written.completeExceptionally(
              new IllegalStateException(
                  "more than " + MAX_QUEUED_MESSAGES + " messages queued for " + peer));
          return;
        }
        queue.addLast(pending);
        if (busy) {
          return;
        }
        busy = true;
        if (idleClose != null) {
          idleClose.cancel();
          idleClose = null;
        }
      }
      next();
    }

    private void next() {
      Pending pending;
      Stream current;
      synchronized (this) {
        pending = queue.pollFirst();
        if (pending == null) {
          busy = false;
          if (stream != null) {
            Stream idle = stream;
            idleClose = scheduler.schedule(config.streamIdleClose(), () -> closeIfIdle(idle));
          }
          return;
        }
        current = stream;
      }
      if (current == null) {
        var unused =
            host.newStream(peer, protocolIds)
                .whenComplete(
                    (opened, failure) -> {
                      if (failure != null) {
                        failAll(pending, failure);
                        return;
                      }
                      synchronized (this) {
                        stream = opened;
                      }
                      opened.setReader(
                          new StreamReader() {
                            @Override
                            public void onData(Stream s, ByteBuffer data) {
                              // Answers come on streams the peer opens; nothing is read here.
                            }
                          });
                      write(opened, pending);
                    });
      } else {
        write(current, pending);
      }
    }

    private void write(Stream target, Pending pending) {
      BitswapProtocol protocol =
          BitswapProtocol.forId(target.protocol()).orElse(BitswapProtocol.V100);
      if (!protocol.hasPresences() && onlyPresenceParts(pending.message)) {
        // All of it is want-haves and presences, which this version cannot carry.
        pending.written.complete(protocol);
        next();
        return;
      }
      byte[] frame;
      try {
        frame = BitswapCodec.encodeFrame(pending.message, protocol);
      } catch (IllegalArgumentException e) {
        pending.written.completeExceptionally(e);
        next();
        return;
      }
      var unused =
          target
              .write(frame)
              .whenComplete(
                  (ok, failure) -> {
                    if (failure == null) {
                      pending.written.complete(protocol);
                      next();
                      return;
                    }
                    synchronized (this) {
                      if (stream == target) {
                        stream = null;
                      }
                      if (pending.retries == 0) {
                        queue.addFirst(new Pending(pending.message, pending.written, 1));
                      } else {
                        pending.written.completeExceptionally(failure);
                      }
                    }
                    target.reset();
                    next();
                  });
    }

    private void failAll(Pending first, Throwable failure) {
      first.written.completeExceptionally(failure);
      Deque<Pending> failed;
      synchronized (this) {
        failed = new ArrayDeque<>(queue);
        queue.clear();
        busy = false;
      }
      failed.forEach(p -> p.written.completeExceptionally(failure));
    }

    private void closeIfIdle(Stream idle) {
      synchronized (this) {
        if (busy || stream != idle) {
          return;
        }
        stream = null;
        idleClose = null;
      }
      idle.closeWrite();
    }
  }
}
