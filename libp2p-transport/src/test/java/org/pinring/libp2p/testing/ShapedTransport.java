package org.pinring.libp2p.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.pinring.libp2p.transport.RawConnection;
import org.pinring.libp2p.transport.RawHandler;
import org.pinring.libp2p.transport.Transport;
import org.pinring.libp2p.transport.TransportException;
import org.pinring.libp2p.transport.TransportListener;
import org.pinring.multiformats.Multiaddr;

/**
 * A transport around another one that shapes what tests need: dials that wait at a {@link Gate}
 * until every party has connected (so simultaneous dials truly overlap), a rewritten remote address
 * on dialled connections (a NAT in front of the listener), and a switch that silently drops
 * everything this side writes (a peer that stopped answering without closing), and rewritten remote
 * addresses on accepted connections (peers dialling in from different networks). It records the
 * addresses it was asked to dial, in order.
 */
public final class ShapedTransport implements Transport {

  /**
   * Holds dials back until {@code parties} dials (and, with {@link #gateAccepts}, accepted
   * connections) have their raw connection.
   */
  public static final class Gate {
    private final int parties;
    private final AtomicInteger arrived = new AtomicInteger();
    private final CompletableFuture<Void> open = new CompletableFuture<>();

    public Gate(int parties) {
      this.parties = parties;
    }

    void arrive() {
      if (arrived.incrementAndGet() >= parties) {
        open.complete(null);
      }
    }

    CompletableFuture<RawConnection> pass(RawConnection raw) {
      arrive();
      return open.thenApply(ignored -> raw);
    }
  }

  private final Transport inner;
  private final List<Multiaddr> dialAttempts = new CopyOnWriteArrayList<>();
  private final List<RawConnection> dialledRaws = new CopyOnWriteArrayList<>();
  private final List<RawConnection> acceptedRaws = new CopyOnWriteArrayList<>();
  private volatile boolean closeAcceptedFirst;
  private Gate gate;
  private boolean gateAccepts;
  private Multiaddr dialledRemote;
  private final java.util.Queue<Multiaddr> acceptedRemotes =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private volatile boolean mute;
  private boolean refuseDials;

  public ShapedTransport(Transport inner) {
    this.inner = inner;
  }

  /** Dials wait at {@code gate}. */
  public ShapedTransport gatedBy(Gate value) {
    this.gate = value;
    return this;
  }

  /**
   * Accepted connections count as arrivals at the gate too (without waiting): a dial of this side
   * then waits until a peer's dial towards it has connected.
   */
  public ShapedTransport gateAccepts() {
    this.gateAccepts = true;
    return this;
  }

  /** Every dial fails at once, as if no address of the peer were reachable; accepts still work. */
  public ShapedTransport refuseDials() {
    this.refuseDials = true;
    return this;
  }

  /**
   * Accepted connections report these remote addresses, one each in order (then their real one):
   * what this side observes of its peers.
   */
  public ShapedTransport acceptedRemoteAddresses(List<Multiaddr> addresses) {
    acceptedRemotes.addAll(addresses);
    return this;
  }

  /** Dialled connections report {@code address} as their remote address. */
  public ShapedTransport dialledRemoteAddress(Multiaddr address) {
    this.dialledRemote = address;
    return this;
  }

  /**
   * Accepted connections are closed just before the host gets them: the peer went away while the
   * host admits its connection.
   */
  public ShapedTransport closeAcceptedBeforeHandingOver() {
    this.closeAcceptedFirst = true;
    return this;
  }

  /** The raw connections dials produced so far, in order. */
  public List<RawConnection> dialledConnections() {
    return List.copyOf(dialledRaws);
  }

  /** The raw connections accepted so far, in order. */
  public List<RawConnection> acceptedConnections() {
    return List.copyOf(acceptedRaws);
  }

  /** The addresses dials were asked for so far, in order (refused ones included). */
  public List<Multiaddr> dialAttempts() {
    return List.copyOf(dialAttempts);
  }

  /** From now on every connection of this transport drops what this side writes. */
  public void mute() {
    mute = true;
  }

  @Override
  public boolean handles(Multiaddr address) {
    return inner.handles(address);
  }

  @Override
  public CompletableFuture<TransportListener> listen(
      Multiaddr address, Consumer<RawConnection> onConnection) {
    return inner.listen(
        address,
        raw -> {
          if (gateAccepts && gate != null) {
            gate.arrive();
          }
          Shaped shaped = new Shaped(raw, acceptedRemotes.poll());
          acceptedRaws.add(shaped);
          if (closeAcceptedFirst) {
            shaped.close();
          }
          onConnection.accept(shaped);
        });
  }

  @Override
  public CompletableFuture<RawConnection> dial(Multiaddr address, Duration timeout) {
    dialAttempts.add(address);
    if (refuseDials) {
      return CompletableFuture.failedFuture(
          new TransportException("dials refused by the test: " + address, null));
    }
    CompletableFuture<RawConnection> dialled =
        inner
            .dial(address, timeout)
            .thenApply(
                raw -> {
                  Shaped shaped = new Shaped(raw, dialledRemote);
                  dialledRaws.add(shaped);
                  return shaped;
                });
    return gate == null ? dialled : dialled.thenCompose(gate::pass);
  }

  @Override
  public void close() {
    inner.close();
  }

  private final class Shaped implements RawConnection {
    private final RawConnection raw;
    private final Multiaddr remote;

    Shaped(RawConnection raw, Multiaddr remote) {
      this.raw = raw;
      this.remote = remote == null ? raw.remoteAddress() : remote;
    }

    @Override
    public Executor executor() {
      return raw.executor();
    }

    @Override
    public ByteBufAllocator alloc() {
      return raw.alloc();
    }

    @Override
    public void setHandler(RawHandler handler) {
      raw.setHandler(handler);
    }

    @Override
    public void write(ByteBuf bytes) {
      if (mute) {
        bytes.release();
      } else {
        raw.write(bytes);
      }
    }

    @Override
    public void flush() {
      raw.flush();
    }

    @Override
    public boolean isWritable() {
      return raw.isWritable();
    }

    @Override
    public void setReadPaused(boolean paused) {
      raw.setReadPaused(paused);
    }

    @Override
    public void close() {
      raw.close();
    }

    @Override
    public Multiaddr localAddress() {
      return raw.localAddress();
    }

    @Override
    public Multiaddr remoteAddress() {
      return remote;
    }
  }
}
