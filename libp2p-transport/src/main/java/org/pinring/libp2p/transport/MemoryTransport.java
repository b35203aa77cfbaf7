package org.pinring.libp2p.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.pinring.multiformats.Multiaddr;
import org.pinring.multiformats.MultiaddrProtocol;

/**
 * Connections inside one process, addressed {@code /memory/<name>}: for fast tests and as the model
 * for the testbed's simulated network. Every connection of one {@link Network} runs on the
 * network's single executor, so a run is sequential (and deterministic when the executor is a
 * {@link org.pinring.runtime.SimulatedTime}).
 *
 * <p>Each direction honours backpressure like a socket: bytes written and not yet taken by the
 * reader count against a high-water mark, above which the writer is unwritable, and a reader that
 * paused reading leaves them queued.
 */
public final class MemoryTransport implements Transport {

  /** Unconsumed bytes in one direction above which the writer is unwritable. */
  static final int HIGH_WATER_MARK = 1024 * 1024;

  /** Unconsumed bytes below which the writer is writable again. */
  static final int LOW_WATER_MARK = 256 * 1024;

  /** Where memory transports find each other. */
  public static final class Network {
    private final Executor executor;
    private final ByteBufAllocator alloc;
    private final Map<String, Consumer<RawConnection>> listeners = new HashMap<>();
    private final AtomicInteger nextName = new AtomicInteger();
    private final AtomicInteger nextDialer = new AtomicInteger();

    /** A network whose connections all run on {@code executor} (which must be serial). */
    public Network(Executor executor) {
      this(executor, UnpooledByteBufAllocator.DEFAULT);
    }

    public Network(Executor executor, ByteBufAllocator alloc) {
      this.executor = executor;
      this.alloc = alloc;
    }
  }

  private final Network network;

  public MemoryTransport(Network network) {
    this.network = network;
  }

  @Override
  public boolean handles(Multiaddr address) {
    List<Multiaddr.Component> parts = address.withoutPeerId().components();
    return parts.size() == 1 && parts.get(0).protocol() == MultiaddrProtocol.MEMORY;
  }

  @Override
  public CompletableFuture<TransportListener> listen(
      Multiaddr address, Consumer<RawConnection> onConnection) {
    if (!handles(address)) {
      return CompletableFuture.failedFuture(
          new TransportException("not a memory address: " + address, null));
    }
    String requested = address.valueOf(MultiaddrProtocol.MEMORY).orElseThrow();
    String name = requested.equals("0") ? "m" + network.nextName.incrementAndGet() : requested;
    synchronized (network.listeners) {
      if (network.listeners.putIfAbsent(name, onConnection) != null) {
        return CompletableFuture.failedFuture(
            new TransportException("/memory/" + name + " is taken", null));
      }
    }
    Multiaddr actual = memoryAddress(name);
    return CompletableFuture.completedFuture(
        new TransportListener() {
          @Override
          public Multiaddr address() {
            return actual;
          }

          @Override
          public void close() {
            synchronized (network.listeners) {
              network.listeners.remove(name);
            }
          }
        });
  }

  @Override
  public CompletableFuture<RawConnection> dial(Multiaddr address, Duration timeout) {
    if (!handles(address)) {
      return CompletableFuture.failedFuture(
          new TransportException("not a memory address: " + address, null));
    }
    String name = address.valueOf(MultiaddrProtocol.MEMORY).orElseThrow();
    Consumer<RawConnection> listener;
    synchronized (network.listeners) {
      listener = network.listeners.get(name);
    }
    if (listener == null) {
      return CompletableFuture.failedFuture(
          new TransportException("connection refused: nothing listens on " + address, null));
    }
    Multiaddr dialerAddress = memoryAddress("dialer-" + network.nextDialer.incrementAndGet());
    Endpoint dialer = new Endpoint(network, dialerAddress, address.withoutPeerId());
    Endpoint accepter = new Endpoint(network, address.withoutPeerId(), dialerAddress);
    dialer.peer = accepter;
    accepter.peer = dialer;
    CompletableFuture<RawConnection> result = new CompletableFuture<>();
    network.executor.execute(
        () -> {
          listener.accept(accepter);
          result.complete(dialer);
        });
    return result;
  }

