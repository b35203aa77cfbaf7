package org.pinring.node.bitswap;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.pinring.libp2p.PeerId;
import org.pinring.multiformats.Cid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving half of Bitswap as a plain state machine: per-peer ledgers of what each peer wants,
 * and a round robin over peers owed answers. One thread (the Bitswap scheduler's) calls it.
 *
 * <p>Fairness: each peer has at most one response in preparation or on the wire, at most {@link
 * BitswapConfig#maxConcurrentSends} responses exist at once, and a peer whose response was sent
 * goes to the back of the line. A peer asking for a thousand blocks therefore gets one message per
 * turn like a peer asking for one. A response carries every presence owed (up to {@link
 * BitswapCodec#MAX_ENTRIES}), then block bytes up to {@link BitswapConfig#maxMessageBlockBytes} (at
 * least one block).
 *
 * <p>Answers (BITSWAP.md, 1.2.0): a want-block for a block we have gets the block; a want-have gets
 * HAVE, or the block if it is at most {@link BitswapConfig#inlineHaveBytes}; a want for a block we
 * lack gets DONT_HAVE if asked for, and stays in the ledger, so that the block is sent if it
 * arrives later ({@link #blockAdded}). Cancels remove wants and answers not yet sent.
 */
final class BitswapServer {

  private static final Logger log = LoggerFactory.getLogger(BitswapServer.class);

  /** What the server needs from the block store. */
  interface Store {
    /** The block's size if it is stored. */
    OptionalInt size(Cid cid);
  }

  /** A response to prepare and send; the sender calls {@link #sent} when it is done. */
  record Response(PeerId peer, List<Cid> blocks, List<BlockPresence> presences) {}

  private final BitswapConfig config;
  private final Store store;
  private final Map<PeerId, PeerLedger> ledgers = new HashMap<>();
  private final Deque<PeerId> ready = new ArrayDeque<>();
  private final Set<PeerId> inReady = new HashSet<>();
  private int sending;

  BitswapServer(BitswapConfig config, Store store) {
    this.config = config;
    this.store = store;
  }

  /** Applies a peer's wantlist changes; returns the responses that may start now. */
  List<Response> onWantlist(PeerId peer, List<WantlistEntry> entries, boolean full) {
    PeerLedger ledger = ledgers.computeIfAbsent(peer, p -> new PeerLedger(config.maxLedgerWants()));
    if (full) {
      Set<Cid> keep = new HashSet<>();
      for (WantlistEntry entry : entries) {
        if (!entry.cancel()) {
          keep.add(entry.cid());
        }
      }
      ledger.retainOnly(keep);
    }
    for (WantlistEntry entry : entries) {
      if (entry.cancel()) {
        ledger.cancel(entry.cid());
        continue;
      }
      if (!ledger.want(entry)) {
        log.debug(
            "wantlist of {} is full ({} entries); refusing {}",
            peer,
            ledger.wantCount(),
            entry.cid());
        if (entry.sendDontHave()) {
          ledger.owe(entry.cid(), PeerLedger.Answer.DONT_HAVE);
        }
        continue;
      }
      OptionalInt size = store.size(entry.cid());
      if (size.isPresent()) {
        boolean block =
            entry.type() == WantType.BLOCK || size.getAsInt() <= config.inlineHaveBytes();
        ledger.owe(entry.cid(), block ? PeerLedger.Answer.BLOCK : PeerLedger.Answer.HAVE);
      } else if (entry.sendDontHave()) {
        ledger.owe(entry.cid(), PeerLedger.Answer.DONT_HAVE);
      }
    }
    markReady(peer, ledger);
    return dispatch();
  }

  /** A block became available locally: peers that wanted it get it (or a HAVE). */
  List<Response> blockAdded(Cid cid, int size) {
    for (Map.Entry<PeerId, PeerLedger> entry : ledgers.entrySet()) {
      WantlistEntry want = entry.getValue().wantOf(cid);
      if (want != null) {
        boolean block = want.type() == WantType.BLOCK || size <= config.inlineHaveBytes();
        entry.getValue().owe(cid, block ? PeerLedger.Answer.BLOCK : PeerLedger.Answer.HAVE);
        markReady(entry.getKey(), entry.getValue());
      }
    }
    return dispatch();
  }

  /**
   * The response to {@code peer} was written (or failed); returns the responses that may start.
   *
   * @param blocksSent blocks it carried, {@code bytesSent} their bytes (for the ledger)
   */
  List<Response> sent(PeerId peer, int blocksSent, long bytesSent) {
    sending--;
    PeerLedger ledger = ledgers.get(peer);
    if (ledger != null) {
      ledger.sending = false;
      ledger.blocksSent += blocksSent;
      ledger.bytesSent += bytesSent;
      markReady(peer, ledger);
    }
    return dispatch();
  }

  /** The peer disconnected: its ledger goes. */
  void peerGone(PeerId peer) {
    PeerLedger ledger = ledgers.get(peer);
    if (ledger != null && !ledger.sending) {
      ledgers.remove(peer);
    } else if (ledger != null) {
      ledger.retainOnly(Set.of());
    }
    if (inReady.remove(peer)) {
      ready.remove(peer);
    }
  }

  int wantCount(PeerId peer) {
    PeerLedger ledger = ledgers.get(peer);
    return ledger == null ? 0 : ledger.wantCount();
  }

  private void markReady(PeerId peer, PeerLedger ledger) {
    if (ledger.owesAnything() && !ledger.sending && inReady.add(peer)) {
      ready.addLast(peer);
    }
  }

  private List<Response> dispatch() {
    List<Response> out = new ArrayList<>();
    while (sending < config.maxConcurrentSends() && !ready.isEmpty()) {
      PeerId peer = ready.pollFirst();
      inReady.remove(peer);
      PeerLedger ledger = ledgers.get(peer);
      if (ledger == null || !ledger.owesAnything()) {
        continue;
      }
      out.add(take(peer, ledger));
      ledger.sending = true;
      sending++;
    }
    return out;
  }

  private Response take(PeerId peer, PeerLedger ledger) {
    List<Cid> blocks = new ArrayList<>();
    List<BlockPresence> presences = new ArrayList<>();
    // Presences go first, ahead of blocks owed before them: they are small, and a HAVE is what the
    // peer's session waits for before it sends a want-block.
    for (Cid cid : ledger.owedInOrder()) {
      if (presences.size() >= BitswapCodec.MAX_ENTRIES) {
        break;
      }
      PeerLedger.Answer answer = ledger.answerFor(cid);
      if (answer != PeerLedger.Answer.BLOCK) {
        presences.add(
            new BlockPresence(
                cid,
                answer == PeerLedger.Answer.HAVE ? PresenceType.HAVE : PresenceType.DONT_HAVE));
        ledger.taken(cid);
      }
    }
    long blockBytes = 0;
    List<Cid> skipped = new ArrayList<>();
    while (ledger.owesAnything() && presences.size() < BitswapCodec.MAX_ENTRIES) {
      Cid cid = ledger.peekOwed();
      PeerLedger.Answer answer = ledger.answerFor(cid);
      if (answer == PeerLedger.Answer.BLOCK) {
        OptionalInt size = store.size(cid);
        if (size.isEmpty()) {
          // Removed since it was queued (garbage collection): the want stays for later.
          ledger.dropOwed(cid);
          skipped.add(cid);
          continue;
        }
        if (!blocks.isEmpty() && blockBytes + size.getAsInt() > config.maxMessageBlockBytes()) {
          break;
        }
        blocks.add(cid);
        blockBytes += size.getAsInt();
      } else {
        presences.add(
            new BlockPresence(
                cid,
                answer == PeerLedger.Answer.HAVE ? PresenceType.HAVE : PresenceType.DONT_HAVE));
      }
      ledger.taken(cid);
    }
    for (Cid cid : skipped) {
      WantlistEntry want = ledger.wantOf(cid);
      if (want != null && want.sendDontHave()) {
        presences.add(new BlockPresence(cid, PresenceType.DONT_HAVE));
      }
    }
    return new Response(peer, blocks, presences);
  }
}
