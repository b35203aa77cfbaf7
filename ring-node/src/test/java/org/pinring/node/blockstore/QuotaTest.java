package org.pinring.node.blockstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuotaTest {

  @TempDir Path directory;

  @Test
  void refusesAWriteThatWouldExceedTheQuotaWithAClearMessage() throws IOException {
    try (StoreFixture fixture = new StoreFixture(directory, 1500)) {
      try (BlockStore.Session session = fixture.store.openSession()) {
        session.put(TestBlocks.raw(1, 1000));

        assertThatThrownBy(() -> session.put(TestBlocks.raw(2, 501)))
            .isInstanceOf(QuotaExceededException.class)
            .hasMessage(
                "storing 501 B more would exceed the lent space of 1.5 KiB (1000 B in use or being"
                    + " written); lend more space in config.json, or free some with `pinring pin"
                    + " rm` and `pinring repo gc`");
        session.put(TestBlocks.raw(3, 500));
      }
      assertThat(fixture.store.stats().bytes()).isEqualTo(1500);
      assertThat(blockFiles(directory)).hasSize(2);
    }
  }

  @Test
  void aLowerQuotaRefusesNewWritesButKeepsWhatIsStored() throws IOException {
    try (StoreFixture fixture = new StoreFixture(directory, 10_000)) {
      try (BlockStore.Session session = fixture.store.openSession()) {
        session.put(TestBlocks.raw(1, 5000));
        fixture.store.setQuota(4000);

        assertThatThrownBy(() -> session.put(TestBlocks.raw(2, 1)))
            .isInstanceOf(QuotaExceededException.class);
      }
      assertThat(fixture.store.stats().bytes()).isEqualTo(5000);
    }
  }

  /**
   * Many writers race for a quota that fits only part of what they offer: whatever the
   * interleaving, what is stored (counted, and on disk) never exceeds it, and exactly the refused
   * writes failed.
   */
  @Test
  void concurrentWritersNeverExceedTheQuota() throws Exception {
    long quota = 300_000;
    try (StoreFixture fixture = new StoreFixture(directory, quota)) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      AtomicLong accepted = new AtomicLong();
      AtomicLong refused = new AtomicLong();
      List<Callable<Void>> writers = new ArrayList<>();
      for (int w = 0; w < 8; w++) {
        int writer = w;
        writers.add(
            () -> {
              try (BlockStore.Session session = fixture.store.openSession()) {
                for (int i = 0; i < 40; i++) {
                  Block block =
                      TestBlocks.raw(writer * 1000L + i, 1000 + (writer * 37 + i * 101) % 3000);
                  try {
                    session.put(block);
                    accepted.addAndGet(block.size());
                  } catch (QuotaExceededException e) {
                    refused.incrementAndGet();
                  }
                  assertThat(fixture.store.stats().bytes()).isLessThanOrEqualTo(quota);
                }
              }
              return null;
            });
      }
      for (Future<Void> result : pool.invokeAll(writers)) {
        result.get();
      }
      pool.shutdown();

      assertThat(refused.get()).isPositive();
      assertThat(fixture.store.stats().bytes())
          .isEqualTo(accepted.get())
          .isLessThanOrEqualTo(quota);
      assertThat(blockFiles(directory).stream().mapToLong(QuotaTest::size).sum())
          .isEqualTo(accepted.get());
      fixture.reopen();
      assertThat(fixture.store.stats().bytes()).isEqualTo(accepted.get());
    }
  }

  static List<Path> blockFiles(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory.resolve("blocks"))) {
      return files.filter(p -> p.toString().endsWith(".data")).toList();
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
