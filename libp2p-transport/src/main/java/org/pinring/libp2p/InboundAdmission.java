package org.pinring.libp2p;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * Decides whether an inbound connection may start its handshake, and counts those that are in it.
 *
 * <p>An inbound connection is refused while the host shuts down, when {@link
 * HostConfig#maxConnections()} connections are live, or when {@link HostConfig#maxPendingInbound()}
 * inbound connections are already in their security or muxer handshake. An admitted connection
 * holds a {@link PendingSlot} until its handshake ends, however it ends; the slot is released at
 * most once, so a path that releases it twice (a failure racing a completion) cannot free a slot
 * another connection holds. After the handshake the limit is checked again ({@link
 * #refusalAfterHandshake}): handshakes that finished together may have filled it, and an inbound
 * connection never trims others to make room.
 *
 * <p>Thread-safe.
 */
final class InboundAdmission {

  /** What {@link #admit} decided. */
  sealed interface Decision permits Admitted, Refused {}

  /** The connection may start its handshake; it holds {@code slot} until the handshake ends. */
  record Admitted(PendingSlot slot) implements Decision {}

  /** The connection is to be closed at once, for {@code reason}. */
  record Refused(String reason) implements Decision {}

  /** One inbound connection's place among those in their handshake. */
  final class PendingSlot {
    private final AtomicBoolean released = new AtomicBoolean();

    private PendingSlot() {}

    /** Gives the place back. Idempotent. */
    void release() {
      if (released.compareAndSet(false, true)) {
        pending.decrementAndGet();
      }
    }
  }

  private final int maxConnections;
  private final int maxPending;
  private final IntSupplier liveConnections;
  private final BooleanSupplier closing;
  private final AtomicInteger pending = new AtomicInteger();

  /**
   * @param liveConnections the connections the limit counts (registered, open, not being closed)
   * @param closing whether the host is shutting down
   */
  InboundAdmission(
      int maxConnections, int maxPending, IntSupplier liveConnections, BooleanSupplier closing) {
    if (maxConnections < 1 || maxPending < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
    this.maxConnections = maxConnections;
    this.maxPending = maxPending;
    this.liveConnections = liveConnections;
    this.closing = closing;
  }

  /** Admits a new inbound connection (reserving a pending slot) or says why not. */
  Decision admit() {
    int open = liveConnections.getAsInt();
    if (closing.getAsBoolean()) {
      return new Refused("shutting down");
    }
    if (open >= maxConnections) {
      return new Refused(open + " connections open");
    }
    if (pending.incrementAndGet() > maxPending) {
      pending.decrementAndGet();
      return new Refused(maxPending + " inbound handshakes in progress");
    }
    return new Admitted(new PendingSlot());
  }

  /**
   * Why a connection whose handshake just finished may not be registered (the limit is full), or
   * empty if it may.
   */
  Optional<String> refusalAfterHandshake() {
    int open = liveConnections.getAsInt();
    return open >= maxConnections ? Optional.of(open + " connections open") : Optional.empty();
  }

  /** Inbound connections admitted whose handshake has not ended yet. */
  int pendingCount() {
    return pending.get();
  }
}
