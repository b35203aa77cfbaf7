package org.pinring.node.bitswap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pinring.libp2p.Host;
import org.pinring.libp2p.HostConfig;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.Stream;
import org.pinring.libp2p.StreamReader;
import org.pinring.libp2p.crypto.Ed25519PrivateKey;
import org.pinring.libp2p.transport.MemoryTransport;
import org.pinring.multiformats.Cid;
import org.pinring.multiformats.Multiaddr;
import org.pinring.multiformats.Multicodec;
import org.pinring.node.blockstore.Block;
import org.pinring.node.blockstore.BlockStore;
import org.pinring.node.dag.DagLimits;
import org.pinring.node.repo.Repository;
import org.pinring.node.unixfs.ImportPreset;
import org.pinring.node.unixfs.UnixFsExporter;
import org.pinring.node.unixfs.UnixFsImporter;
import org.pinring.runtime.Environment;
import org.pinring.runtime.ExecutorScheduler;
import org.pinring.runtime.SecureRandomSource;
import org.pinring.runtime.SystemClock;

/**
 * {@link HostBitswapNetwork} between real {@link Host}s over the in-memory transport: fetching a
 * DAG, peers that offer only Bitswap 1.1.0 or 1.0.0, peers that disconnect mid-transfer, and the
 * message size limit in both directions.
 */
class HostBitswapNetworkTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path directory;

  private final ExecutorScheduler wire = ExecutorScheduler.singleThreaded("memory-net");
  private final MemoryTransport.Network network = new MemoryTransport.Network(wire);
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    Collections.reverse(open);
    for (AutoCloseable resource : open) {
      resource.close();
    }
    wire.close();
  }

  /** Block workers that can be held: tasks submitted while closed wait until {@link #open}. */
  private static final class GatedExecutor implements Executor {
    private final ExecutorService delegate = Executors.newFixedThreadPool(2);
    private final List<Runnable> held = new ArrayList<>();
    private boolean closed;

    synchronized void hold() {
      closed = true;
    }

    void release() {
      List<Runnable> tasks;
      synchronized (this) {
        closed = false;
        tasks = List.copyOf(held);
        held.clear();
      }
      tasks.forEach(delegate::execute);
    }

    @Override
    public void execute(Runnable task) {
      synchronized (this) {
        if (closed) {
          held.add(task);
          return;
        }
      }
      delegate.execute(task);
    }

    void shutdown() {
      release();
      delegate.shutdown();
      try {
        delegate.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A host with a repository and Bitswap, offering {@code protocols}. */
  private final class Node implements AutoCloseable {
    final ExecutorScheduler scheduler;
    final GatedExecutor workers = new GatedExecutor();
    final Repository repository;
    final Host host;
    final HostBitswapNetwork bitswapNetwork;
    final Bitswap bitswap;
    final Multiaddr address;
    private boolean closed;

    Node(String name, List<BitswapProtocol> protocols) throws IOException {
      scheduler = ExecutorScheduler.singleThreaded("bitswap-" + name);
      repository = Repository.openOrCreate(directory.resolve(name));
      SecureRandomSource random = new SecureRandomSource();
      Environment environment = new Environment(SystemClock.get(), scheduler, random);
      host =
          Host.create(
              Ed25519PrivateKey.generate(random),
              HostConfig.defaults(),
              environment,
              List.of(new MemoryTransport(network)));
      BitswapConfig config = BitswapConfig.defaults();
      bitswapNetwork = new HostBitswapNetwork(host, scheduler, config, protocols);
      bitswap =
          new Bitswap(
              repository.blocks(),
              config,
              DagLimits.defaults(),
              environment,
              workers,
              bitswapNetwork);
      bitswapNetwork.attach(bitswap);
      Multiaddr bound = host.listen(List.of(Multiaddr.parse("/memory/0"))).join().get(0);
      address = bound.withPeerId(host.peerId().multihash());
      open.add(this);
    }

    PeerId id() {
      return host.peerId();
    }

    Cid add(byte[] data, ImportPreset preset) {
      try (BlockStore.Session session = repository.blocks().openSession()) {
        Cid root = new UnixFsImporter(preset.options(), session::put).importBytes(data);
        repository.pins().add(root);
        return root;
      }
    }

    void connect(Node other) throws Exception {
      host.connect(other.address).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    CompletableFuture<FetchResult> startFetch(
        Cid root, BlockStore.Session session, Consumer<FetchProgress> progress, Node... from) {
      List<PeerId> peers = new ArrayList<>();
      for (Node node : from) {
        peers.add(node.id());
      }
      return bitswap.fetch(root, peers, session, progress);
    }

    FetchResult fetch(Cid root, Node... from) throws Exception {
      try (BlockStore.Session session = repository.blocks().openSession()) {
        FetchResult result =
            startFetch(root, session, p -> {}, from).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        repository.pins().add(root);
        return result;
      }
    }

    byte[] read(Cid root) throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new UnixFsExporter(repository.blocks(), DagLimits.defaults()).cat(root, out);
      return out.toByteArray();
    }

    Bitswap.Stats stats() {
      return bitswap.stats().join();
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      bitswapNetwork.detach();
      bitswap.close();
      host.close();
      workers.shutdown();
      scheduler.close();
      repository.close();
    }
  }

  private Node node(String name) throws IOException {
    return new Node(name, List.of(BitswapProtocol.values()));
  }

  static byte[] pattern(int size, int seed) {
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) (i % 251 + i / 4096 + seed);
    }
    return data;
  }

  @Test
  void fetchesADagFromAnotherHost() throws Exception {
    Node server = node("server");
    Node client = node("client");
    byte[] data = pattern(3 * 1024 * 1024 + 5, 1);
    Cid root = server.add(data, ImportPreset.KUBO);
    client.connect(server);

    FetchResult result = client.fetch(root, server);

    assertThat(client.read(root)).isEqualTo(data);
    assertThat(result.blocksByPeer()).containsEntry(server.id(), result.blocksFetched());
    // 1.2.0 on both sides: the leaves were asked for with want-have first.
    assertThat(client.stats().havesReceived()).isPositive();
    // The version the outbound stream negotiated.
    assertThat(client.bitswapNetwork.send(server.id(), BitswapMessage.wants(List.of())).join())
        .isEqualTo(BitswapProtocol.V120);
  }

  /**
   * A node offering only an older version (as a go or js peer of that age would) fetches from a
   * full node and serves it. 1.0.0 carries only CIDv0 blocks, so kubo's preset (CIDv0 dag-pb
   * leaves) makes the DAGs for every version here.
   */
  @ParameterizedTest
  @EnumSource(
      value = BitswapProtocol.class,
      names = {"V110", "V100", "LEGACY"})
  void aPeerOfferingOnlyAnOlderVersionFetchesFromUsAndServesUs(BitswapProtocol version)
      throws Exception {
    Node modern = node("modern");
    Node old = new Node("old", List.of(version));
    byte[] ours = pattern(2 * 1024 * 1024 + 3, 2);
    byte[] theirs = pattern(2 * 1024 * 1024 + 7, 3);
    Cid ourRoot = modern.add(ours, ImportPreset.KUBO);
    Cid theirRoot = old.add(theirs, ImportPreset.KUBO);
    old.connect(modern);

    old.fetch(ourRoot, modern);
    modern.fetch(theirRoot, old);

    assertThat(old.read(ourRoot)).isEqualTo(ours);
    assertThat(modern.read(theirRoot)).isEqualTo(theirs);
    BitswapMessage nothing = BitswapMessage.wants(List.of());
    assertThat(modern.bitswapNetwork.send(old.id(), nothing).join()).isEqualTo(version);
    assertThat(old.bitswapNetwork.send(modern.id(), nothing).join()).isEqualTo(version);
    // Neither side asked want-have of the other or got a presence.
    for (Node node : List.of(modern, old)) {
      assertThat(node.stats().havesReceived()).isZero();
      assertThat(node.stats().dontHavesReceived()).isZero();
    }
  }

  @Test
  void aPeerDisconnectingMidTransferLeavesTheRestToAnother() throws Exception {
    Node first = node("first");
    Node second = node("second");
    Node client = node("client");
    byte[] data = pattern(8 * 1024 * 1024, 4);
    Cid root = first.add(data, ImportPreset.KUBO);
    second.add(data, ImportPreset.KUBO);
    client.connect(first);
    client.connect(second);
    CountDownLatch midway = new CountDownLatch(1);

    try (BlockStore.Session session = client.repository.blocks().openSession()) {
      CompletableFuture<FetchResult> fetch =
          client.startFetch(
              root,
              session,
              progress -> {
                if (progress.blocksDone() == 3) {
                  // Blocks that arrive from now on wait to be stored: the transfer is stuck
                  // mid-way while the first peer goes.
                  client.workers.hold();
                  midway.countDown();
                }
              },
              first,
              second);
      assertThat(midway.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      first.close();
      client.workers.release();

      FetchResult result = fetch.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

      assertThat(result.blocks()).isEqualTo(33);
      assertThat(result.blocksByPeer().get(second.id())).isPositive();
    }
    assertThat(client.read(root)).isEqualTo(data);
  }

  @Test
  void aFetchFailsWhenItsOnlyPeerGoesMidTransfer() throws Exception {
    Node server = node("server");
    Node client = node("client");
    Cid root = server.add(pattern(8 * 1024 * 1024, 5), ImportPreset.KUBO);
    client.connect(server);
    CountDownLatch midway = new CountDownLatch(1);

    try (BlockStore.Session session = client.repository.blocks().openSession()) {
      CompletableFuture<FetchResult> fetch =
          client.startFetch(
              root,
              session,
              progress -> {
                if (progress.blocksDone() == 2) {
                  client.workers.hold();
                  midway.countDown();
                }
              },
              server);
      assertThat(midway.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      server.close();
      client.workers.release();

      assertThatThrownBy(() -> fetch.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(FetchFailedException.class)
          .hasMessageContaining("no peer to fetch");
    }
  }

  @Test
  void theServerKeepsServingAfterAClientLeavesMidTransfer() throws Exception {
    Node server = node("server");
    Node leaving = node("leaving");
    Node staying = node("staying");
    byte[] data = pattern(8 * 1024 * 1024, 6);
    Cid root = server.add(data, ImportPreset.KUBO);
    leaving.connect(server);
    CountDownLatch midway = new CountDownLatch(1);

    try (BlockStore.Session session = leaving.repository.blocks().openSession()) {
      CompletableFuture<FetchResult> fetch =
          leaving.startFetch(
              root,
              session,
              progress -> {
                if (progress.blocksDone() == 2) {
                  // The server's next responses wait to be loaded while the client goes.
                  server.workers.hold();
                  midway.countDown();
                }
              },
              server);
      assertThat(midway.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      leaving.host.close();
      server.workers.release();

      assertThatThrownBy(() -> fetch.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(FetchFailedException.class);
    }
    staying.connect(server);
    staying.fetch(root, server);
    assertThat(staying.read(root)).isEqualTo(data);
  }

  @Test
  void resetsAStreamThatAnnouncesAMessageOverTheLimitAndKeepsServing() throws Exception {
    Node server = node("server");
    Node client = node("client");
    client.connect(server);
    CompletableFuture<Void> reset = new CompletableFuture<>();
    Stream stream =
        client
            .host
            .newStream(server.id(), List.of(BitswapProtocol.V120.id()))
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    stream.setReader(
        new StreamReader() {
          @Override
          public void onData(Stream s, ByteBuffer data) {}

          @Override
          public void onReset(Stream s) {
            reset.complete(null);
          }
        });

    // A length prefix one byte over the limit, and nothing else: refused before any allocation.
    var unused = stream.write(varint(BitswapCodec.MAX_MESSAGE_BYTES + 1L));

    reset.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    Cid root = server.add(pattern(300_000, 6), ImportPreset.KUBO);
    client.fetch(root, server);
    assertThat(client.read(root)).isEqualTo(pattern(300_000, 6));
  }

  @Test
  void resetsAStreamThatSendsAMalformedMessage() throws Exception {
    Node server = node("server");
    Node client = node("client");
    client.connect(server);
    CompletableFuture<Void> reset = new CompletableFuture<>();
    Stream stream =
        client
            .host
            .newStream(server.id(), List.of(BitswapProtocol.V110.id()))
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    stream.setReader(
        new StreamReader() {
          @Override
          public void onData(Stream s, ByteBuffer data) {}

          @Override
          public void onReset(Stream s) {
            reset.complete(null);
          }
        });

    // Three bytes: field 1 as a varint (the wantlist is length-delimited), then garbage.
    var unused = stream.write(new byte[] {3, 0x08, (byte) 0xFF, (byte) 0xFF});

    reset.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void refusesToSendAMessageOverTheLimitAndSendsTheNextOne() throws Exception {
    Node server = node("server");
    Node client = node("client");
    client.connect(server);
    List<BlockPayload> blocks = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      byte[] data = new byte[(int) (1.9 * 1024 * 1024)];
      data[0] = (byte) i;
      blocks.add(BlockPayload.of(Block.hash(Multicodec.RAW, 1, data)));
    }

    CompletableFuture<BitswapProtocol> tooLarge =
        client.bitswapNetwork.send(server.id(), BitswapMessage.response(blocks, List.of()));

    assertThatThrownBy(() -> tooLarge.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exceeds " + BitswapCodec.MAX_MESSAGE_BYTES);
    // The peer's queue goes on: two of the blocks fit in one message.
    BitswapProtocol sent =
        client
            .bitswapNetwork
            .send(server.id(), BitswapMessage.response(blocks.subList(0, 2), List.of()))
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(sent).isEqualTo(BitswapProtocol.V120);
    // Unasked blocks are received, hashed and dropped, never stored.
    assertThat(pollUnwanted(server, 2)).isEqualTo(2);
  }

  private static long pollUnwanted(Node node, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    long seen = node.stats().unwantedBlocks();
    while (seen < expected && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(20);
      seen = node.stats().unwantedBlocks();
    }
    return seen;
  }

  private static byte[] varint(long value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
    return out.toByteArray();
  }
}
