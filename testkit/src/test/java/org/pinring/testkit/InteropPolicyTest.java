package org.pinring.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pinring.testkit.InteropPolicy.Verdict;

class InteropPolicyTest {

  @Test
  void runsWhenTheHarnessIsReady() {
    assertThat(InteropPolicy.decide(Map.of(), null, null).verdict()).isEqualTo(Verdict.RUN);
    assertThat(InteropPolicy.decide(Map.of("CI", "true"), null, null).verdict())
        .isEqualTo(Verdict.RUN);
  }

  @Test
  void failsWithInstructionsWhenTheHarnessIsMissing() {
    InteropPolicy.Decision decision =
        InteropPolicy.decide(Map.of(), null, "interop/js/node_modules is missing");

    assertThat(decision.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(decision.reason()).contains("node_modules is missing").contains("npm ci");
  }

  @Test
  void skipsOnlyWhenADeveloperOptsOutLocally() {
    assertThat(InteropPolicy.decide(Map.of("PINRING_INTEROP", "skip"), null, "missing").verdict())
        .isEqualTo(Verdict.SKIP);
    assertThat(InteropPolicy.decide(Map.of(), "skip", null).verdict()).isEqualTo(Verdict.SKIP);
    assertThat(InteropPolicy.decide(Map.of("PINRING_INTEROP", "yes"), null, "missing").verdict())
        .isEqualTo(Verdict.FAIL);
  }

  @Test
  void refusesTheOptOutInCi() {
    InteropPolicy.Decision decision =
        InteropPolicy.decide(Map.of("CI", "true", "PINRING_INTEROP", "skip"), null, null);

    assertThat(decision.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(decision.reason()).contains("cannot be skipped in CI");
  }
}
