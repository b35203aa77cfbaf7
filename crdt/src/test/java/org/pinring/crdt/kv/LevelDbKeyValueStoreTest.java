package org.pinring.crdt.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LevelDbKeyValueStoreTest extends KeyValueStoreContract {

  @TempDir Path temporary;
  private int opened;

  @Override
  protected KeyValueStore create() {
    try {
      return LevelDbKeyValueStore.open(Files.createDirectory(temporary.resolve("db" + opened++)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected KeyValueStore reopen(KeyValueStore store) {
    Path directory = ((LevelDbKeyValueStore) store).directory();
    store.close();
    return LevelDbKeyValueStore.open(directory);
  }

  @Test
  void aDirectoryHeldByAnOpenStoreCannotBeOpenedTwice() {
    Path directory = ((LevelDbKeyValueStore) store).directory();
    assertThatThrownBy(() -> LevelDbKeyValueStore.open(directory))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(directory.toString());
  }

  @Test
  void tuningIsValidated() {
    assertThatThrownBy(() -> new LevelDbKeyValueStore.Tuning(-1, 1 << 20))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(LevelDbKeyValueStore.Tuning.defaults().writeBufferBytes()).isPositive();
  }
}
