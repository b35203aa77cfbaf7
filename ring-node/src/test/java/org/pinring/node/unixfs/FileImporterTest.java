package org.pinring.node.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.pinring.multiformats.Cid;
import org.pinring.node.blockstore.Block;

/**
 * The importer reads each chunk into the array of its leaf and reuses that array once the sink
 * releases the leaf: a reused array must never change a leaf the sink still holds, and the CIDs
 * must be those of an import that never reuses anything.
 */
class FileImporterTest {

  /**
   * A sink that holds up to {@code held} leaves before it releases the oldest, as a pool of writers
   * does, and checks at release that every held block's bytes still hash to its CID.
   */
  private static final class SlowReleasingSink implements BlockSink {
    private final int held;
    private final Queue<Runnable> pending = new ArrayDeque<>();
    private final List<Block> holding = new ArrayList<>();
    private final Set<byte[]> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
    int corrupt;

    SlowReleasingSink(int held) {
      this.held = held;
    }

    @Override
    public void put(Block block) {
      check(block);
    }

    @Override
    public void put(Block block, Runnable released) {
      arrays.add(arrayOf(block));
      holding.add(block);
      pending.add(released);
      if (pending.size() > held) {
        holding.forEach(this::check);
        holding.remove(0);
        pending.remove().run();
      }
    }

    @Override
    public void flush() {
      holding.forEach(this::check);
      holding.clear();
      while (!pending.isEmpty()) {
        pending.remove().run();
      }
    }

    /** The block's own array: {@link Block#writeTo} hands it to the stream without a copy. */
    private static byte[] arrayOf(Block block) {
      byte[][] seen = new byte[1][];
      try {
        block.writeTo(
            new OutputStream() {
              @Override
              public void write(int b) {
                throw new AssertionError("written byte by byte");
              }

              @Override
              public void write(byte[] bytes, int offset, int count) {
                seen[0] = bytes;
              }
            });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return seen[0];
    }

    private void check(Block block) {
      try {
        Block.verified(block.cid(), block.data());
      } catch (RuntimeException e) {
        corrupt++;
      }
    }
  }

  @Property(tries = 40)
  void reusedLeafArraysNeverChangeAHeldLeafAndGiveTheSameCids(
      @ForAll @IntRange(min = 0, max = 40_000) int length,
      @ForAll @IntRange(min = 1, max = 5_000) int chunkSize,
      @ForAll boolean rawLeaves,
      @ForAll @IntRange(min = 0, max = 6) int held)
      throws IOException {
    ImportOptions options =
        ImportPreset.KUBO
            .options()
            .withCidVersion(rawLeaves ? 1 : 0)
            .withRawLeaves(rawLeaves)
            .withChunkSize(chunkSize);
    byte[] input = new byte[length];
    for (int i = 0; i < length; i++) {
      input[i] = (byte) (i % 251);
    }
    SlowReleasingSink sink = new SlowReleasingSink(held);

    Cid root = new UnixFsImporter(options, sink).importStream(new ByteArrayInputStream(input));
    sink.flush();

    Cid fresh =
        new UnixFsImporter(options, block -> {}).importStream(new ByteArrayInputStream(input));
    assertThat(root).isEqualTo(fresh);
    assertThat(sink.corrupt).isZero();
    int fullChunks = length / chunkSize;
    if (fullChunks > held + 2) {
      // Arrays came back and were reused: far fewer than one per full chunk.
      assertThat(sink.arrays.size()).isLessThanOrEqualTo(held + 3);
    }
  }
}
