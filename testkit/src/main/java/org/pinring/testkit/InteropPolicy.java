package org.pinring.testkit;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Decides whether an interop test runs, is skipped or fails before it starts.
 *
 * <p>Interop tests are part of the acceptance suite: when the reference harness is missing they
 * fail with instructions. A developer may opt out locally with {@code PINRING_INTEROP=skip} (or
 * {@code -Dpinring.interop=skip}); in CI ({@code CI=true}) the opt-out itself is an error, so a CI
 * run can never pass without the interop tests.
 */
public final class InteropPolicy {

  /** The verdict for one test run. */
  public record Decision(Verdict verdict, String reason) {
    public Decision {
      Objects.requireNonNull(verdict, "verdict");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** What to do with an interop test. */
  public enum Verdict {
    RUN,
    SKIP,
    FAIL
  }

  static final String SETUP_HINT =
      "install Node.js 20+ and run `npm ci --prefix interop/js` (CI does this in .ci/run);"
          + " to skip interop tests locally set PINRING_INTEROP=skip";

  private InteropPolicy() {}

  /**
   * @param env the process environment
   * @param property the {@code pinring.interop} system property, or null
   * @param harnessProblem why the harness cannot run (node or node_modules missing), or null
   */
  public static Decision decide(Map<String, String> env, String property, String harnessProblem) {
    boolean optedOut =
        "skip".equalsIgnoreCase(env.getOrDefault("PINRING_INTEROP", ""))
            || "skip".equalsIgnoreCase(property == null ? "" : property);
    boolean ci = "true".equals(env.getOrDefault("CI", "").toLowerCase(Locale.ROOT));
    if (optedOut && ci) {
      return new Decision(
          Verdict.FAIL, "interop tests cannot be skipped in CI (CI=true and PINRING_INTEROP=skip)");
    }
    if (optedOut) {
      return new Decision(Verdict.SKIP, "interop tests skipped: PINRING_INTEROP=skip");
    }
    if (harnessProblem != null) {
      return new Decision(Verdict.FAIL, harnessProblem + "; " + SETUP_HINT);
    }
    return new Decision(Verdict.RUN, "harness ready");
  }
}
