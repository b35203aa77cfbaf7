package org.pinring.node.bitswap;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pinring.multiformats.Cid;

/**
 * What one remote peer wants from us and what we owe it: its wantlist (bounded) and the queue of
 * answers not yet sent. Owned by {@link BitswapServer}, on its thread.
 */
final class PeerLedger {

  /** An answer owed: send the block, or a presence. */
  enum Answer {
    BLOCK,
    HAVE,
    DONT_HAVE
  }

  private final int maxWants;
  private final Map<Cid, WantlistEntry> wants = new LinkedHashMap<>();
  private final Map<Cid, Answer> owed = new HashMap<>();
  private final Deque<Cid> order = new ArrayDeque<>();
  boolean sending;
  long blocksSent;
  long bytesSent;

  PeerLedger(int maxWants) {
    this.maxWants = maxWants;
  }

  /** Records a want; false if the wantlist is full. */
  boolean want(WantlistEntry entry) {
    if (!wants.containsKey(entry.cid()) && wants.size() >= maxWants) {
      return false;
    }
    wants.put(entry.cid(), entry);
    return true;
  }

  WantlistEntry wantOf(Cid cid) {
    return wants.get(cid);
  }

  /** Forgets a want and any answer still owed for it. */
  void cancel(Cid cid) {
    wants.remove(cid);
    if (owed.remove(cid) != null) {
      order.remove(cid);
    }
  }

  /** Forgets every want not in {@code keep} (a full wantlist replaces the old one). */
  void retainOnly(java.util.Set<Cid> keep) {
    for (Cid cid : java.util.List.copyOf(wants.keySet())) {
      if (!keep.contains(cid)) {
        cancel(cid);
      }
    }
  }

  Iterable<Cid> wanted() {
    return wants.keySet();
  }

  /** Queues an answer; a block replaces a presence owed for the same CID. */
  void owe(Cid cid, Answer answer) {
    Answer previous = owed.put(cid, answer);
    if (previous == null) {
      order.addLast(cid);
    } else if (previous == Answer.BLOCK) {
      owed.put(cid, previous);
    }
  }

  boolean owesAnything() {
    return !order.isEmpty();
  }

  /** The CIDs owed an answer, oldest first (a copy). */
  java.util.List<Cid> owedInOrder() {
    return java.util.List.copyOf(order);
  }

  Cid peekOwed() {
    return order.peekFirst();
  }

  Answer answerFor(Cid cid) {
    return owed.get(cid);
  }

  /** Takes the first owed answer off the queue; a block or HAVE also ends the want. */
  void taken(Cid cid) {
    order.remove(cid);
    Answer answer = owed.remove(cid);
    if (answer == Answer.BLOCK || answer == Answer.HAVE) {
      wants.remove(cid);
    }
  }

  /** Takes an owed answer off the queue, keeping the want. */
  void dropOwed(Cid cid) {
    order.remove(cid);
    owed.remove(cid);
  }

  int wantCount() {
    return wants.size();
  }
}
