package org.pinring.node.bitswap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.MultihashAlgorithm;
import org.pinring.node.blockstore.BlockStore;

/** Round trips, hostile input, limits, protocol versions and framing of the Bitswap codec. */
class BitswapCodecTest {

  private static final HexFormat HEX = HexFormat.of();

  @Property(tries = 300)
  void decodingAnEncodedMessageGivesItBack(@ForAll("messages") BitswapMessage message) {
    byte[] encoded = BitswapCodec.encode(message, BitswapProtocol.V120);
    assertThat(BitswapCodec.decode(encoded)).isEqualTo(message);
  }

  @Property(tries = 300)
  void mutatedMessagesFailOnlyWithTheDeclaredException(
      @ForAll("messages") BitswapMessage message,
      @ForAll("positions") double where,
      @ForAll byte replacement) {
    byte[] encoded = BitswapCodec.encode(message, BitswapProtocol.V120);
    if (encoded.length == 0) {
      return;
    }
    encoded[(int) (where * (encoded.length - 1))] = replacement;
    try {
      BitswapCodec.decode(encoded);
    } catch (InvalidBitswapMessageException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Property(tries = 100)
  void everyTruncationFailsWithTheDeclaredExceptionOrDecodesAPrefix(
      @ForAll("messages") BitswapMessage message) {
    byte[] encoded = BitswapCodec.encode(message, BitswapProtocol.V120);
    for (int length = 0; length < encoded.length; length++) {
      byte[] truncated = java.util.Arrays.copyOf(encoded, length);
      try {
        BitswapCodec.decode(truncated);
      } catch (InvalidBitswapMessageException expected) {
        // a cut inside a field
      }
    }
  }

  @Property(tries = 100)
  void framesSplitAtEveryPointDecodeToTheSameMessages(
      @ForAll("messages") BitswapMessage first, @ForAll("messages") BitswapMessage second) {
    byte[] a = BitswapCodec.encodeFrame(first, BitswapProtocol.V120);
    byte[] b = BitswapCodec.encodeFrame(second, BitswapProtocol.V120);
    byte[] stream = new byte[a.length + b.length];
    System.arraycopy(a, 0, stream, 0, a.length);
    System.arraycopy(b, 0, stream, a.length, b.length);
    for (int split = 0; split <= stream.length; split += Math.max(1, stream.length / 40)) {
      FrameDecoder decoder = new FrameDecoder(BitswapCodec.MAX_MESSAGE_BYTES);
      List<BitswapMessage> out = new ArrayList<>();
      decoder.feed(ByteBuffer.wrap(stream, 0, split), f -> out.add(BitswapCodec.decode(f)));
      decoder.feed(
          ByteBuffer.wrap(stream, split, stream.length - split),
          f -> out.add(BitswapCodec.decode(f)));
      assertThat(out).containsExactly(first, second);
      assertThat(decoder.isIdle()).isTrue();
    }
  }

  @Test
  void framesFedOneByteAtATimeDecode() {
    BitswapMessage message = sample();
    byte[] frame = BitswapCodec.encodeFrame(message, BitswapProtocol.V120);
    FrameDecoder decoder = new FrameDecoder(BitswapCodec.MAX_MESSAGE_BYTES);
    List<BitswapMessage> out = new ArrayList<>();
    for (byte b : frame) {
      assertThat(out).isEmpty();
      decoder.feed(ByteBuffer.wrap(new byte[] {b}), f -> out.add(BitswapCodec.decode(f)));
    }
    assertThat(out).containsExactly(message);
  }

  @Test
  void emptyFramesAreEmptyMessages() {
    FrameDecoder decoder = new FrameDecoder(16);
    List<byte[]> out = new ArrayList<>();
    decoder.feed(ByteBuffer.wrap(new byte[] {0, 0}), out::add);
    assertThat(out).hasSize(2);
    assertThat(BitswapCodec.decode(out.get(0)).isEmpty()).isTrue();
  }

  @Test
  void refusesAFrameLongerThanTheLimitBeforeAllocatingIt() {
    FrameDecoder decoder = new FrameDecoder(BitswapCodec.MAX_MESSAGE_BYTES);
    // 0x80 0x80 0x80 0x04 = 8 MiB
    assertThatThrownBy(() -> decoder.feed(ByteBuffer.wrap(HEX.parseHex("80808004")), f -> {}))
        .isInstanceOf(InvalidBitswapMessageException.class)
        .hasMessageContaining("exceeds the limit");
    FrameDecoder other = new FrameDecoder(BitswapCodec.MAX_MESSAGE_BYTES);
    assertThatThrownBy(() -> other.feed(ByteBuffer.wrap(HEX.parseHex("ffffffffff01")), f -> {}))
        .isInstanceOf(InvalidBitswapMessageException.class);
  }

  @Test
  void refusesBlocksLargerThanTheStoreAccepts() {
    byte[] data = new byte[BlockStore.MAX_BLOCK_BYTES + 1];
    byte[] message = v100Block(data);
    assertThatThrownBy(() -> BitswapCodec.decode(message))
        .isInstanceOf(InvalidBitswapMessageException.class)
        .hasMessageContaining("exceeds");
  }

  @Test
  void refusesMessagesOverTheLimit() {
    assertThatThrownBy(() -> BitswapCodec.decode(new byte[BitswapCodec.MAX_MESSAGE_BYTES + 1]))
        .isInstanceOf(InvalidBitswapMessageException.class);
    List<BlockPayload> blocks = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      blocks.add(new BlockPayload(CidPrefix.v0(), new byte[BlockStore.MAX_BLOCK_BYTES]));
    }
    assertThatThrownBy(
            () ->
                BitswapCodec.encode(
                    BitswapMessage.response(blocks, List.of()), BitswapProtocol.V120))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesMoreEntriesThanTheLimit() {
    List<WantlistEntry> entries = new ArrayList<>();
    Cid cid = rawCid(new byte[] {1});
    for (int i = 0; i <= BitswapCodec.MAX_ENTRIES; i++) {
      entries.add(WantlistEntry.cancel(cid));
    }
    byte[] encoded = BitswapCodec.encode(BitswapMessage.wants(entries), BitswapProtocol.V120);
    assertThatThrownBy(() -> BitswapCodec.decode(encoded))
        .isInstanceOf(InvalidBitswapMessageException.class)
        .hasMessageContaining("more than " + BitswapCodec.MAX_ENTRIES);
  }

  @Test
  void refusesUnknownEnumValuesWrongWireTypesAndEntriesWithoutCid() {
    // wantlist { entries { cid = raw, wantType = 2 } }
    byte[] cid = rawCid(new byte[] {1}).toBytes();
    byte[] entry = concat(new byte[] {0x0a, (byte) cid.length}, cid, new byte[] {0x20, 0x02});
    byte[] wantlist = concat(new byte[] {0x0a, (byte) entry.length}, entry);
    byte[] message = concat(new byte[] {0x0a, (byte) wantlist.length}, wantlist);
    assertThatThrownBy(() -> BitswapCodec.decode(message))
        .isInstanceOf(InvalidBitswapMessageException.class)
        .hasMessageContaining("wantType");
    assertThatThrownBy(() -> BitswapCodec.decode(HEX.parseHex("0801")))
        .isInstanceOf(InvalidBitswapMessageException.class)
        .hasMessageContaining("wire type");
    assertThatThrownBy(() -> BitswapCodec.decode(HEX.parseHex("0a040a021002")))
        .isInstanceOf(InvalidBitswapMessageException.class)
        .hasMessageContaining("without a CID");
  }

  @Test
  void skipsUnknownFields() {
    // field 9 varint, field 10 bytes, then pendingBytes = 3
    assertThat(BitswapCodec.decode(HEX.parseHex("4801520201022803")).pendingBytes()).isEqualTo(3);
  }

  @Test
  void readsBitswap100BlocksAsCidV0DagPb() {
    byte[] data = new byte[] {0x0a, 0x00};
    BitswapMessage message = BitswapCodec.decode(v100Block(data));
    BlockPayload block = message.blocks().get(0);
    assertThat(block.prefix().cidOf(data))
        .isEqualTo(Cid.v0(MultihashAlgorithm.SHA2_256.digest(data)));
  }

  @Test
  void writesOnlyWhatEachVersionKnows() {
    byte[] data = new byte[] {0x0a, 0x00};
    Cid v0 = Cid.v0(MultihashAlgorithm.SHA2_256.digest(data));
    BitswapMessage message =
        new BitswapMessage(
            List.of(WantlistEntry.wantHave(v0, 1), WantlistEntry.wantBlock(v0, 2)),
            false,
            List.of(new BlockPayload(CidPrefix.of(v0), data)),
            List.of(new BlockPresence(v0, PresenceType.DONT_HAVE)),
            0);

    BitswapMessage v100 = BitswapCodec.decode(BitswapCodec.encode(message, BitswapProtocol.V100));
    assertThat(v100.wantlist())
        .containsExactly(new WantlistEntry(v0, 2, false, WantType.BLOCK, false));
    assertThat(v100.presences()).isEmpty();
    assertThat(v100.blocks()).containsExactly(new BlockPayload(CidPrefix.v0(), data));
    assertThat(
            HEX.formatHex(
                BitswapCodec.encode(
                    BitswapMessage.response(message.blocks(), List.of()), BitswapProtocol.V100)))
        .isEqualTo("1202" + "0a00");

    Cid raw = rawCid(data);
    BitswapMessage rawBlock =
        BitswapMessage.response(List.of(new BlockPayload(CidPrefix.of(raw), data)), List.of());
    assertThatThrownBy(() -> BitswapCodec.encode(rawBlock, BitswapProtocol.V100))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(BitswapCodec.decode(BitswapCodec.encode(rawBlock, BitswapProtocol.V110)))
        .isEqualTo(rawBlock);
  }

  @Test
  void refusesMalformedPrefixesAndUnsupportedHashes() {
    assertThatThrownBy(() -> CidPrefix.decode(HEX.parseHex("0155122000")))
        .isInstanceOf(InvalidBitswapMessageException.class);
    assertThatThrownBy(() -> CidPrefix.decode(HEX.parseHex("02551220")))
        .isInstanceOf(InvalidBitswapMessageException.class);
    assertThatThrownBy(() -> CidPrefix.decode(HEX.parseHex("015512")))
        .isInstanceOf(InvalidBitswapMessageException.class);
    assertThatThrownBy(() -> new CidPrefix(1, 0x55, 0x12, 20).cidOf(new byte[1]))
        .isInstanceOf(InvalidBitswapMessageException.class);
    assertThatThrownBy(() -> new CidPrefix(1, 0x55, 0x9999, 32).cidOf(new byte[1]))
        .isInstanceOf(InvalidBitswapMessageException.class)
        .hasMessageContaining("unsupported");
    assertThatThrownBy(() -> new CidPrefix(0, 0x55, 0x12, 32).cidOf(new byte[1]))
        .isInstanceOf(InvalidBitswapMessageException.class);
  }

  static BitswapMessage sample() {
    byte[] data = new byte[] {1, 2, 3};
    Cid cid = rawCid(data);
    return new BitswapMessage(
        List.of(WantlistEntry.wantBlock(cid, 5), WantlistEntry.cancel(cid)),
        true,
        List.of(new BlockPayload(CidPrefix.of(cid), data)),
        List.of(new BlockPresence(cid, PresenceType.HAVE)),
        77);
  }

  private static Cid cid(byte[] seed, Multicodec codec, int version) {
    return version == 0 && codec == Multicodec.DAG_PB
        ? Cid.v0(MultihashAlgorithm.SHA2_256.digest(seed))
        : Cid.v1(codec, MultihashAlgorithm.SHA2_256.digest(seed));
  }

  static Cid rawCid(byte[] data) {
    return Cid.v1(Multicodec.RAW, MultihashAlgorithm.SHA2_256.digest(data));
  }

  private static byte[] v100Block(byte[] data) {
    byte[] length = org.pinring.multiformats.Varint.encode(data.length);
    return concat(new byte[] {0x12}, length, data);
  }

  private static byte[] concat(byte[]... parts) {
    int total = 0;
    for (byte[] part : parts) {
      total += part.length;
    }
    byte[] out = new byte[total];
    int offset = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, offset, part.length);
      offset += part.length;
    }
    return out;
  }