  @Override
  public void close() {}

  private static Multiaddr memoryAddress(String name) {
    return Multiaddr.of(List.of(Multiaddr.Component.of(MultiaddrProtocol.MEMORY, name)));
  }

  /** One end of an in-memory connection. */
  private static final class Endpoint implements RawConnection {
    private final Network network;
    private final Multiaddr local;
    private final Multiaddr remote;
    private final ArrayDeque<ByteBuf> unflushed = new ArrayDeque<>();
    private final ArrayDeque<ByteBuf> received = new ArrayDeque<>();
    private Endpoint peer;
    private RawHandler handler;
    private long unconsumedToPeer;
    private boolean writable = true;
    private boolean paused;
    private boolean closed;

    Endpoint(Network network, Multiaddr local, Multiaddr remote) {
      this.network = network;
      this.local = local;
      this.remote = remote;
    }

    @Override
    public Executor executor() {
      return network.executor;
    }

    @Override
    public ByteBufAllocator alloc() {
      return network.alloc;
    }

    @Override
    public void setHandler(RawHandler handler) {
      this.handler = handler;
      if (closed) {
        handler.onClosed();
        return;
      }
      drain();
    }

    @Override
    public void write(ByteBuf bytes) {
      if (closed) {
        bytes.release();
        return;
      }
      unflushed.add(bytes);
      unconsumedToPeer += bytes.readableBytes();
      if (writable && unconsumedToPeer > HIGH_WATER_MARK) {
        writable = false;
        if (handler != null) {
          network.executor.execute(this::notifyWritability);
        }
      }
    }

    @Override
    public void flush() {
      if (closed || unflushed.isEmpty()) {
        return;
      }
      Endpoint target = peer;
      while (!unflushed.isEmpty()) {
        ByteBuf bytes = unflushed.poll();
        network.executor.execute(() -> target.receive(bytes));
      }
    }

    @Override
    public boolean isWritable() {
      return writable && !closed;
    }

    @Override
    public void setReadPaused(boolean paused) {
      this.paused = paused;
      if (!paused) {
        network.executor.execute(this::drain);
      }
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      flush();
      closed = true;
      Endpoint target = peer;
      network.executor.execute(target::remoteClosed);
      network.executor.execute(this::finishClose);
    }

    @Override
    public Multiaddr localAddress() {
      return local;
    }

    @Override
    public Multiaddr remoteAddress() {
      return remote;
    }

    private void receive(ByteBuf bytes) {
      if (closed) {
        peer.consumed(bytes.readableBytes());
        bytes.release();
        return;
      }
      received.add(bytes);
      drain();
    }

    private void drain() {
      while (handler != null && !paused && !closed && !received.isEmpty()) {
        ByteBuf bytes = received.poll();
        peer.consumed(bytes.readableBytes());
        handler.onRead(bytes);
      }
    }

    private void consumed(int bytes) {
      unconsumedToPeer -= bytes;
      if (!writable && unconsumedToPeer <= LOW_WATER_MARK) {
        writable = true;
        network.executor.execute(this::notifyWritability);
      }
    }

    private void notifyWritability() {
      if (handler != null && !closed) {
        handler.onWritabilityChanged();
      }
    }

    private void remoteClosed() {
      if (!closed) {
        closed = true;
        finishClose();
      }
    }

    private void finishClose() {
      for (ByteBuf bytes : unflushed) {
        bytes.release();
      }
      unflushed.clear();
      // Bytes the peer sent before closing are delivered first, as TCP would.
      boolean wasClosed = closed;
      closed = false;
      paused = false;
      drain();
      closed = wasClosed;
      for (ByteBuf bytes : received) {
        bytes.release();
      }
      received.clear();
      if (handler != null) {
        RawHandler notified = handler;
        handler = null;
        notified.onClosed();
      }
    }
  }
}
