package org.pinring.node.blockstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multicodec;
import org.pinring.multiformats.Multihash;
import org.pinring.multiformats.MultihashAlgorithm;
import org.pinring.multiformats.ipld.InvalidIpldException;
import org.pinring.node.dag.MissingBlockException;

class FlatFsBlockStoreTest {

  @TempDir Path directory;
  private StoreFixture fixture;

  @BeforeEach
  void open() throws IOException {
    fixture = new StoreFixture(directory, 1L << 30);
  }

  @AfterEach
  void close() throws IOException {
    fixture.close();
  }

  @Test
  void storesAndReadsBlocksVerified() {
    Block block = TestBlocks.raw(1, 1000);
    try (BlockStore.Session session = fixture.store.openSession()) {
      session.put(block);
    }

    assertThat(fixture.store.has(block.cid())).isTrue();
    assertThat(fixture.store.get(block.cid()).orElseThrow().data()).isEqualTo(block.data());
    assertThat(fixture.store.size(block.cid())).hasValue(1000);
    assertThat(fixture.store.stats()).isEqualTo(new BlockStore.Stats(1, 1000, 1L << 30));
    assertThat(fixture.store.get(TestBlocks.raw(2, 10).cid())).isEmpty();
  }

  /**
   * A block whose bytes live in a direct buffer (an importer's leaf) is checked, written and read
   * back as the same bytes, and one that is not valid dag-pb is refused as an on-heap one is.
   */
  @Test
  void storesOffHeapBlocksAndChecksThemAsOnHeapOnes() throws IOException {
    List<Block> dag = TestBlocks.dag(5, 3, 300);
    try (BlockStore.Session session = fixture.store.openSession()) {
      for (Block block : dag) {
        Block offHeap = offHeapCopy(block);
        assertThat(offHeap.isOffHeap()).isTrue();
        assertThat(offHeap.cid()).isEqualTo(block.cid());
        session.put(offHeap);
      }
      Block notDagPb = offHeapCopy(Block.hash(Multicodec.DAG_PB, 1, new byte[] {(byte) 0xff, 1}));
      assertThatThrownBy(() -> session.put(notDagPb)).isInstanceOf(InvalidIpldException.class);
    }

    for (Block block : dag) {
      assertThat(fixture.store.get(block.cid()).orElseThrow().data()).isEqualTo(block.data());
    }
    Cid root = dag.get(0).cid();
    assertThat(fixture.store.links(root)).isEqualTo(dag.stream().skip(1).map(Block::cid).toList());
    assertThat(fixture.store.stats().blocks()).isEqualTo(dag.size());
    assertThat(directory.resolve("blocks").resolve(".temp")).isEmptyDirectory();
  }

