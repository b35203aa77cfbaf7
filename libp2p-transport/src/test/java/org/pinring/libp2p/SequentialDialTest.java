package org.pinring.libp2p;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class SequentialDialTest {

  private final Map<String, CompletableFuture<String>> attempts = new LinkedHashMap<>();

  @Test
  void triesTheNextAddressOnlyOnceThePreviousFailed() {
    CompletableFuture<String> result =
        SequentialDial.firstSuccess(List.of("a", "b", "c"), this::attempt, "peer");

    assertThat(attempts).containsOnlyKeys("a");
    attempts.get("a").completeExceptionally(new StreamException("refused"));
    assertThat(attempts).containsOnlyKeys("a", "b");
    attempts.get("b").complete("via-b");

    assertThat(result).isCompletedWithValue("via-b");
    assertThat(attempts).containsOnlyKeys("a", "b");
  }

  @Test
  void whenEveryAttemptFailsTheLastFailureIsTheCause() {
    CompletableFuture<String> result =
        SequentialDial.firstSuccess(List.of("a", "b"), this::attempt, "peer-x");
    attempts.get("a").completeExceptionally(new StreamException("first"));
    StreamException last = new StreamException("second");
    attempts.get("b").completeExceptionally(last);

    assertThat(result)
        .failsWithin(java.time.Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(StreamException.class)
        .withMessage("could not reach peer-x")
        .havingCause()
        .isSameAs(last);
  }

  @Test
  void noAddressFailsAtOnce() {
    CompletableFuture<String> result =
        SequentialDial.firstSuccess(List.<String>of(), this::attempt, "peer");

    assertThat(result).isCompletedExceptionally();
    assertThat(attempts).isEmpty();
  }

  @Test
  void theListIsCopiedSoLaterChangesDoNotAffectTheOrder() {
    List<String> addresses = new ArrayList<>(List.of("a", "b"));
    var unused = SequentialDial.firstSuccess(addresses, this::attempt, "peer");
    addresses.set(1, "z");

    attempts.get("a").completeExceptionally(new StreamException("refused"));

    assertThat(attempts).containsOnlyKeys("a", "b");
  }

  private CompletableFuture<String> attempt(String address) {
    CompletableFuture<String> attempt = new CompletableFuture<>();
    attempts.put(address, attempt);
    return attempt;
  }
}
