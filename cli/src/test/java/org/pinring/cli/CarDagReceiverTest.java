package org.pinring.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.Multihash;
import org.pinring.node.blockstore.Block;
import org.pinring.node.blockstore.BlockStore;
import org.pinring.node.dag.DagLimitException;
import org.pinring.node.dag.DagLimits;

/**
 * {@link CarDagReceiver} on its own: a CAR of one DAG arriving in pieces of every size, cut at
 * every byte, mutated anywhere, and beyond the limits.
 */
class CarDagReceiverTest {

  /** A session over a map: what {@link CarDagReceiver} stored. */
  private static final class MemorySession implements BlockStore.Session {
    final Map<Cid, Block> blocks = new HashMap<>();

    @Override
    public void put(Block block) {
      blocks.put(block.cid(), block);
    }

    @Override
    public boolean has(Cid cid) {
      return blocks.containsKey(cid);
    }

    @Override
    public void close() {}
  }

  /** Hands out at most {@code piece} bytes per read. */
  private static final class ChoppedStream extends InputStream {
    private final byte[] bytes;
    private final int piece;
    private int position;

    ChoppedStream(byte[] bytes, int piece) {
      this.bytes = bytes;
      this.piece = piece;
    }

    @Override
    public int read() {
      return position < bytes.length ? bytes[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (length == 0) {
        return 0;
      }
      if (position >= bytes.length) {
        return -1;
      }
      int count = Math.min(Math.min(length, piece), bytes.length - position);
      System.arraycopy(bytes, position, buffer, offset, count);
      position += count;
      return count;
    }
  }

  private static final Block A = GetThroughGatewayTest.rawFile("hello");
  private static final Block B = GetThroughGatewayTest.rawFile("bee");
  private static final Block SHARED = GetThroughGatewayTest.rawFile("in two places");
  private static final Block SUB = GetThroughGatewayTest.directory("b.txt", B, "s", SHARED);
  private static final Block ROOT =
      GetThroughGatewayTest.directory("a.txt", A, "s", SHARED, "sub", SUB);
  private static final byte[] CAR =
      GetThroughGatewayTest.car(List.of(ROOT.cid()), ROOT, A, SHARED, SUB, B);

  private static MemorySession receive(InputStream in, DagLimits limits) throws IOException {
    MemorySession session = new MemorySession();
    CarDagReceiver.Result result = CarDagReceiver.receive(in, ROOT.cid(), session, limits);
    assertThat(result.blocks()).isEqualTo(session.blocks.size());
    return session;
  }

  @Test
  void receivesEveryBlockOfTheDagOnceWhateverPiecesTheStreamArrivesIn() throws IOException {
    for (int piece = 1; piece <= CAR.length; piece++) {
      MemorySession session = receive(new ChoppedStream(CAR, piece), DagLimits.defaults());

      assertThat(session.blocks.keySet())
          .as("pieces of %d bytes", piece)
          .containsExactlyInAnyOrder(ROOT.cid(), A.cid(), SHARED.cid(), SUB.cid(), B.cid());
    }
  }

  @Test
  void everyCutShortOfTheEndIsRefused() {
    for (int length = 0; length < CAR.length; length++) {
      byte[] cut = Arrays.copyOf(CAR, length);

      assertThatThrownBy(() -> receive(new ByteArrayInputStream(cut), DagLimits.defaults()))
          .as("cut at %d", length)
          .isInstanceOf(TransferException.class)
          .hasMessageContaining("the CAR sent for " + ROOT.cid());
    }
  }

  @Property
  void aMutatedCarIsRefusedWithTheDeclaredExceptionOnly(
      @ForAll @IntRange(min = 0, max = 10_000) int at, @ForAll @IntRange(min = 1, max = 255) int x)
      throws IOException {
    byte[] mutated = CAR.clone();
    mutated[at % mutated.length] ^= (byte) x;

    Throwable thrown =
        catchThrowable(() -> receive(new ByteArrayInputStream(mutated), DagLimits.defaults()));

    // Every byte of a CAR is covered by a hash or decides how the rest is read: nothing changed
    // is still the same DAG.
    assertThat(thrown).isInstanceOf(TransferException.class);
  }

  @Test
  void anIdentityBlockInTheDagNeedsNoSectionAndOneIsIgnored() throws IOException {
    byte[] tiny = {1, 2, 3, 4};
    Block inline =
        Block.verified(
            Cid.v1(Multicodec.RAW, Multihash.of(Multicodec.IDENTITY.code(), tiny)), tiny);
    Block root = GetThroughGatewayTest.directory("tiny", inline, "a.txt", A);

    // Without the inline block's section, and with it as PinRing's gateway writes it.
    for (byte[] car :
        List.of(
            GetThroughGatewayTest.car(List.of(root.cid()), root, A),
            GetThroughGatewayTest.car(List.of(root.cid()), root, inline, A))) {
      MemorySession session = new MemorySession();

      CarDagReceiver.receive(
          new ByteArrayInputStream(car), root.cid(), session, DagLimits.defaults());

      assertThat(session.blocks.keySet()).containsExactlyInAnyOrder(root.cid(), A.cid());
    }
  }

  @Test
  void stopsAtTheBlockLimit() {
    assertThatThrownBy(
            () -> receive(new ByteArrayInputStream(CAR), DagLimits.defaults().withMaxBlocks(4)))
        .isInstanceOf(DagLimitException.class)
        .hasMessageContaining("more than 4 blocks");
  }

  @Test
  void stopsWhenTooManyLinkedBlocksWait() {
    // The root links three blocks at once.
    assertThatThrownBy(
            () ->
                receive(new ByteArrayInputStream(CAR), DagLimits.defaults().withMaxPendingLinks(2)))
        .isInstanceOf(DagLimitException.class)
        .hasMessageContaining("links more than 2 blocks not yet received");
  }
}
