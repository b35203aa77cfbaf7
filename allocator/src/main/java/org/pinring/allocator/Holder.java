package org.pinring.allocator;

import java.util.Objects;

/**
 * One peer holding (or about to hold) a copy of a pin.
 *
 * @param peer the holder's peer id
 * @param state whether the copy is confirmed
 */
public record Holder(String peer, HolderState state) {

  public Holder {
    PeerState.checkText("holder peer id", peer, PeerState.MAX_ID_LENGTH);
    Objects.requireNonNull(state, "state");
  }

  public static Holder confirmed(String peer) {
    return new Holder(peer, HolderState.CONFIRMED);
  }

  public static Holder pending(String peer) {
    return new Holder(peer, HolderState.PENDING);
  }

  public boolean isConfirmed() {
    return state == HolderState.CONFIRMED;
  }
}
