package org.pinring.node.car;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.Varint;
import org.pinring.node.blockstore.Block;

class CarTest {

  private static List<Block> blocks(long seed, int count) {
    Random random = new Random(seed);
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] data = new byte[random.nextInt(300)];
      random.nextBytes(data);
      blocks.add(Block.hash(Multicodec.RAW, 1, data));
    }
    return blocks;
  }

  private static byte[] car(List<Cid> roots, List<Block> blocks) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CarWriter writer = new CarWriter(out, roots);
    for (Block block : blocks) {
      writer.write(block);
    }
    assertThat(writer.bytesWritten()).isEqualTo(out.size());
    return out.toByteArray();
  }

  private static List<Block> readAll(InputStream in) throws IOException {
    CarReader reader = CarReader.open(in);
    List<Block> blocks = new ArrayList<>();
    for (Optional<Block> next = reader.next(); next.isPresent(); next = reader.next()) {
      blocks.add(next.get());
    }
    return blocks;
  }

  @Test
  void writesTheHeaderAsTheSpecificationsExample() throws IOException {
    Cid root = Cid.parse("bafyreihyrpefhacm6kkp4ql6j6udakdit7g3dmkzfriqfykhjw6cad5lrm");

    byte[] bytes = car(List.of(root), List.of());

    // varint 0x3a, then {"roots": [tag 42 link], "version": 1} in canonical DAG-CBOR.
    assertThat(HexFormat.of().formatHex(bytes))
        .isEqualTo(
            "3aa265726f6f747381d82a58250001711220f88bc853804cf294fe417e4fa83028689fcdb1b1592c5102e1474dbc200fab8b6776657273696f6e01");
  }

  @Property(tries = 50)
  void roundTripsAnyBlocks(@ForAll @IntRange(min = 0, max = 20) int count, @ForAll long seed)
      throws IOException {
    List<Block> blocks = blocks(seed, count);
    List<Cid> roots = blocks.isEmpty() ? List.of() : List.of(blocks.get(0).cid());

    CarReader reader = CarReader.open(new ByteArrayInputStream(car(roots, blocks)));
    List<Block> read = new ArrayList<>();
    for (Optional<Block> next = reader.next(); next.isPresent(); next = reader.next()) {
      read.add(next.get());
    }

    assertThat(reader.roots()).isEqualTo(roots);
    assertThat(read).isEqualTo(blocks);
    for (int i = 0; i < read.size(); i++) {
      assertThat(read.get(i).data()).isEqualTo(blocks.get(i).data());
    }
  }

  /** The reader gets the stream in pieces of any size, down to one byte at a time. */
  @Test
  void readsTheSameWhateverTheStreamsPieces() throws IOException {
    List<Block> blocks = blocks(3, 6);
    byte[] bytes = car(List.of(blocks.get(0).cid()), blocks);
    for (int piece = 1; piece <= bytes.length; piece += piece < 16 ? 1 : 37) {
      assertThat(readAll(new ChoppedStream(bytes, piece)))
          .as("pieces of %d", piece)
          .isEqualTo(blocks);
    }
  }

  /** Cut anywhere: a cut between sections is a shorter CAR; anywhere else is refused. */
  @Test
  void everyTruncationIsAShorterCarOrRefused() throws IOException {
    List<Block> blocks = blocks(4, 5);
    byte[] bytes = car(List.of(blocks.get(0).cid()), blocks);
    List<Integer> boundaries = new ArrayList<>();
    int position = car(List.of(blocks.get(0).cid()), List.of()).length;
    boundaries.add(position);
    for (Block block : blocks) {
      int section = block.cid().encodedLength() + block.size();
      position += Varint.encodedLength(section) + section;
      boundaries.add(position);
    }
    for (int end = 0; end < bytes.length; end++) {
      byte[] cut = Arrays.copyOf(bytes, end);
      int index = boundaries.indexOf(end);
      if (index >= 0) {
        assertThat(readAll(new ByteArrayInputStream(cut))).isEqualTo(blocks.subList(0, index));
      } else {
        assertThatThrownBy(() -> readAll(new ByteArrayInputStream(cut)))
            .as("cut at %d", end)
            .isInstanceOf(InvalidCarException.class);
      }
    }
  }

  @Property(tries = 300)
  void mutatedBytesFailOnlyWithTheDeclaredException(
      @ForAll @IntRange(min = 0, max = 10_000) int position, @ForAll byte replacement)
      throws IOException {
    List<Block> blocks = blocks(5, 4);
    byte[] bytes = car(List.of(blocks.get(0).cid()), blocks);
    int at = position % bytes.length;
    if (bytes[at] == replacement) {
      return;
    }
    bytes[at] = replacement;
    try {
      readAll(new ByteArrayInputStream(bytes));
    } catch (InvalidCarException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Test
  void refusesBlocksThatDoNotMatchTheirCid() throws IOException {
    Block block = blocks(6, 1).get(0);
    byte[] bytes = car(List.of(), List.of(block));
    bytes[bytes.length - 1] ^= 1;

    assertThatThrownBy(() -> readAll(new ByteArrayInputStream(bytes)))
        .isInstanceOf(InvalidCarException.class)
        .hasMessageContaining("do not hash to this CID");
  }

  @Test
  void refusesAnOversizedSectionBeforeReadingIt() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new CarWriter(out, List.of());
    out.write(Varint.encode(CarReader.MAX_SECTION_BYTES + 1L));
    byte[] header = out.toByteArray();
    // A stream that fails if the reader asks for the huge body; byte-wise reads are enough here.
    @SuppressWarnings("InputStreamSlowMultibyteRead")
    InputStream in =
        new InputStream() {
          int position;

          @Override
          public int read() {
            if (position < header.length) {
              return header[position++] & 0xFF;
            }
            throw new AssertionError("read past the section length");
          }
        };

    assertThatThrownBy(() -> readAll(in))
        .isInstanceOf(InvalidCarException.class)
        .hasMessageContaining("more than the limit");
  }

  @Test
  void refusesOtherVersionsAndMalformedHeaders() {
    byte[] carV2Pragma = HexFormat.of().parseHex("0aa16776657273696f6e02");
    assertThatThrownBy(() -> readAll(new ByteArrayInputStream(carV2Pragma)))
        .isInstanceOf(InvalidCarException.class)
        .hasMessageContaining("CARv2");
    assertThatThrownBy(() -> readAll(new ByteArrayInputStream(new byte[0])))
        .hasMessageContaining("empty input");
    assertThatThrownBy(() -> readAll(new ByteArrayInputStream(HexFormat.of().parseHex("0201ff"))))
        .isInstanceOf(InvalidCarException.class)
        .hasMessageContaining("not DAG-CBOR");
    assertThatThrownBy(
            () ->
                readAll(new ByteArrayInputStream(HexFormat.of().parseHex("0ba167726f6f74738001"))))
        .isInstanceOf(InvalidCarException.class);
    assertThatThrownBy(
            () ->
                readAll(
                    new ByteArrayInputStream(HexFormat.of().parseHex("ffffffffffffffffffff01"))))
        .isInstanceOf(InvalidCarException.class);
  }

  /** Serves a byte array in fixed-size pieces. */
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
      return position < bytes.length ? bytes[position++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] out, int offset, int length) {
      if (position >= bytes.length) {
        return -1;
      }
      int n = Math.min(Math.min(length, piece), bytes.length - position);
      System.arraycopy(bytes, position, out, offset, n);
      position += n;
      return n;
    }
  }
}
