package org.pinring.node.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

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
}
