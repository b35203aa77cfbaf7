package org.pinring.libp2p.transport;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.pinring.multiformats.Multiaddr;

/**
 * Makes raw connections: TCP ({@link TcpTransport}), in-memory ({@link MemoryTransport}), or the
 * testbed's simulated network. Thread-safe.
 */
public interface Transport extends AutoCloseable {

  /** True if this transport can dial or listen on {@code address}. */
  boolean handles(Multiaddr address);

  /**
   * Starts listening.
   *
   * @param onConnection called for each inbound connection (on that connection's executor)
   * @return the listener, whose address has the actual port when 0 was asked for
   */
  CompletableFuture<TransportListener> listen(
      Multiaddr address, Consumer<RawConnection> onConnection);

  /** Connects to {@code address}, failing after {@code timeout}. */
  CompletableFuture<RawConnection> dial(Multiaddr address, Duration timeout);

  /** Stops everything this transport started. */
  @Override
  void close();
}
