package org.pinring.libp2p;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link HostListener}s of a host, and the fan-out of its events to them. A listener that
 * throws is logged and the others are still called: one faulty listener must not hide a connection
 * from the rest. Thread-safe; events are delivered on the caller's thread.
 */
final class HostListeners {

  private static final Logger log = LoggerFactory.getLogger(HostListeners.class);

  private final List<HostListener> listeners = new CopyOnWriteArrayList<>();

  void add(HostListener listener) {
    listeners.add(listener);
  }

  void remove(HostListener listener) {
    listeners.remove(listener);
  }

  void connected(Connection connection) {
    each("onConnected", listener -> listener.onConnected(connection));
  }

  void disconnected(Connection connection) {
    each("onDisconnected", listener -> listener.onDisconnected(connection));
  }

  void protocolsChanged(PeerId peer, Set<String> protocols) {
    each("onProtocolsChanged", listener -> listener.onProtocolsChanged(peer, protocols));
  }

  private void each(String event, Consumer<HostListener> call) {
    for (HostListener listener : listeners) {
      try {
        call.accept(listener);
      } catch (RuntimeException e) {
        log.warn("listener failed in {}", event, e);
      }
    }
  }
}
