package org.pinring.node.bitswap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinring.multiformats.Cid;
import org.pinring.node.blockstore.Block;
import org.pinring.node.blockstore.BlockStore;
import org.pinring.node.dag.DagLimits;
import org.pinring.node.unixfs.BlockSink;
import org.pinring.node.unixfs.ImportPreset;
import org.pinring.node.unixfs.UnixFsExporter;
import org.pinring.node.unixfs.UnixFsImporter;

/**
 * Bitswap fetches and serving on a simulated network: deterministic, with latencies, silent peers
 * and peers lacking blocks.
 */
class BitswapSimulationTest {

  private static final Duration LIMIT = Duration.ofMinutes(10);

  @TempDir Path directory;
  private SimulatedNetwork network;

  private SimulatedNetwork network(BitswapConfig config) {
    network = new SimulatedNetwork(directory, config);
    return network;
  }

  @AfterEach
  void close() {
    if (network != null) {
      network.close();
    }
  }

  /** Imports {@code size} pattern bytes as a UnixFS file with small chunks into {@code node}. */
  static Cid importFile(SimulatedNetwork.Node node, int size, int seed) {
    return importFile(node, size, seed, 8);
  }

  /** As {@link #importFile(SimulatedNetwork.Node, int, int)}, with up to {@code width} links. */
  static Cid importFile(SimulatedNetwork.Node node, int size, int seed, int width) {
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) (i * 31 + seed + i / 251);
    }
    try (BlockStore.Session session = node.repository.blocks().openSession()) {
      BlockSink sink = session::put;
      Cid root =
          new UnixFsImporter(
                  ImportPreset.HELIA.options().withChunkSize(4096).withMaxChildrenPerNode(width),
                  sink)
              .importBytes(data);
      node.repository.pins().add(root);
      return root;
    }
  }

  static byte[] read(SimulatedNetwork.Node node, Cid root) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new UnixFsExporter(node.repository.blocks(), DagLimits.defaults()).cat(root, out);
    return out.toByteArray();
  }

  private FetchResult fetch(
      SimulatedNetwork.Node client, Cid root, List<SimulatedNetwork.Node> from) {
    List<org.pinring.libp2p.PeerId> peers = new ArrayList<>();
    from.forEach(n -> peers.add(n.id));
    BlockStore.Session session = client.repository.blocks().openSession();
    try {
      return network.await(client.bitswap.fetch(root, peers, session, p -> {}), LIMIT);
    } finally {
      session.close();
    }
  }

  @Test
  void fetchesADagFromOnePeerWithTheSameBytes() throws IOException {
    SimulatedNetwork net = network(BitswapConfig.defaults());
    SimulatedNetwork.Node seeder = net.node();
    SimulatedNetwork.Node client = net.node();
    Cid root = importFile(seeder, 100_000, 1);

    FetchResult result = fetch(client, root, List.of(seeder));

    assertThat(read(client, root)).isEqualTo(read(seeder, root));
    assertThat(result.blocks()).isEqualTo(result.blocksFetched()).isGreaterThan(25);
    assertThat(result.blocksByPeer()).containsEntry(seeder.id, result.blocksFetched());
  }

  @Test
  void spreadsWantsOverSeveralPeersAndGivesFasterPeersMore() throws IOException {
    SimulatedNetwork net = network(BitswapConfig.defaults().withWantsPerPeer(2, 16));
    SimulatedNetwork.Node fast = net.node();
    SimulatedNetwork.Node medium = net.node();
    SimulatedNetwork.Node slow = net.node();
    SimulatedNetwork.Node client = net.node();
    // Wide levels (174 links, as Helia's), so that want-blocks queue up behind full windows: a
    // slower holder gets wants only when the faster ones are busy.
    Cid root = importFile(fast, 2_000_000, 2, 174);
    importFile(medium, 2_000_000, 2, 174);
    importFile(slow, 2_000_000, 2, 174);
    fast.latency = Duration.ofMillis(1);
    medium.latency = Duration.ofMillis(5);
    slow.latency = Duration.ofMillis(25);

    FetchResult result = fetch(client, root, List.of(slow, medium, fast));

    assertThat(read(client, root)).isEqualTo(read(fast, root));
    long fromFast = result.blocksByPeer().get(fast.id);
    long fromMedium = result.blocksByPeer().get(medium.id);
    long fromSlow = result.blocksByPeer().get(slow.id);
    assertThat(fromSlow).isPositive();
    assertThat(fromMedium).isGreaterThan(fromSlow);
    assertThat(fromFast).isGreaterThan(fromMedium);
    assertThat(fromFast + fromMedium + fromSlow).isEqualTo(result.blocksFetched());
  }

  @Test
  void asksAnotherPeerWhenOneDoesNotHaveABlock() throws IOException {
    SimulatedNetwork net = network(BitswapConfig.defaults());
    SimulatedNetwork.Node empty = net.node();
    SimulatedNetwork.Node seeder = net.node();
    SimulatedNetwork.Node client = net.node();
    Cid root = importFile(seeder, 50_000, 3);

    FetchResult result = fetch(client, root, List.of(empty, seeder));

    assertThat(read(client, root)).isEqualTo(read(seeder, root));
    assertThat(result.blocksByPeer()).containsEntry(empty.id, 0L);
    assertThat(client.received)
        .anySatisfy(
            m -> assertThat(m.presences()).anyMatch(p -> p.type() == PresenceType.DONT_HAVE));
  }

  @Test
  void givesTimedOutWantsToOtherPeers() throws IOException {
    SimulatedNetwork net = network(BitswapConfig.defaults().withWantTimeout(Duration.ofSeconds(2)));
    SimulatedNetwork.Node silent = net.node();
    SimulatedNetwork.Node seeder = net.node();
    SimulatedNetwork.Node client = net.node();
    Cid root = importFile(seeder, 50_000, 4);
    importFile(silent, 50_000, 4);
    // It says HAVE, then never delivers.
    silent.withholdBlocks = true;

    FetchResult result = fetch(client, root, List.of(silent, seeder));

    assertThat(read(client, root)).isEqualTo(read(seeder, root));
    assertThat(result.blocksByPeer()).containsEntry(silent.id, 0L);
    assertThat(net.time.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void doesNotWaitForAPeerThatNeverAnswers() throws IOException {
    SimulatedNetwork net = network(BitswapConfig.defaults());
    SimulatedNetwork.Node silent = net.node();
    SimulatedNetwork.Node seeder = net.node();
    SimulatedNetwork.Node client = net.node();
    Cid root = importFile(seeder, 50_000, 4);
    silent.blackHole = true;

    FetchResult result = fetch(client, root, List.of(silent, seeder));

    // Only holders that said HAVE get want-blocks: no want waits for the silent peer's timeout.
    assertThat(read(client, root)).isEqualTo(read(seeder, root));
    assertThat(result.blocksByPeer()).containsEntry(silent.id, 0L);
    assertThat(net.time.elapsed()).isLessThan(BitswapConfig.defaults().wantTimeout());
    assertThat(silent.received)
        .allSatisfy(
            m -> assertThat(m.wantlist()).allMatch(e -> e.cancel() || e.type() == WantType.HAVE));
  }

  @Test
  void routesWantBlocksByPresences() throws IOException {
    SimulatedNetwork net = network(BitswapConfig.defaults());
    SimulatedNetwork.Node empty = net.node();
    SimulatedNetwork.Node seeder = net.node();
    SimulatedNetwork.Node client = net.node();
    Cid root = importFile(seeder, 100_000, 5);

    fetch(client, root, List.of(empty, seeder));

    // Every block was first asked for with want-have from both; want-blocks went to the holder.
    assertThat(empty.received)
        .allSatisfy(
            m -> assertThat(m.wantlist()).allMatch(e -> e.cancel() || e.type() == WantType.HAVE));
    assertThat(seeder.received)
        .anySatisfy(
            m -> assertThat(m.wantlist()).anyMatch(e -> !e.cancel() && e.type() == WantType.HAVE));
    assertThat(client.received)
        .anySatisfy(m -> assertThat(m.presences()).anyMatch(p -> p.type() == PresenceType.HAVE));
    assertThat(network.await(client.bitswap.stats(), LIMIT).havesReceived()).isPositive();
  }

  @Test
  void fetchesFromAndServesA110Peer() throws IOException {
    SimulatedNetwork net = network(BitswapConfig.defaults());
    SimulatedNetwork.Node old = net.node();
    SimulatedNetwork.Node modern = net.node();
    old.protocol = BitswapProtocol.V110;
    Cid theirs = importFile(old, 80_000, 6);
    Cid ours = importFile(modern, 80_000, 7);

    fetch(modern, theirs, List.of(old));
    fetch(old, ours, List.of(modern));

    assertThat(read(modern, theirs)).isEqualTo(read(old, theirs));
    assertThat(read(old, ours)).isEqualTo(read(modern, ours));
    // No presences cross a 1.1.0 link.
    assertThat(old.received).allSatisfy(m -> assertThat(m.presences()).isEmpty());
    assertThat(modern.received).allSatisfy(m -> assertThat(m.presences()).isEmpty());
  }

  @Test
  void failsWhenNoPeerHasABlock() throws IOException {
    SimulatedNetwork net = network(BitswapConfig.defaults());
    SimulatedNetwork.Node a = net.node();
    SimulatedNetwork.Node b = net.node();
    SimulatedNetwork.Node client = net.node();
    Cid missing = Block.hash(org.pinring.multiformats.Multicodec.RAW, 1, new byte[] {9}).cid();

    assertThatThrownBy(() -> fetch(client, missing, List.of(a, b)))
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(FetchFailedException.class)
        .hasMessageContaining("no peer has " + missing);
  }

  @Test
  void storesOnlyBlocksThatHashToAWantedCid() throws IOException {
    SimulatedNetwork net = network(BitswapConfig.defaults());
    SimulatedNetwork.Node attacker = net.node();
    SimulatedNetwork.Node client = net.node();
    attacker.blackHole = true;
    Block unwanted = Block.hash(org.pinring.multiformats.Multicodec.RAW, 1, new byte[] {1, 2});
    Block wanted = Block.hash(org.pinring.multiformats.Multicodec.RAW, 1, new byte[] {3, 4});
    BlockStore.Session session = client.repository.blocks().openSession();
    CompletableFuture<FetchResult> fetch =
        client.bitswap.fetch(wanted.cid(), List.of(attacker.id), session, p -> {});
    net.time.advanceBy(Duration.ofSeconds(1));
    // The attacker sends an unwanted block, and the wanted CID's prefix with other bytes.
    client.bitswap.receive(
        attacker.id,
        BitswapMessage.response(
            List.of(
                BlockPayload.of(unwanted),
                new BlockPayload(CidPrefix.of(wanted.cid()), new byte[] {5, 6})),
            List.of()));
    net.time.advanceBy(Duration.ofSeconds(1));

    assertThat(client.repository.blocks().has(unwanted.cid())).isFalse();
    assertThat(client.repository.blocks().has(wanted.cid())).isFalse();
    assertThat(fetch).isNotDone();
    assertThat(network.await(client.bitswap.stats(), LIMIT).unwantedBlocks()).isEqualTo(2);
    client.bitswap.receive(
        attacker.id, BitswapMessage.response(List.of(BlockPayload.of(wanted)), List.of()));
    assertThat(network.await(fetch, LIMIT).blocksFetched()).isEqualTo(1);
    session.close();
    assertThat(client.repository.blocks().has(wanted.cid())).isTrue();
  }

  @Test
  void aGreedyPeerDoesNotStarveAnother() throws IOException {
    SimulatedNetwork net = network(BitswapConfig.defaults().withMaxConcurrentSends(1));
    SimulatedNetwork.Node server = net.node();
    SimulatedNetwork.Node greedy = net.node();
    SimulatedNetwork.Node modest = net.node();
    List<Block> blocks = new ArrayList<>();
    try (BlockStore.Session session = server.repository.blocks().openSession()) {
      for (int i = 0; i < 30; i++) {
        byte[] data = new byte[300_000];
        data[0] = (byte) i;
        Block block = Block.hash(org.pinring.multiformats.Multicodec.RAW, 1, data);
        session.put(block);
        blocks.add(block);
      }
    }
    List<WantlistEntry> greedyWants = new ArrayList<>();
    for (int i = 0; i < 29; i++) {
      greedyWants.add(WantlistEntry.wantBlock(blocks.get(i).cid(), 1));
    }
    server.bitswap.receive(greedy.id, BitswapMessage.wants(greedyWants));
    server.bitswap.receive(
        modest.id, BitswapMessage.wants(List.of(WantlistEntry.wantBlock(blocks.get(29).cid(), 1))));
    net.time.runUntil(() -> !modest.received.isEmpty(), LIMIT);

    // The modest peer was served after at most two of the greedy peer's messages.
    assertThat(modest.received.get(0).blocks()).hasSize(1);
    assertThat(greedy.received.size()).isLessThanOrEqualTo(2);
    net.time.runUntil(
        () -> greedy.received.stream().mapToInt(m -> m.blocks().size()).sum() == 29, LIMIT);
    assertThat(greedy.received.size()).isGreaterThanOrEqualTo(9);
  }

  @Test
  void sendsABlockThatArrivesAfterItWasWanted() throws IOException {
    SimulatedNetwork net = network(BitswapConfig.defaults());
    SimulatedNetwork.Node server = net.node();
    SimulatedNetwork.Node peer = net.node();
    Block block = Block.hash(org.pinring.multiformats.Multicodec.RAW, 1, new byte[] {7});
    server.bitswap.receive(
        peer.id, BitswapMessage.wants(List.of(WantlistEntry.wantBlock(block.cid(), 1))));
    net.time.advanceBy(Duration.ofSeconds(1));
    assertThat(peer.received).allMatch(m -> m.blocks().isEmpty());
    assertThat(peer.received)
        .anyMatch(
            m -> m.presences().contains(new BlockPresence(block.cid(), PresenceType.DONT_HAVE)));

    try (BlockStore.Session session = server.repository.blocks().openSession()) {
      session.put(block);
    }
    server.bitswap.blockAdded(block.cid(), block.size());
    net.time.runUntil(() -> peer.received.stream().anyMatch(m -> !m.blocks().isEmpty()), LIMIT);
  }
}
