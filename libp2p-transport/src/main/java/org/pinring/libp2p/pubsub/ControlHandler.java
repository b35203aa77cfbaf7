package org.pinring.libp2p.pubsub;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.pinring.libp2p.PeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control part of received RPCs (gossipsub v1.0 "Control Messages", v1.1 "PRUNE Backoff and
 * Peer Exchange"): IHAVE and IWANT through {@link GossipEmitter}, GRAFT accepted or answered with
 * PRUNE, PRUNE with its backoff and peer exchange; one reply RPC per received RPC.
 */
final class ControlHandler {

  private static final Logger log = LoggerFactory.getLogger(ControlHandler.class);

  private final RouterState state;
  private final GossipEmitter gossip;
  private final PeerExchange exchange;
  private final GossipsubConfig config;

  ControlHandler(RouterState state, GossipEmitter gossip, PeerExchange exchange) {
    this.state = state;
    this.gossip = gossip;
    this.exchange = exchange;
    this.config = state.config;
  }

  void handle(PeerId from, RouterState.PeerState peer, Rpc.Control control) {
    List<MessageId> iwant = gossip.handleIHave(from, peer, control.ihave());
    List<RawMessage> answers = gossip.handleIWant(from, control.iwant());
    List<Rpc.Prune> prunes = handleGraft(from, peer, control.graft());
    handlePrune(from, control.prune());
    Rpc.Control reply =
        new Rpc.Control(
            List.of(),
            iwant.isEmpty() ? List.of() : List.of(new Rpc.IWant(iwant)),
            List.of(),
            prunes);
    if (!reply.isEmpty() || !answers.isEmpty()) {
      state.output.send(from, new Rpc(List.of(), answers, reply));
    }
  }

  private List<Rpc.Prune> handleGraft(
      PeerId from, RouterState.PeerState peer, List<Rpc.Graft> grafts) {
    List<Rpc.Prune> prunes = new ArrayList<>();
    for (Rpc.Graft graft : grafts) {
      String topic = graft.topic();
      Set<PeerId> members = state.mesh.get(topic);
      if (members == null || members.contains(from)) {
        // Not subscribed (ignored, to not reveal interest) or already in the mesh.
        continue;
      }
      if (state.isDirect(from)) {
        // v1.1 "Explicit Peering Agreements": grafting a direct peer is an error (likely a
        // one-sided agreement); log it and answer with PRUNE, without peer exchange. Neither the
        // spec nor go/js penalise it.
        log.warn("GRAFT on {} from direct peer {}: refused", topic, from);
        prunes.add(exchange.prune(from, topic, config.pruneBackoff().toSeconds(), false));
        continue;
      }
      long backoffUntil = state.backoffUntil(topic, from);
      if (backoffUntil != Long.MIN_VALUE && backoffUntil - state.now() > 0) {
        // v1.1 "Prune Backoff": a GRAFT during backoff is penalised, doubly if very early.
        state.score.addPenalty(from, 1);
        long prunedAt = backoffUntil - config.pruneBackoff().toNanos();
        if (state.now() - prunedAt < config.graftFloodThreshold().toNanos()) {
          state.score.addPenalty(from, 1);
        }
        prunes.add(exchange.prune(from, topic, config.pruneBackoff().toSeconds(), false));
        state.addBackoff(topic, from, config.pruneBackoff().toNanos());
        continue;
      }
      if (state.score(from) < 0 || (members.size() >= config.dHi() && !peer.outbound)) {
        prunes.add(exchange.prune(from, topic, config.pruneBackoff().toSeconds(), true));
        state.addBackoff(topic, from, config.pruneBackoff().toNanos());
        continue;
      }
      members.add(from);
      state.graftPeer(from, topic);
    }
    return prunes;
  }

  private void handlePrune(PeerId from, List<Rpc.Prune> prunes) {
    for (Rpc.Prune prune : prunes) {
      String topic = prune.topic();
      state.leftMesh(from, topic);
      long seconds =
          prune.backoffSeconds().isPresent()
              ? Math.min(prune.backoffSeconds().getAsLong(), 3600 * 24)
              : config.pruneBackoff().toSeconds();
      state.addBackoff(topic, from, seconds * 1_000_000_000L);
      exchange.follow(from, prune.peers());
    }
  }
}