  @Provide
  Arbitrary<Double> positions() {
    return Arbitraries.doubles().between(0, 1);
  }

  @Provide
  Arbitrary<BitswapMessage> messages() {
    Arbitrary<Cid> cids =
        Combinators.combine(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(8),
                Arbitraries.of(Multicodec.RAW, Multicodec.DAG_PB, Multicodec.DAG_CBOR),
                Arbitraries.of(0, 1))
            .as(BitswapCodecTest::cid);
    Arbitrary<WantlistEntry> entries =
        Combinators.combine(
                cids,
                Arbitraries.integers(),
                Arbitraries.of(true, false),
                Arbitraries.of(WantType.class),
                Arbitraries.of(true, false))
            .as(WantlistEntry::new);
    Arbitrary<BlockPayload> blocks =
        Combinators.combine(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                Arbitraries.of(Multicodec.RAW, Multicodec.DAG_CBOR))
            .as(
                (data, codec) ->
                    new BlockPayload(
                        CidPrefix.of(Cid.v1(codec, MultihashAlgorithm.SHA2_256.digest(data))),
                        data));
    Arbitrary<BlockPresence> presences =
        Combinators.combine(cids, Arbitraries.of(PresenceType.class)).as(BlockPresence::new);
    return Combinators.combine(
            entries.list().ofMaxSize(6),
            Arbitraries.of(true, false),
            blocks.list().ofMaxSize(3),
            presences.list().ofMaxSize(4),
            Arbitraries.integers())
        .as(BitswapMessage::new);
  }
}
