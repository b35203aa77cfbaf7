package org.pinring.node.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.pinring.node.blockstore.Block;

class UnixFsNodesTest {

  /** The hand-written leaf encoder against the general dag-pb and UnixFS encoders. */
  @Property(tries = 300)
  void theFastLeafEncodingEqualsTheGeneralOne(
      @ForAll @IntRange(min = 0, max = 70_000) int length, @ForAll byte fill) {
    byte[] chunk = new byte[length];
    for (int i = 0; i < length; i++) {
      chunk[i] = (byte) (fill + i * 31);
    }

    assertThat(UnixFsNodes.encodeFileLeaf(chunk)).isEqualTo(UnixFsNodes.genericFileLeaf(chunk));
  }

  @Property(tries = 5)
  void theFastLeafEncodingEqualsTheGeneralOneForFullChunks(
      @ForAll @IntRange(min = (256 << 10) - 2, max = 1 << 20) int length) {
    byte[] chunk = new byte[length];
    assertThat(UnixFsNodes.encodeFileLeaf(chunk)).isEqualTo(UnixFsNodes.genericFileLeaf(chunk));
  }

  /** A full chunk read into its leaf's direct buffer gives the same block as encoding it. */
  @Property(tries = 20)
  void aFullChunkReadInPlaceGivesTheSameLeaf(
      @ForAll @IntRange(min = 1, max = 300_000) int chunkSize,
      @ForAll boolean rawLeaves,
      @ForAll byte fill)
      throws IOException {
    ImportOptions options =
        ImportPreset.KUBO.options().withChunkSize(chunkSize).withRawLeaves(rawLeaves);
    UnixFsNodes nodes = new UnixFsNodes(options);
    byte[] chunk = new byte[chunkSize];
    for (int i = 0; i < chunkSize; i++) {
      chunk[i] = (byte) (fill + i * 7);
    }
    ByteBuffer buffer = ByteBuffer.allocateDirect(nodes.fullLeafLength());
    // Garbage around the chunk: the framing must overwrite all of it.
    byte[] garbage = new byte[buffer.capacity()];
    Arrays.fill(garbage, (byte) 0x5a);
    buffer.put(0, garbage);
    buffer.put(nodes.fullLeafDataOffset(), chunk);
    // Where the importer's read left the buffer's position and limit must not matter.
    buffer.position(nodes.fullLeafDataOffset()).limit(nodes.fullLeafDataOffset() + chunkSize);

    Block inPlace = nodes.fullLeafInPlace(buffer);

    Block encoded = nodes.leaf(chunk);
    assertThat(inPlace.isOffHeap()).isTrue();
    assertThat(inPlace.cid()).isEqualTo(encoded.cid());
    assertThat(inPlace.size()).isEqualTo(encoded.size());
    assertThat(inPlace.data()).isEqualTo(encoded.data());
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    inPlace.writeTo(written);
    assertThat(written.toByteArray()).isEqualTo(encoded.data());
  }
}
