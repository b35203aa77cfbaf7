package org.pinring.libp2p;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PendingDialsTest {

  private final Map<String, String> established = new HashMap<>();
  private final PendingDials<String, String> dials =
      new PendingDials<>(peer -> Optional.ofNullable(established.get(peer)));
  private final AtomicInteger started = new AtomicInteger();

  @Test
  void aSecondDialOfTheSamePeerJoinsTheRunningOne() {
    CompletableFuture<String> connecting = new CompletableFuture<>();

    CompletableFuture<String> first = dials.dial("a", () -> start(connecting));
    CompletableFuture<String> second = dials.dial("a", () -> start(new CompletableFuture<>()));

    assertThat(second).isSameAs(first);
    assertThat(started).hasValue(1);
    connecting.complete("connection-a");
    assertThat(second).isCompletedWithValue("connection-a");
    assertThat(dials.size()).isZero();
  }

  @Test
  void differentPeersAreDialledSeparately() {
    var unusedA = dials.dial("a", () -> start(new CompletableFuture<>()));
    var unusedB = dials.dial("b", () -> start(new CompletableFuture<>()));

    assertThat(started).hasValue(2);
    assertThat(dials.size()).isEqualTo(2);
  }

  @Test
  void aFailedDialFreesThePeerForTheNextOne() {
    CompletableFuture<String> refused =
        dials.dial(
            "a", () -> start(CompletableFuture.failedFuture(new StreamException("refused"))));

    assertThat(refused).isCompletedExceptionally();
    assertThat(dials.size()).isZero();
    CompletableFuture<String> again = dials.dial("a", () -> start(new CompletableFuture<>()));
    assertThat(again).isNotSameAs(refused).isNotDone();
    assertThat(started).hasValue(2);
  }

  @Test
  void aConnectionEstablishedMeanwhileIsUsedInsteadOfDialling() {
    established.put("a", "registered-a");

    CompletableFuture<String> result = dials.dial("a", () -> start(new CompletableFuture<>()));

    assertThat(result).isCompletedWithValue("registered-a");
    assertThat(started).hasValue(0);
    assertThat(dials.size()).isZero();
  }

  @Test
  void aDialThatThrowsFailsItsFutureAndFreesThePeer() {
    CompletableFuture<String> thrown =
        dials.dial(
            "a",
            () -> {
              throw new StreamException("no transport");
            });

    assertThat(thrown).isCompletedExceptionally();
    assertThat(dials.size()).isZero();
    assertThat(dials.dial("a", () -> start(new CompletableFuture<>()))).isNotDone();
  }

  private CompletableFuture<String> start(CompletableFuture<String> dial) {
    started.incrementAndGet();
    return dial;
  }
}
