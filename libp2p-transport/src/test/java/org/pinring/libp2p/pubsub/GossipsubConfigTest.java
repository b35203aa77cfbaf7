package org.pinring.libp2p.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The configuration record: spec defaults, builder round trip, contradictions refused. */
class GossipsubConfigTest {

  @Test
  void defaultsAreTheSpecParameters() {
    GossipsubConfig c = GossipsubConfig.defaults();

    assertThat(new int[] {c.d(), c.dLo(), c.dHi(), c.dLazy(), c.dOut(), c.dScore()})
        .containsExactly(6, 5, 12, 6, 2, 4);
    assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.fanoutTtl()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.mcacheLength()).isEqualTo(5);
    assertThat(c.mcacheGossip()).isEqualTo(3);
    assertThat(c.seenTtl()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.pruneBackoff()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.gossipFactor()).isEqualTo(0.25);
    assertThat(c.maxIHaveLength()).isEqualTo(5000);
    assertThat(c.maxIHaveMessages()).isEqualTo(10);
    assertThat(c.floodPublish()).isTrue();
    assertThat(c.rpcLimits().maxRpcBytes()).isEqualTo(1 << 20);
    assertThat(c.signaturePolicy("/any")).isEqualTo(SignaturePolicy.STRICT_SIGN);
    assertThat(c.directPeers()).isEmpty();
    assertThat(c.directConnectTicks()).isEqualTo(300);
    assertThat(c.directConnectInitialDelay()).isEqualTo(Duration.ofSeconds(1));
    PeerScoreThresholds t = c.scoreThresholds();
    assertThat(new double[] {t.gossipThreshold(), t.publishThreshold(), t.graylistThreshold()})
        .containsExactly(-10, -50, -80);
  }

  @Test
  void builderRoundTripsAndSetsPerTopicPolicies() {
    GossipsubConfig c =
        GossipsubConfig.defaults().toBuilder()
            .signaturePolicies(java.util.Map.of("/anon", SignaturePolicy.STRICT_NO_SIGN))
            .build();

    assertThat(c.toBuilder().build()).isEqualTo(c);
    assertThat(c.signaturePolicy("/anon")).isEqualTo(SignaturePolicy.STRICT_NO_SIGN);
    assertThat(c.signaturePolicy("/other")).isEqualTo(SignaturePolicy.STRICT_SIGN);
  }

  @Test
  void refusesContradictoryDegreesAndThresholds() {
    assertThatThrownBy(() -> GossipsubConfig.builder().dLo(7).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("D_lo <= D");
    assertThatThrownBy(() -> GossipsubConfig.builder().dOut(5).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GossipsubConfig.builder().mcacheGossip(6).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GossipsubConfig.builder().directConnectTicks(0).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PeerScoreThresholds(-10, -5, -80, 10, 20))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TopicScoreParams.defaults().withInvalidMessageDeliveries(1, 0.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
