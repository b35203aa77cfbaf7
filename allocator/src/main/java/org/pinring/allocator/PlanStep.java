package org.pinring.allocator;

import java.util.List;
import java.util.Objects;
import org.pinring.multiformats.Cid;

/**
 * One step of a repair or rebalance plan. Moving a copy is never one step: it is an {@link AddCopy}
 * on the new holder and a {@link DropCopy} on the old one that may run only once the new copies are
 * confirmed, so a pin never has fewer confirmed copies during a move than before it.
 */
public sealed interface PlanStep {

  /** The pin this step is about. */
  Cid cid();

  /** The peer that acts (or, for {@link ForgetCopy}, is forgotten). */
  String peer();

  /** {@code peer} should start pinning {@code cid}. */
  record AddCopy(Cid cid, String peer) implements PlanStep {
    public AddCopy {
      Objects.requireNonNull(cid, "cid");
      PeerState.checkText("peer id", peer, PeerState.MAX_ID_LENGTH);
    }
  }

  /**
   * {@code peer} may drop its copy of {@code cid}, but only once every peer in {@code
   * awaitConfirmed} holds a confirmed copy and the pin keeps at least its minimum of confirmed
   * copies on other peers: check with {@link #isSafe} against the current holders before acting.
   *
   * @param awaitConfirmed the pin's target holders that have not confirmed yet, sorted
   */
  record DropCopy(Cid cid, String peer, List<String> awaitConfirmed) implements PlanStep {
    public DropCopy {
      Objects.requireNonNull(cid, "cid");
      PeerState.checkText("peer id", peer, PeerState.MAX_ID_LENGTH);
      awaitConfirmed = List.copyOf(awaitConfirmed);
      if (awaitConfirmed.contains(peer)) {
        throw new IllegalArgumentException("a drop cannot wait for the dropping peer itself");
      }
    }

    /**
     * Whether the drop may happen now, given the pin's current holders: every awaited peer has
     * confirmed, and at least {@code replicationMin} confirmed copies remain on peers other than
     * {@code peer}.
     */
    public boolean isSafe(PinHolders current, int replicationMin) {
      if (!current.cid().equals(cid)) {
        throw new IllegalArgumentException("holders of " + current.cid() + ", not " + cid);
      }
      for (String awaited : awaitConfirmed) {
        if (!current.isConfirmedBy(awaited)) {
          return false;
        }
      }
      int confirmedElsewhere = 0;
      for (Holder holder : current.holders()) {
        if (holder.isConfirmed() && !holder.peer().equals(peer)) {
          confirmedElsewhere++;
        }
      }
      return confirmedElsewhere >= replicationMin;
    }
  }

  /**
   * {@code peer} has been gone longer than the grace period: stop counting its copy of {@code cid}.
   * Nothing is asked of the peer; if it comes back, its copy is surplus and a later rebalance drops
   * it safely.
   */
  record ForgetCopy(Cid cid, String peer) implements PlanStep {
    public ForgetCopy {
      Objects.requireNonNull(cid, "cid");
      PeerState.checkText("peer id", peer, PeerState.MAX_ID_LENGTH);
    }
  }
}
