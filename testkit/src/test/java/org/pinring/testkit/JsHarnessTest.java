package org.pinring.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsHarnessTest {

  @Test
  void findsTheHarnessFromAModuleDirectory(@TempDir Path root) throws Exception {
    Path harness = Files.createDirectories(root.resolve("interop/js"));
    Files.writeString(harness.resolve("package.json"), "{}");
    Path module = Files.createDirectories(root.resolve("some-module/src"));

    assertThat(JsHarness.findHarnessDirectory(module)).isEqualTo(harness);
    assertThat(JsHarness.findHarnessDirectory(root.getParent().resolve("elsewhere"))).isNull();
  }

  @Test
  void runsAScriptOfTheRealHarness() {
    JsHarness js = JsHarness.require();

    String out = js.run("vectors/multiformats.mjs", Duration.ofMinutes(1));

    assertThat(out).startsWith("{").contains("\"multiformats\"");
    assertThat(js.repositoryRoot().resolve("pom.xml")).exists();
  }
}
