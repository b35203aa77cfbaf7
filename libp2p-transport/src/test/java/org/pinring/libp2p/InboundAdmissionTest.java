package org.pinring.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InboundAdmissionTest {

  private final AtomicInteger live = new AtomicInteger();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final InboundAdmission admission = new InboundAdmission(3, 2, live::get, closing::get);

  @Test
  void admitsUpToThePendingLimitAndRefusesBeyond() {
    InboundAdmission.PendingSlot first = admitted();
    admitted();

    assertThat(admission.admit())
        .isEqualTo(new InboundAdmission.Refused("2 inbound handshakes in progress"));
    assertThat(admission.pendingCount()).isEqualTo(2);

    first.release();
    assertThat(admission.pendingCount()).isEqualTo(1);
    admitted();
  }

  @Test
  void aSlotReleasedTwiceFreesOnlyItsOwnPlace() {
    InboundAdmission.PendingSlot first = admitted();
    admitted();

    first.release();
    first.release();

    assertThat(admission.pendingCount()).isEqualTo(1);
    admitted();
    assertThat(admission.admit()).isInstanceOf(InboundAdmission.Refused.class);
  }

  @Test
  void refusesWhenTheConnectionLimitIsFullWithoutTakingASlot() {
    live.set(3);

    assertThat(admission.admit()).isEqualTo(new InboundAdmission.Refused("3 connections open"));
    assertThat(admission.pendingCount()).isZero();
  }

  @Test
  void refusesWhileShuttingDown() {
    closing.set(true);

    assertThat(admission.admit()).isEqualTo(new InboundAdmission.Refused("shutting down"));
    assertThat(admission.pendingCount()).isZero();
  }

  @Test
  void checksTheLimitAgainAfterTheHandshake() {
    live.set(2);
    assertThat(admission.refusalAfterHandshake()).isEmpty();

    live.set(3);
    assertThat(admission.refusalAfterHandshake()).contains("3 connections open");
  }

  @Test
  void rejectsLimitsBelowOne() {
    assertThatThrownBy(() -> new InboundAdmission(0, 1, live::get, closing::get))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new InboundAdmission(1, 0, live::get, closing::get))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private InboundAdmission.PendingSlot admitted() {
    InboundAdmission.Decision decision = admission.admit();
    assertThat(decision).isInstanceOf(InboundAdmission.Admitted.class);
    return ((InboundAdmission.Admitted) decision).slot();
  }
}
