package org.pinring.node.blockstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinring.multiformats.Cid;
import org.pinring.node.state.StateStore;

/**
 * The block index's values as read back from the database: an entry decodes to exactly what was
 * written, and a damaged one (cut short, extended, or with a length or count that does not fit)
 * fails with {@link IllegalStateException} instead of decoding to other links.
 */
class BlockIndexTest {

  private static final HexFormat HEX = HexFormat.of();

  @TempDir Path directory;

  private static BlockIndex.Entry entry(int links) {
    List<Cid> cids =
        IntStream.range(0, links).mapToObj(i -> TestBlocks.raw(i, 10 + i).cid()).toList();
    return new BlockIndex.Entry(1234, 0x71, cids);
  }

  @Test
  void anEntryDecodesToWhatWasWritten() {
    BlockIndex.Entry entry = entry(3);
    assertThat(BlockIndex.decode(BlockIndex.encode(entry))).isEqualTo(entry);
  }

  /**
   * Every prefix of an entry is damaged. Cut inside its last link, the link's bytes were once
   * padded with zeros into a valid CID of another block, and the entry decoded without complaint.
   */
  @Test
  void everyTruncatedEntryIsRefused() {
    byte[] encoded = BlockIndex.encode(entry(2));
    for (int length = 0; length < encoded.length; length++) {
      byte[] cut = Arrays.copyOf(encoded, length);
      assertThatThrownBy(() -> BlockIndex.decode(cut))
          .as("the first %d of %d bytes", length, encoded.length)
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void bytesAfterTheLinksAreRefused() {
    byte[] encoded = BlockIndex.encode(entry(1));
    byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);
    assertThatThrownBy(() -> BlockIndex.decode(longer))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("after its links");
  }

  /** Maximal varints where a size, a count and a link length go. */
  @Test
  void sizesCountsAndLengthsThatCannotFitAreRefused() {
    String max = "ffffffffffffffff7f"; // 2^63 - 1, the longest varint
    List<String> damaged =
        List.of(
            "01" + max + "71" + "00", // size beyond an int (was read as -1)
            "01" + "05" + "71" + max, // count (was an ArrayList of capacity -1)
            "01" + "05" + "71" + "7f" + "00", // 127 links in 4 bytes
            "01" + "05" + "71" + "01" + max + "00", // link length
            "01" + "05" + "71" + "01" + "05" + "0155", // link of 5 bytes, 2 left
            "01" + "05" + "71" + "01" + "02" + "0155"); // two bytes that are no CID
    for (String hex : damaged) {
      assertThatThrownBy(() -> BlockIndex.decode(HEX.parseHex(hex)))
          .as(hex)
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Property(tries = 300)
  void aMutatedEntryIsRefusedOrReadsBackExactly(
      @ForAll @IntRange(min = 0, max = 3) int links,
      @ForAll @IntRange(min = 0, max = 10_000) int position,
      @ForAll byte replacement) {
    byte[] encoded = BlockIndex.encode(entry(links));
    encoded[position % encoded.length] = replacement;
    BlockIndex.Entry decoded;
    try {
      decoded = BlockIndex.decode(encoded);
    } catch (IllegalStateException expected) {
      return;
    }
    assertThat(BlockIndex.encode(decoded)).isEqualTo(encoded);
  }

  @Test
  void aDamagedTotalIsRefused() throws IOException {
    try (StateStore state = StateStore.open(directory)) {
      state.put("blocks/meta/used-bytes".getBytes(StandardCharsets.US_ASCII), new byte[3], true);
      BlockIndex index = new BlockIndex(state);
      assertThatThrownBy(index::totals)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("total of 3 bytes");
    }
  }

  /** A key that is no multihash failed with the multihash parser's IllegalArgumentException. */
  @Test
  void aDamagedKeyIsRefused() throws IOException {
    try (StateStore state = StateStore.open(directory)) {
      byte[] prefix = "blocks/b/".getBytes(StandardCharsets.US_ASCII);
      byte[] key = Arrays.copyOf(prefix, prefix.length + 2);
      key[prefix.length] = 0x12; // sha2-256 of 32 bytes, without the 32 bytes
      key[prefix.length + 1] = 0x20;
      state.put(key, BlockIndex.encode(entry(0)), true);
      BlockIndex index = new BlockIndex(state);
      assertThatThrownBy(() -> index.scan((multihash, entry) -> true))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("damaged block index key");
    }
  }
}
