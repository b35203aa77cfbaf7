package org.pinring.libp2p.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.crypto.Ed25519PrivateKey;

/** The score function, term by term, against values computed by hand from the v1.1 spec. */
class PeerScoreTest {

  private static final String TOPIC = "t";
  private static final long SECOND = 1_000_000_000L;

  private final PeerScoreParams params =
      PeerScoreParams.defaults().withTopic(TOPIC, TopicScoreParams.defaults());

  @Test
  void invalidMessagesCountSquaredTimesWeights() {
    PeerScore score = new PeerScore(params);
    PeerId peer = peer(1);
    score.addPeer(peer, List.of());
    for (int i = 0; i < 3; i++) {
      score.rejectMessage(peer, null, TOPIC);
    }
    // P4: 3^2 * -1, times topic weight 0.5.
    assertThat(score.score(peer, 0)).isCloseTo(-4.5, within(1e-9));
    score.refresh(SECOND);
    // Decay 0.3: 0.9^2 * -1 * 0.5.
    assertThat(score.score(peer, SECOND)).isCloseTo(-0.405, within(1e-9));
  }

  @Test
  void timeInMeshAndFirstDeliveriesRewardUpToTheCap() {
    PeerScore score = new PeerScore(params);
    PeerId peer = peer(2);
    score.addPeer(peer, List.of());
    score.graft(peer, TOPIC, 0);
    MessageId id = MessageId.of(new byte[] {1});
    score.validateMessage(id, 0);
    score.deliverMessage(peer, id, TOPIC, 0);
    // P1: 4 quanta of 1 s * 1; P2: 1 * 1; times 0.5.
    assertThat(score.score(peer, 4 * SECOND)).isCloseTo(2.5, within(1e-9));
    // Capped at topicScoreCap 10 however long it stays.
    assertThat(score.score(peer, 1000 * SECOND)).isEqualTo(10);
  }

  @Test
  void meshDeliveryDeficitPenalisesOnlyAfterActivation() {
    PeerScore score = new PeerScore(params);
    PeerId peer = peer(3);
    score.addPeer(peer, List.of());
    score.graft(peer, TOPIC, 0);
    score.refresh(4 * SECOND);
    assertThat(score.score(peer, 4 * SECOND)).isCloseTo(2, within(1e-9)); // P1 only
    score.refresh(6 * SECOND); // past the 5 s activation
    // P1 6 * 0.5 = 3; P3 deficit 20: 400 * -1 * 0.5 = -200.
    assertThat(score.score(peer, 6 * SECOND)).isCloseTo(-197, within(1e-9));
    score.prune(peer, TOPIC);
    // P3b keeps the deficit after the prune: 400 * -1 * 0.5.
    assertThat(score.score(peer, 6 * SECOND)).isCloseTo(-200, within(1e-9));
  }

  @Test
  void ipColocationAndBehaviourPenaltiesAreQuadratic() {
    PeerScore score = new PeerScore(params);
    List<PeerId> peers = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      PeerId p = peer(10 + i);
      peers.add(p);
      score.addPeer(p, List.of("192.0.2.1"));
    }
    // 12 peers on one address, threshold 10: surplus 2, 2^2 * -5.
    assertThat(score.score(peers.get(0), 0)).isCloseTo(-20, within(1e-9));
    score.addPenalty(peers.get(1), 2);
    // P7: 2^2 * -10, plus P6.
    assertThat(score.score(peers.get(1), 0)).isCloseTo(-60, within(1e-9));
  }

  @Test
  void negativeScoresAreRetainedAfterDisconnectPositiveOnesAreNot() {
    PeerScore score = new PeerScore(params);
    PeerId bad = peer(30);
    PeerId good = peer(31);
    score.addPeer(bad, List.of());
    score.addPeer(good, List.of());
    score.rejectMessage(bad, null, TOPIC);
    score.graft(good, TOPIC, 0);
    score.removePeer(bad, 2 * SECOND);
    score.removePeer(good, 2 * SECOND);
    score.addPeer(bad, List.of());
    score.addPeer(good, List.of());

    assertThat(score.score(bad, 2 * SECOND)).isNegative();
    assertThat(score.score(good, 2 * SECOND)).isZero();
  }

  @Test
  void duplicatesOfARejectedMessagePenaliseEverySender() {
    PeerScore score = new PeerScore(params);
    PeerId first = peer(40);
    PeerId second = peer(41);
    score.addPeer(first, List.of());
    score.addPeer(second, List.of());
    MessageId id = MessageId.of(new byte[] {9});
    score.validateMessage(id, 0);
    score.duplicateMessage(second, id, TOPIC, 0);
    score.rejectMessage(first, id, TOPIC);

    assertThat(score.score(first, 0)).isCloseTo(-0.5, within(1e-9));
    assertThat(score.score(second, 0)).isCloseTo(-0.5, within(1e-9));
  }

  private static PeerId peer(int n) {
    byte[] seed = ByteBuffer.allocate(32).putInt(n).array();
    return PeerId.fromPublicKey(Ed25519PrivateKey.fromSeed(seed).publicKey());
  }
}
