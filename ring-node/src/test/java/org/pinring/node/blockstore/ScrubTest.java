package org.pinring.node.blockstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScrubTest {

  @TempDir Path directory;
  private StoreFixture fixture;
  private List<Block> blocks;

  @BeforeEach
  void store() throws IOException {
    fixture = new StoreFixture(directory, 1L << 30);
    blocks = TestBlocks.dag(1, 5, 3000);
    try (BlockStore.Session session = fixture.store.openSession()) {
      blocks.forEach(session::put);
    }
  }

  @AfterEach
  void close() throws IOException {
    fixture.close();
  }

  private Path fileOf(Block block) {
    return fixture.store.layout().pathOf(block.cid().multihash());
  }

  @Test
  void aHealthyStoreScrubsClean() {
    ScrubReport report = fixture.store.scrub(false);

    assertThat(report.healthy()).isTrue();
    assertThat(report.checkedBlocks()).isEqualTo(6);
    assertThat(report.checkedBytes()).isEqualTo(fixture.store.stats().bytes());
  }

  @Test
  void detectsAFlippedByteAndRepairRemovesTheBlock() throws IOException {
    Block victim = blocks.get(2);
    byte[] bytes = Files.readAllBytes(fileOf(victim));
    bytes[1234] ^= 0x10;
    Files.write(fileOf(victim), bytes);

    ScrubReport report = fixture.store.scrub(false);

    assertThat(report.corrupt()).containsExactly(victim.cid().multihash());
    assertThat(report.healthy()).isFalse();
    assertThatThrownBy(() -> fixture.store.get(victim.cid()))
        .isInstanceOf(CorruptBlockException.class);
    assertThat(fileOf(victim)).exists(); // reporting alone changes nothing

    ScrubReport repaired = fixture.store.scrub(true);

    assertThat(repaired.corrupt()).containsExactly(victim.cid().multihash());
    assertThat(fixture.store.has(victim.cid())).isFalse();
    assertThat(fileOf(victim)).doesNotExist();
    assertThat(fixture.store.stats().blocks()).isEqualTo(5);
    assertThat(fixture.store.scrub(false).healthy()).isTrue();
  }

  @Test
  void detectsTruncatedMissingAndStrayFiles() throws IOException {
    Block truncated = blocks.get(1);
    Block missing = blocks.get(3);
    Files.write(fileOf(truncated), new byte[10]);
    Files.delete(fileOf(missing));
    Path stray = fileOf(TestBlocks.raw(77, 10));
    Files.createDirectories(stray.getParent());
    Files.write(stray, new byte[10]);

    ScrubReport report = fixture.store.scrub(true);

    assertThat(report.corrupt()).containsExactly(truncated.cid().multihash());
    assertThat(report.missing()).containsExactly(missing.cid().multihash());
    assertThat(report.strayFiles()).isEqualTo(1);
    assertThat(stray).doesNotExist();
    assertThat(fixture.store.stats().blocks()).isEqualTo(4);
    assertThat(fixture.store.scrub(false).healthy()).isTrue();
  }

  @Test
  void anOversizedFileIsCorruptAndNeverReadWhole() throws IOException {
    Block victim = blocks.get(4);
    Files.write(fileOf(victim), new byte[BlockStore.MAX_BLOCK_BYTES + 1]);

    assertThatThrownBy(() -> fixture.store.get(victim.cid()))
        .isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining("block limit");
    assertThat(fixture.store.scrub(false).corrupt()).containsExactly(victim.cid().multihash());
  }
}
