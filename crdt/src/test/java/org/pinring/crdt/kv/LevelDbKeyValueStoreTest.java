package org.pinring.crdt.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LevelDbKeyValueStoreTest extends KeyValueStoreContract {

  private final List<Path> directories = new ArrayList<>();

  @Override
  protected KeyValueStore create() {
    try {
      Path directory = Files.createTempDirectory("pinring-kv");
      directories.add(directory);
      return LevelDbKeyValueStore.open(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected void cleanUp() throws IOException {
    for (Path directory : directories) {
      try (Stream<Path> files = Files.walk(directory)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
    directories.clear();
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
