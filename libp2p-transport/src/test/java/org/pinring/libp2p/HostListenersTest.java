package org.pinring.libp2p;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pinring.libp2p.crypto.Ed25519PrivateKey;

class HostListenersTest {

  private final HostListeners listeners = new HostListeners();
  private final List<String> events = new ArrayList<>();
  private final PeerId peer =
      PeerId.fromPublicKey(Ed25519PrivateKey.fromSeed(new byte[32]).publicKey());

  @Test
  void aListenerThatThrowsDoesNotKeepTheEventFromTheOthers() {
    listeners.add(
        new HostListener() {
          @Override
          public void onProtocolsChanged(PeerId p, Set<String> protocols) {
            throw new IllegalStateException("faulty listener");
          }
        });
    listeners.add(
        new HostListener() {
          @Override
          public void onProtocolsChanged(PeerId p, Set<String> protocols) {
            events.add("changed " + protocols);
          }
        });

    listeners.protocolsChanged(peer, Set.of("/a"));

    assertThat(events).containsExactly("changed [/a]");
  }

  @Test
  void aRemovedListenerHearsNothingMore() {
    HostListener listener =
        new HostListener() {
          @Override
          public void onProtocolsChanged(PeerId p, Set<String> protocols) {
            events.add("changed");
          }
        };
    listeners.add(listener);
    listeners.protocolsChanged(peer, Set.of());
    listeners.remove(listener);
    listeners.protocolsChanged(peer, Set.of());

    assertThat(events).containsExactly("changed");
  }
}
