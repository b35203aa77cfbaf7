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

  @Test
  void tablesWrittenWithoutCompressionOpenWithItAndBack() throws IOException {
    Path directory = Files.createTempDirectory("pinring-kv-uncompressed");
    directories.add(directory);
    // A small write buffer, so that the batch below is flushed to uncompressed table files.
    LevelDbKeyValueStore.Tuning plain = new LevelDbKeyValueStore.Tuning(1 << 20, 64 * 1024, false);
    byte[] value = new byte[4096]; // compressible: each block records how it was written
    try (LevelDbKeyValueStore uncompressed = LevelDbKeyValueStore.open(directory, plain)) {
      WriteBatch batch = new WriteBatch();
      for (int i = 0; i < 2000; i++) {
        batch.put(new byte[] {'k', (byte) (i >> 8), (byte) i}, value);
      }
      uncompressed.write(batch, KeyValueStore.Durability.SYNC);
    }
    try (LevelDbKeyValueStore compressed = LevelDbKeyValueStore.open(directory)) {
      compressed.write(
          new WriteBatch().put(new byte[] {'z'}, value), KeyValueStore.Durability.SYNC);
      assertThat(compressed.get(new byte[] {'k', 7, (byte) 207})).isEqualTo(value);
    }
    try (LevelDbKeyValueStore again = LevelDbKeyValueStore.open(directory, plain)) {
      assertThat(again.get(new byte[] {'z'})).isEqualTo(value);
      assertThat(again.get(new byte[] {'k', 0, 1})).isEqualTo(value);
    }
  }
}
