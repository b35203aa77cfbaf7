package org.pinring.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("interop")
class JsProcessTest {

  @Test
  void exchangesLinesWithALongRunningScriptAndKillsIt() {
    JsHarness js = JsHarness.require();
    JsProcess process =
        js.start(
            "-e",
            "require('readline').createInterface({input: process.stdin})"
                + ".on('line', l => console.log('echo:' + l)); console.log('ready')");
    try {
      assertThat(process.awaitLine("ready"::equals, Duration.ofSeconds(30))).isEqualTo("ready");
      process.send("one");
      process.send("two");
      // Lines are taken in any order the test asks for; earlier ones are kept.
      assertThat(process.awaitLine("echo:two"::equals, Duration.ofSeconds(30)))
          .isEqualTo("echo:two");
      assertThat(process.awaitLine(l -> l.startsWith("echo:"), Duration.ofSeconds(30)))
          .isEqualTo("echo:one");
      assertThatThrownBy(() -> process.awaitLine("never"::equals, Duration.ofMillis(200)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("no expected line");
    } finally {
      process.close();
    }
    assertThat(process.isAlive()).isFalse();
  }
}