  /** The block of the same bytes, held in a direct buffer with other bytes around them. */
  private static Block offHeapCopy(Block block) {
    byte[] bytes = block.data();
    ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length + 20);
    buffer.put(10, bytes).position(10).limit(10 + bytes.length);
    return Block.hashOwned(
        Multicodec.forCode(block.cid().codec()).orElseThrow(), block.cid().version(), buffer);
  }

  @Test
  void laysFilesOutAsKubosFlatfs() throws IOException {
    // kubo keys a block by the unpadded base32 of its multihash (here sha2-256 of nothing,
    // 1220e3b0c442...) and shards by the two characters before the last: QV.
    Block empty = Block.hash(Multicodec.RAW, 1, new byte[0]);
    try (BlockStore.Session session = fixture.store.openSession()) {
      session.put(empty);
    }

    Path blocks = directory.resolve("blocks");
    assertThat(blocks.resolve("QV/CIQOHMGEIKMPYHAUTL57JSEZN64SIJ5OIHSGJG4TJSSJLGI3PBJLQVI.data"))
        .exists()
        .hasSize(0);
    assertThat(Files.readString(blocks.resolve("SHARDING"), StandardCharsets.UTF_8))
        .isEqualTo("/repo/flatfs/shard/v1/next-to-last/2\n");
    assertThat(blocks.resolve(".temp")).isEmptyDirectory();
  }

  @Test
  void recordsLinksAndReadsThemUnderAnotherCodec() {
    List<Block> dag = TestBlocks.dag(3, 4, 100);
    try (BlockStore.Session session = fixture.store.openSession()) {
      dag.forEach(session::put);
    }
    Cid root = dag.get(0).cid();

    assertThat(fixture.store.links(root))
        .hasSize(4)
        .isEqualTo(dag.stream().skip(1).map(Block::cid).toList());
    assertThat(fixture.store.links(Cid.v1(Multicodec.RAW, root.multihash()))).isEmpty();
    assertThatThrownBy(() -> fixture.store.links(TestBlocks.raw(9, 9).cid()))
        .isInstanceOf(MissingBlockException.class);
  }

  @Test
  void refusesInvalidAndOversizedBlocks() {
    Block notDagPb = Block.hash(Multicodec.DAG_PB, 1, new byte[] {(byte) 0xff, 1});
    Block huge = TestBlocks.raw(4, BlockStore.MAX_BLOCK_BYTES + 1);
    try (BlockStore.Session session = fixture.store.openSession()) {
      assertThatThrownBy(() -> session.put(notDagPb)).isInstanceOf(InvalidIpldException.class);
      assertThatThrownBy(() -> session.put(huge))
          .isInstanceOf(BlockTooLargeException.class)
          .hasMessageContaining("block limit of 2097152");
    }
    assertThat(fixture.store.stats().blocks()).isZero();
  }

  /**
   * Foreign dag-cbor is read leniently, but what is not DAG-CBOR at all, or too deep, is refused.
   */
  @Test
  void refusesHostileDagCborAndDagJson() {
    byte[] hugeDeclaredMap = {(byte) 0xbb, 0x7f, -1, -1, -1, -1, -1, -1, -1};
    byte[] tooDeep = new byte[1000];
    java.util.Arrays.fill(tooDeep, (byte) 0x81);
    Block nonCanonicalButValid =
        Block.hash(
            Multicodec.DAG_CBOR, 1, new byte[] {(byte) 0xa2, 0x61, 0x62, 0x01, 0x61, 0x61, 0x02});
    try (BlockStore.Session session = fixture.store.openSession()) {
      for (byte[] hostile : List.of(hugeDeclaredMap, tooDeep)) {
        assertThatThrownBy(() -> session.put(Block.hash(Multicodec.DAG_CBOR, 1, hostile)))
            .isInstanceOf(InvalidIpldException.class);
      }
      assertThatThrownBy(
              () ->
                  session.put(
                      Block.hash(
                          Multicodec.DAG_JSON,
                          1,
                          "{\"/\": \"nope\"}".getBytes(StandardCharsets.UTF_8))))
          .isInstanceOf(InvalidIpldException.class);
      session.put(nonCanonicalButValid); // unsorted keys: allowed for content written elsewhere
    }
    assertThat(fixture.store.stats().blocks()).isEqualTo(1);
  }

  @Test
  void verifiesBlocksFromElsewhere() {
    Block block = TestBlocks.raw(5, 64);
    byte[] tampered = block.data();
    tampered[0] ^= 1;

    assertThatThrownBy(() -> Block.verified(block.cid(), tampered))
        .isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining("do not hash to this CID");
    assertThat(Block.verified(block.cid(), block.data())).isEqualTo(block);
  }

  @Test
  void identityBlocksAreAlwaysPresentAndNeverWritten() {
    Cid identity =
        Cid.v1(Multicodec.RAW, Multihash.of(MultihashAlgorithm.IDENTITY.code(), new byte[] {7, 8}));
    try (BlockStore.Session session = fixture.store.openSession()) {
      session.put(Block.verified(identity, new byte[] {7, 8}));
      assertThat(session.has(identity)).isTrue();
    }

    assertThat(fixture.store.get(identity).orElseThrow().data()).containsExactly(7, 8);
    assertThat(fixture.store.stats().blocks()).isZero();
  }

  @Test
  void survivesACleanRestart() throws IOException {
    List<Block> dag = TestBlocks.dag(6, 3, 500);
    try (BlockStore.Session session = fixture.store.openSession()) {
      dag.forEach(session::put);
    }

    fixture.reopen();

    assertThat(fixture.store.stats())
        .isEqualTo(new BlockStore.Stats(4, fixture.store.stats().bytes(), 1L << 30));
    for (Block block : dag) {
      assertThat(fixture.store.get(block.cid())).contains(block);
    }
  }

  @Test
  void putsTheSameBlockOnceAndCountsItOnce() {
    Block block = TestBlocks.raw(7, 100);
    try (BlockStore.Session session = fixture.store.openSession()) {
      session.put(block);
      session.put(block);
    }
    try (BlockStore.Session other = fixture.store.openSession()) {
      other.put(block);
    }

    assertThat(fixture.store.stats().bytes()).isEqualTo(100);
    assertThat(fixture.store.stats().blocks()).isEqualTo(1);
  }

  @Test
  void closedSessionsAndStoresRefuseWrites() {
    BlockStore.Session session = fixture.store.openSession();
    session.close();

    assertThatThrownBy(() -> session.put(TestBlocks.raw(8, 1)))
        .isInstanceOf(IllegalStateException.class);
  }
}
