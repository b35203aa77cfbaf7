package org.pinring.allocator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.pinring.multiformats.Cid;

/**
 * The current holders of one pin, as the pin tracker sees them.
 *
 * @param cid the pin
 * @param holders its holders, at most one entry per peer; sorted by peer id
 */
public record PinHolders(Cid cid, List<Holder> holders) {

  public PinHolders {
    Objects.requireNonNull(cid, "cid");
    Objects.requireNonNull(holders, "holders");
    Set<String> seen = new HashSet<>();
    for (Holder holder : holders) {
      Objects.requireNonNull(holder, "holder");
      if (!seen.add(holder.peer())) {
        throw new IllegalArgumentException(
            "peer " + holder.peer() + " is listed twice as a holder of " + cid);
      }
    }
    List<Holder> sorted = new ArrayList<>(holders);
    sorted.sort(Comparator.comparing(Holder::peer));
    holders = List.copyOf(sorted);
  }

  /** Whether {@code peer} holds (or is pinning) the pin. */
  public boolean isHeldBy(String peer) {
    for (Holder holder : holders) {
      if (holder.peer().equals(peer)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code peer} has confirmed its copy. */
  public boolean isConfirmedBy(String peer) {
    for (Holder holder : holders) {
      if (holder.peer().equals(peer)) {
        return holder.isConfirmed();
      }
    }
    return false;
  }
}
