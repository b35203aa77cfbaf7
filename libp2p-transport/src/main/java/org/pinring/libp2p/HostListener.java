package org.pinring.libp2p;

import java.util.Set;

/** Connection events of a {@link Host}. Called on connection threads; must not block. */
public interface HostListener {

  /** A connection is ready (secured and multiplexed). */
  default void onConnected(Connection connection) {}

  /** A connection closed. */
  default void onDisconnected(Connection connection) {}

  /** The peer's protocols became known or changed (identify, identify push). */
  default void onProtocolsChanged(PeerId peer, Set<String> protocols) {}
}
