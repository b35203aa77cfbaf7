package org.pinring.node.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {

  @TempDir Path directory;

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void everyOperationAfterCloseFailsCleanlyInsteadOfReachingTheNativeDatabase() throws IOException {
    StateStore store = StateStore.open(directory);
    store.put(bytes("k"), bytes("v"), true);
    StateStore.Batch pending = store.batch().put(bytes("a"), bytes("b"));
    store.close();
    store.close(); // idempotent

    assertThatThrownBy(() -> store.get(bytes("k")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
    assertThatThrownBy(() -> store.put(bytes("k"), bytes("w"), false))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.delete(bytes("k"), false))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.write(pending, true)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(store::batch).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.scan(bytes(""), (key, value) -> true))
        .isInstanceOf(IllegalStateException.class);

    try (StateStore reopened = StateStore.open(directory)) {
      assertThat(reopened.get(bytes("k"))).isEqualTo(bytes("v"));
      assertThat(reopened.get(bytes("a"))).isNull();
    }
  }
}
