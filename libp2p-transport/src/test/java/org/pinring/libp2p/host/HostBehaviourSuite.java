package org.pinring.libp2p.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pinring.libp2p.Connection;
import org.pinring.libp2p.Host;
import org.pinring.libp2p.HostConfig;
import org.pinring.libp2p.HostListener;
import org.pinring.libp2p.PeerId;
import org.pinring.libp2p.Peerstore;
import org.pinring.libp2p.PerfResult;
import org.pinring.libp2p.ProtocolNotSupportedException;
import org.pinring.libp2p.Stream;
import org.pinring.libp2p.StreamReader;
import org.pinring.libp2p.crypto.Ed25519PrivateKey;
import org.pinring.libp2p.record.PeerRecord;
import org.pinring.libp2p.record.SignedPeerRecord;
import org.pinring.libp2p.testing.Echo;
import org.pinring.libp2p.testing.ShapedTransport;
import org.pinring.libp2p.testing.TestHosts;
import org.pinring.libp2p.transport.RawConnection;
import org.pinring.libp2p.transport.RawHandler;
import org.pinring.libp2p.transport.Transport;
import org.pinring.multiformats.Multiaddr;
import org.pinring.runtime.SecureRandomSource;

/**
 * One behaviour suite for hosts over any transport (STYLE 15): subclasses supply the transport and
 * the sizes that suit it.
 */
abstract class HostBehaviourSuite {

  static final Duration TIMEOUT = Duration.ofSeconds(60);

  Host server;
  Host client;
  Multiaddr serverAddress;

  abstract Transport newTransport();

  abstract Multiaddr listenAddress();

  /** Bytes moved by the bulk tests. */
  abstract long bulkBytes();

  /** An address of this transport where nothing listens: a dial there is refused. */
  abstract Multiaddr refusingAddress();

  @BeforeEach
  void startHosts() {
    server = TestHosts.host(HostConfig.defaults().withPerfServer(true), newTransport());
    client = TestHosts.host(HostConfig.defaults(), newTransport());
    server.setStreamHandler(Echo.PROTOCOL_ID, Echo.handler());
    Multiaddr bound = server.listen(List.of(listenAddress())).join().get(0);
    serverAddress = bound.withPeerId(server.peerId().multihash());
  }

  @AfterEach
  void stopHosts() {
    client.close();
    server.close();
  }

  @Test
  void connectsAuthenticatesAndPings() throws Exception {
    Connection connection = client.connect(serverAddress).get(60, TimeUnit.SECONDS);

    assertThat(connection.remotePeer()).isEqualTo(server.peerId());
    assertThat(client.ping(server.peerId()).get(60, TimeUnit.SECONDS)).isPositive();
  }

  @Test
  void identifyExchangesProtocolsAgentAndAddresses() throws Exception {
    client.connect(serverAddress).get(60, TimeUnit.SECONDS);
    await(() -> client.peerstore().protocols(server.peerId()).contains(Echo.PROTOCOL_ID));
    await(() -> server.peerstore().agentVersion(client.peerId()).isPresent());

    assertThat(client.peerstore().protocols(server.peerId()))
        .contains("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0", "/perf/1.0.0");
    assertThat(client.peerstore().addresses(server.peerId()))
        .contains(serverAddress.withoutPeerId());
    assertThat(client.peerstore().agentVersion(server.peerId())).contains("pinring/0.1.0");
  }

  @Test
  void identifyPushAnnouncesNewProtocols() throws Exception {
    client.connect(serverAddress).get(60, TimeUnit.SECONDS);
    await(() -> client.peerstore().protocols(server.peerId()).contains(Echo.PROTOCOL_ID));

    server.setStreamHandler("/pinring/new/1.0.0", stream -> stream.reset());

    await(() -> client.peerstore().protocols(server.peerId()).contains("/pinring/new/1.0.0"));
  }

  @Test
  void identifyCertifiesTheServersAddressesWithItsSignedRecord() throws Exception {
    client.connect(serverAddress).get(60, TimeUnit.SECONDS);
    await(() -> client.peerstore().peerRecord(server.peerId()).isPresent());

    SignedPeerRecord record = client.peerstore().peerRecord(server.peerId()).orElseThrow();
    assertThat(record).isEqualTo(server.peerRecord().orElseThrow());
    assertThat(record.record().addresses()).isEqualTo(server.advertisedAddresses());
    assertThat(client.peerstore().certifiedAddresses(server.peerId()))
        .containsExactlyInAnyOrderElementsOf(server.advertisedAddresses());
    // The client listens nowhere: it has no record to send.
    await(() -> server.peerstore().agentVersion(client.peerId()).isPresent());
    assertThat(client.peerRecord()).isEmpty();
    assertThat(server.peerstore().peerRecord(client.peerId())).isEmpty();
  }

  @Test
  void aNewListenAddressIsPushedInARecordWithALargerSeq() throws Exception {
    client.connect(serverAddress).get(60, TimeUnit.SECONDS);
    await(() -> client.peerstore().peerRecord(server.peerId()).isPresent());
    SignedPeerRecord first = client.peerstore().peerRecord(server.peerId()).orElseThrow();

    Multiaddr added = server.listen(List.of(listenAddress())).join().get(0);

    await(
        () ->
            client
                .peerstore()
                .peerRecord(server.peerId())
                .filter(record -> record.supersedes(first))
                .isPresent());
    SignedPeerRecord second = client.peerstore().peerRecord(server.peerId()).orElseThrow();
    assertThat(second.record().addresses()).contains(added).containsAll(first.record().addresses());
    assertThat(client.peerstore().certifiedAddresses(server.peerId())).contains(added);
    // Sealed once per change: identify answers now reuse the same record.
    assertThat(server.peerRecord()).contains(second);
  }

  @Test
  void echoesBulkDataWithMatchingHashes() throws Exception {
    Connection connection = client.connect(serverAddress).get(60, TimeUnit.SECONDS);

    Echo.Result result = Echo.run(connection, bulkBytes(), 7).get(120, TimeUnit.SECONDS);

    assertThat(result.matches(bulkBytes())).as(result.toString()).isTrue();
  }

  @Test
  void runsAHundredConcurrentStreamsOnOneConnection() throws Exception {
    Connection connection = client.connect(serverAddress).get(60, TimeUnit.SECONDS);
    List<CompletableFuture<Echo.Result>> runs = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      runs.add(Echo.run(connection, 50_000, i));
    }
    for (CompletableFuture<Echo.Result> run : runs) {
      assertThat(run.get(120, TimeUnit.SECONDS).matches(50_000)).isTrue();
    }
    assertThat(client.connections(server.peerId())).hasSize(1);
  }

  @Test
  void perfMovesTheRequestedBytes() throws Exception {
    client.connect(serverAddress).get(60, TimeUnit.SECONDS);

    PerfResult result =
        client.perf(server.peerId(), bulkBytes(), bulkBytes() / 2).get(120, TimeUnit.SECONDS);

    assertThat(result.uploadBytes()).isEqualTo(bulkBytes());
    assertThat(result.downloadBytes()).isEqualTo(bulkBytes() / 2);
  }

  @Test
  void aSlowReaderHoldsTheSenderWithinTheWindow() throws Exception {
    AtomicReference<Stream> serverSide = new AtomicReference<>();
    AtomicLong received = new AtomicLong();
    server.setStreamHandler(
        "/pinring/sink/1.0.0",
        stream -> {
          stream.setReader((s, data) -> received.addAndGet(data.remaining()));
          stream.pauseReading();
          serverSide.set(stream);
        });
    Connection connection = client.connect(serverAddress).get(60, TimeUnit.SECONDS);
    Stream stream = connection.newStream(List.of("/pinring/sink/1.0.0")).get(60, TimeUnit.SECONDS);

    // Write until a write stays pending: the paused reader withholds window updates.
    long written = 0;
    CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
    while (last.isDone()) {
      last.get();
      last = stream.write(ByteBuffer.allocate(64 * 1024));
      written += 64 * 1024;
      if (!last.isDone()) {
        Thread.onSpinWait();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        while (!last.isDone() && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
      }
    }
    assertThat(written).isLessThanOrEqualTo(16L * 1024 * 1024 + 64 * 1024);
    assertThat(received.get()).isZero();

    serverSide.get().resumeReading();
    last.get(60, TimeUnit.SECONDS);
    long total = written;
    await(() -> received.get() == total);
    stream.reset();
  }

  @Test
  void refusesAPeerThatIsNotTheOneDialled() {
    PeerId other = PeerId.fromPublicKey(Ed25519PrivateKey.fromSeed(new byte[32]).publicKey());
    Multiaddr wrong = serverAddress.withoutPeerId().withPeerId(other.multihash());

    assertThatThrownBy(() -> client.connect(wrong).get(60, TimeUnit.SECONDS))
        .hasMessageContaining("authenticated as " + server.peerId());
  }

  @Test
  void reportsUnsupportedProtocols() throws Exception {
    Connection connection = client.connect(serverAddress).get(60, TimeUnit.SECONDS);

    assertThatThrownBy(() -> connection.newStream(List.of("/nope/1.0.0")).get(60, TimeUnit.SECONDS))
        .hasCauseInstanceOf(ProtocolNotSupportedException.class);
    // The connection survives a refused stream.
    assertThat(client.ping(server.peerId()).get(60, TimeUnit.SECONDS)).isPositive();
  }

  @Test
  void anAbruptDisconnectResetsStreamsAndTellsListeners() throws Exception {
    CompletableFuture<Connection> disconnected = new CompletableFuture<>();
    client.addListener(
        new HostListener() {
          @Override
          public void onDisconnected(Connection connection) {
            disconnected.complete(connection);
          }
        });
    CompletableFuture<Void> reset = new CompletableFuture<>();
    Connection connection = client.connect(serverAddress).get(60, TimeUnit.SECONDS);
    Stream stream = connection.newStream(List.of(Echo.PROTOCOL_ID)).get(60, TimeUnit.SECONDS);
    stream.setReader(
        new StreamReader() {
          @Override
          public void onData(Stream s, ByteBuffer data) {}

          @Override
          public void onReset(Stream s) {
            reset.complete(null);
          }
        });

    var unused = server.connections(client.peerId()).get(0).close();

    reset.get(60, TimeUnit.SECONDS);
    assertThat(disconnected.get(60, TimeUnit.SECONDS).remotePeer()).isEqualTo(server.peerId());
    assertThat(connection.isOpen()).isFalse();
    assertThat(stream.write(new byte[1])).failsWithin(TIMEOUT);
    // A new dial works afterwards.
    assertThat(client.connect(serverAddress).get(60, TimeUnit.SECONDS).isOpen()).isTrue();
  }

  @Test
  void simultaneousDialsShareOneConnection() throws Exception {
    List<CompletableFuture<Connection>> dials = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      dials.add(client.connect(serverAddress));
    }
    Connection first = dials.get(0).get(60, TimeUnit.SECONDS);
    for (CompletableFuture<Connection> dial : dials) {
      assertThat(dial.get(60, TimeUnit.SECONDS)).isSameAs(first);
    }
  }

  @Test
  void gracefulShutdownLetsOpenStreamsFinish() throws Exception {
    Connection connection = client.connect(serverAddress).get(60, TimeUnit.SECONDS);
    Stream stream = connection.newStream(List.of(Echo.PROTOCOL_ID)).get(60, TimeUnit.SECONDS);

    CompletableFuture<Void> shutdown = server.shutdown();
    CompletableFuture<Echo.Result> run = Echo.run(stream, 1_000_000, 3);

    assertThat(run.get(60, TimeUnit.SECONDS).matches(1_000_000)).isTrue();
    shutdown.get(60, TimeUnit.SECONDS);
    await(() -> !connection.isOpen());
  }

  @Test
  void idleConnectionsAreClosed() throws Exception {
    try (Host impatient =
        TestHosts.host(
            HostConfig.defaults().withIdleTimeout(Duration.ofMillis(400)), newTransport())) {
      Connection connection = impatient.connect(serverAddress).get(60, TimeUnit.SECONDS);
      await(() -> !connection.isOpen());
      // Unregistering follows the close.
      await(() -> impatient.connections().isEmpty());
    }
  }

  @Test
  void inboundConnectionsBeyondTheLimitAreRefused() throws Exception {
    try (Host limited =
            TestHosts.host(HostConfig.defaults().withMaxConnections(1), newTransport());
        Host other = TestHosts.host(HostConfig.defaults(), newTransport())) {
      Multiaddr address =
          limited
              .listen(List.of(listenAddress()))
              .join()
              .get(0)
              .withPeerId(limited.peerId().multihash());
      client.connect(address).get(60, TimeUnit.SECONDS);
      // The limit counts established connections: wait until the limited side has its own.
      await(() -> limited.connections().size() == 1);

      assertThatThrownBy(() -> other.connect(address).get(60, TimeUnit.SECONDS))
          .hasMessageContaining("closed");
      assertThat(limited.connections()).hasSize(1);
    }
  }

  /**
   * Asserts that the host closes a connection as it accepts it. The close can reach the dialling
   * transport before or after its dial completes: a failed dial and an opened connection that then
   * closes both count.
   */
  private static void assertClosedOnAccept(Transport raw, Multiaddr address) throws Exception {
    SilentConnection opened;
    try {
      opened = SilentConnection.open(raw, address);
    } catch (ExecutionException e) {
      assertThat(e).hasMessageContaining("closed");
      return;
    }
    await(opened::isClosed);
  }

  @Test
  void inboundHandshakesBeyondThePendingLimitAreRefusedUntilOneEnds() throws Exception {
    HostConfig config =
        HostConfig.defaults()
            .withMaxPendingInbound(2)
            .withTimeouts(TIMEOUT, Duration.ofMinutes(10), TIMEOUT);
    try (Host limited = TestHosts.host(config, newTransport());
        Transport raw = newTransport()) {
      Multiaddr address = limited.listen(List.of(listenAddress())).join().get(0);
      // Two connections that never start their handshake hold both pending slots.
      SilentConnection first = SilentConnection.open(raw, address);
      SilentConnection second = SilentConnection.open(raw, address);
      await(() -> limited.pendingInboundCount() == 2);

      assertClosedOnAccept(raw, address);
      assertThat(first.isClosed()).isFalse();
      assertThat(second.isClosed()).isFalse();
      assertThat(limited.pendingInboundCount()).isEqualTo(2);

      first.close();
      await(() -> limited.pendingInboundCount() == 1);
      Connection connection =
          client
              .connect(address.withPeerId(limited.peerId().multihash()))
              .get(60, TimeUnit.SECONDS);
      assertThat(connection.remotePeer()).isEqualTo(limited.peerId());
      await(() -> limited.pendingInboundCount() == 1);
      second.close();
      await(() -> limited.pendingInboundCount() == 0);
    }
  }

  /** A raw connection that sends nothing and throws away what it receives. */
  private static final class SilentConnection implements RawHandler {
    private final RawConnection connection;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SilentConnection(RawConnection connection) {
      this.connection = connection;
    }

    static SilentConnection open(Transport transport, Multiaddr address) throws Exception {
      RawConnection connection = transport.dial(address, TIMEOUT).get(60, TimeUnit.SECONDS);
      SilentConnection silent = new SilentConnection(connection);
      connection.executor().execute(() -> connection.setHandler(silent));
      return silent;
    }

    boolean isClosed() {
      return closed.get();
    }

    void close() {
      connection.executor().execute(connection::close);
    }

    @Override
    public void onRead(ByteBuf bytes) {
      bytes.release();
    }

    @Override
    public void onWritabilityChanged() {}

    @Override
    public void onClosed() {
      closed.set(true);
    }
  }

  @Test
  void crossDialsSettleOnTheConnectionTheSmallerPeerInitiated() throws Exception {
    ShapedTransport.Gate gate = new ShapedTransport.Gate(2);
    try (Host a =
            TestHosts.host(
                HostConfig.defaults(), new ShapedTransport(newTransport()).gatedBy(gate));
        Host b =
            TestHosts.host(
                HostConfig.defaults(), new ShapedTransport(newTransport()).gatedBy(gate))) {
      AtomicInteger openedAtA = new AtomicInteger();
      a.addListener(
          new HostListener() {
            @Override
            public void onConnected(Connection connection) {
              openedAtA.incrementAndGet();
            }
          });
      a.setStreamHandler(Echo.PROTOCOL_ID, Echo.handler());
      b.setStreamHandler(Echo.PROTOCOL_ID, Echo.handler());
      Multiaddr addressOfA = listenWithId(a);
      Multiaddr addressOfB = listenWithId(b);

      // Neither dial reaches its handshake before both sockets are connected.
      CompletableFuture<Connection> aToB = a.connect(addressOfB);
      CompletableFuture<Connection> bToA = b.connect(addressOfA);
      aToB.get(60, TimeUnit.SECONDS);
      bToA.get(60, TimeUnit.SECONDS);

      // Settled: one connection on each side, and the same one (a side alone may briefly show a
      // single connection while the other is still being upgraded).
      await(() -> sameSingleConnection(a, b));
      assertThat(openedAtA.get()).as("both connections were established").isEqualTo(2);
      Connection kept = a.connections(b.peerId()).get(0);
      Connection keptByB = b.connections(a.peerId()).get(0);
      boolean aIsSmaller = a.peerId().compareTo(b.peerId()) < 0;
      assertThat(kept.isOutbound()).isEqualTo(aIsSmaller);
      assertThat(keptByB.isOutbound()).isEqualTo(!aIsSmaller);
      // The same connection seen from both ends.
      assertThat(kept.localAddress()).isEqualTo(keptByB.remoteAddress());
      assertThat(a.ping(b.peerId()).get(60, TimeUnit.SECONDS)).isPositive();
      assertThat(b.ping(a.peerId()).get(60, TimeUnit.SECONDS)).isPositive();
      // Whatever each dial returned still opens streams (on the kept connection if need be).
      assertThat(Echo.run(aToB.get(), 100_000, 1).get(60, TimeUnit.SECONDS).matches(100_000))
          .isTrue();
      assertThat(Echo.run(bToA.get(), 100_000, 2).get(60, TimeUnit.SECONDS).matches(100_000))
          .isTrue();
    }
  }

  @Test
  void aDuplicateConnectionClosesOnlyAfterItsStreamsFinish() throws Exception {
    try (Host other = TestHosts.host(HostConfig.defaults(), newTransport())) {
      other.setStreamHandler(Echo.PROTOCOL_ID, Echo.handler());
      Multiaddr otherAddress = listenWithId(other);
      // The larger peer dials first and keeps a stream open; the smaller one then dials too (no
      // /p2p suffix, so the dial is not merged with the open connection): a late cross-dial.
      boolean serverIsSmaller = server.peerId().compareTo(other.peerId()) < 0;
      Host larger = serverIsSmaller ? other : server;
      Host smaller = serverIsSmaller ? server : other;
      Multiaddr largerAddress = serverIsSmaller ? otherAddress : serverAddress;
      Multiaddr smallerAddress = serverIsSmaller ? serverAddress : otherAddress;
      Connection duplicate = larger.connect(smallerAddress).get(60, TimeUnit.SECONDS);
      Stream open = duplicate.newStream(List.of(Echo.PROTOCOL_ID)).get(60, TimeUnit.SECONDS);

      Connection keeper = smaller.connect(largerAddress.withoutPeerId()).get(60, TimeUnit.SECONDS);

      assertThat(keeper.isOutbound()).isTrue();
      await(() -> larger.connections(smaller.peerId()).size() == 2);
      // Streams opened now go to the kept connection; the duplicate waits for its stream.
      Stream later = duplicate.newStream(List.of(Echo.PROTOCOL_ID)).get(60, TimeUnit.SECONDS);
      assertThat(later.connection().isOutbound()).isFalse();
      later.reset();
      assertThat(duplicate.isOpen()).isTrue();
      assertThat(Echo.run(open, 200_000, 5).get(60, TimeUnit.SECONDS).matches(200_000)).isTrue();
      await(() -> !duplicate.isOpen());
      assertThat(keeper.isOpen()).isTrue();
      await(() -> sameSingleConnection(larger, smaller));
      assertThat(smaller.connections(larger.peerId())).containsExactly(keeper);
    }
  }

  @Test
  void outboundDialsCountAgainstTheLimitAndCloseAnIdleConnectionFirst() throws Exception {
    try (Host limited =
            TestHosts.host(HostConfig.defaults().withMaxConnections(2), newTransport());
        Host second = TestHosts.host(HostConfig.defaults(), newTransport());
        Host third = TestHosts.host(HostConfig.defaults(), newTransport())) {
      second.setStreamHandler(Echo.PROTOCOL_ID, Echo.handler());
      Connection busy = limited.connect(serverAddress).get(60, TimeUnit.SECONDS);
      Stream stream = busy.newStream(List.of(Echo.PROTOCOL_ID)).get(60, TimeUnit.SECONDS);
      Connection idle = limited.connect(listenWithId(second)).get(60, TimeUnit.SECONDS);
      // Idle once identify has run both ways.
      await(() -> !second.peerstore().protocols(limited.peerId()).isEmpty());
      await(() -> !limited.peerstore().protocols(second.peerId()).isEmpty());
      await(() -> idle.streamCount() == 0);

      Connection dialled = limited.connect(listenWithId(third)).get(60, TimeUnit.SECONDS);

      await(() -> !idle.isOpen());
      assertThat(busy.isOpen()).isTrue();
      assertThat(dialled.isOpen()).isTrue();
      await(() -> limited.connections().size() == 2);
      assertThat(Echo.run(stream, 10_000, 9).get(60, TimeUnit.SECONDS).matches(10_000)).isTrue();
    }
  }

  @Test
  void parallelDialsStayWithinTheLimitOnceEstablished() throws Exception {
    try (Host limited =
            TestHosts.host(HostConfig.defaults().withMaxConnections(1), newTransport());
        Host second = TestHosts.host(HostConfig.defaults(), newTransport())) {
      Multiaddr secondAddress = listenWithId(second);
      // Both dials pass the check made before dialling; the second to finish makes room.
      CompletableFuture<Connection> one = limited.connect(serverAddress);
      CompletableFuture<Connection> two = limited.connect(secondAddress);
      one.get(60, TimeUnit.SECONDS);
      two.get(60, TimeUnit.SECONDS);

      await(() -> limited.connections().size() == 1);
      assertThat(limited.connections().get(0).isOpen()).isTrue();
    }
  }

  @Test
  void protectedPeersAreNeverTrimmed() throws Exception {
    try (Host limited =
            TestHosts.host(HostConfig.defaults().withMaxConnections(1), newTransport());
        Host second = TestHosts.host(HostConfig.defaults(), newTransport())) {
      Connection kept = limited.connect(serverAddress).get(60, TimeUnit.SECONDS);
      limited.protect(server.peerId(), "ring");

      assertThatThrownBy(() -> limited.connect(listenWithId(second)).get(60, TimeUnit.SECONDS))
          .hasMessageContaining("every connection is protected");
      assertThat(kept.isOpen()).isTrue();

      assertThat(limited.unprotect(server.peerId(), "ring")).isFalse();
      Connection dialled = limited.connect(listenWithId(second)).get(60, TimeUnit.SECONDS);
      assertThat(dialled.isOpen()).isTrue();
      await(() -> !kept.isOpen());
    }
  }

  @Test
  void anAddressObservedByEnoughPeersIsAdvertisedAndPushed() throws Exception {
    Multiaddr natAddress = Multiaddr.parse("/ip4/203.0.113.7/tcp/4001");
    int needed = server.config().observedAddressConfirmations();
    // The natted host sees the client and each observer dial in from a different /16, as peers
    // across the internet would (on loopback they would all be one observer group).
    List<Multiaddr> dialInFrom = new ArrayList<>();
    for (int i = 0; i <= needed; i++) {
      dialInFrom.add(Multiaddr.parse("/ip4/10." + (i + 1) + ".0.1/tcp/50000"));
    }
    try (Host natted =
        TestHosts.host(
            HostConfig.defaults(),
            new ShapedTransport(newTransport()).acceptedRemoteAddresses(dialInFrom))) {
      Multiaddr nattedAddress = listenWithId(natted);
      client.connect(nattedAddress).get(60, TimeUnit.SECONDS);
      List<Host> observers = new ArrayList<>();
      try {
        for (int i = 0; i < needed; i++) {
          Host observer =
              TestHosts.host(
                  HostConfig.defaults(),
                  new ShapedTransport(newTransport()).dialledRemoteAddress(natAddress));
          observers.add(observer);
          observer.connect(nattedAddress).get(60, TimeUnit.SECONDS);
          await(() -> natted.observedAddresses().contains(natAddress));
          if (i < needed - 1) {
            assertThat(natted.confirmedObservedAddresses()).isEmpty();
          }
        }

        await(() -> natted.confirmedObservedAddresses().contains(natAddress));
        assertThat(natted.advertisedAddresses()).contains(natAddress);
        // Peers connected before learn it from identify push, new ones from identify.
        await(() -> client.peerstore().addresses(natted.peerId()).contains(natAddress));
        try (Host late = TestHosts.host(HostConfig.defaults(), newTransport())) {
          late.connect(nattedAddress).get(60, TimeUnit.SECONDS);
          await(() -> late.peerstore().addresses(natted.peerId()).contains(natAddress));
        }
      } finally {
        observers.forEach(Host::close);
      }
    }
  }

  @Test
  void observersDiallingInFromOneAddressGroupConfirmNothing() throws Exception {
    Multiaddr natAddress = Multiaddr.parse("/ip4/203.0.113.7/tcp/4001");
    int needed = server.config().observedAddressConfirmations();
    // Several peer IDs on one machine: every connection arrives from the same /16.
    List<Multiaddr> oneGroup = new ArrayList<>();
    for (int i = 0; i < needed; i++) {
      oneGroup.add(Multiaddr.parse("/ip4/10.9." + i + ".1/tcp/50000"));
    }
    try (Host natted =
        TestHosts.host(
            HostConfig.defaults(),
            new ShapedTransport(newTransport()).acceptedRemoteAddresses(oneGroup))) {
      Multiaddr nattedAddress = listenWithId(natted);
      List<Host> observers = new ArrayList<>();
      try {
        for (int i = 0; i < needed; i++) {
          Host observer =
              TestHosts.host(
                  HostConfig.defaults(),
                  new ShapedTransport(newTransport()).dialledRemoteAddress(natAddress));
          observers.add(observer);
          observer.connect(nattedAddress).get(60, TimeUnit.SECONDS);
          // The natted host has read the observer's identify (agent first, observed address
          // right after on the same connection thread); a ping on that connection completes only
          // after that thread has finished with it.
          await(() -> natted.peerstore().agentVersion(observer.peerId()).isPresent());
          assertThat(natted.ping(observer.peerId()).get(60, TimeUnit.SECONDS)).isPositive();
        }
        await(() -> natted.observedAddresses().contains(natAddress));
      } finally {
        observers.forEach(Host::close);
      }
      assertThat(natted.confirmedObservedAddresses()).isEmpty();
      assertThat(natted.advertisedAddresses()).doesNotContain(natAddress);
    }
  }

  @Test
  void keepAliveClosesAConnectionWhosePeerStoppedAnswering() throws Exception {
    // A generous timeout: a loaded test machine must not fail a healthy ping.
    HostConfig eager =
        HostConfig.defaults().withKeepAlive(Duration.ofMillis(100), Duration.ofSeconds(2));
    ShapedTransport silent = new ShapedTransport(newTransport());
    try (Host watcher = TestHosts.host(eager, newTransport());
        Host quiet = TestHosts.host(HostConfig.defaults(), silent)) {
      Connection connection = quiet.connect(listenWithId(watcher)).get(60, TimeUnit.SECONDS);
      await(() -> watcher.connections(quiet.peerId()).size() == 1);
      Connection watched = watcher.connections(quiet.peerId()).get(0);
      assertThat(watcher.ping(quiet.peerId()).get(60, TimeUnit.SECONDS)).isPositive();

      silent.mute(); // the socket stays open, but nothing comes back from this side any more

      await(() -> !watched.isOpen());
      await(() -> !connection.isOpen());
      await(() -> watcher.connections().isEmpty());
    }
  }

  /**
   * A target host with a known key listening on one working address, a refusing address, and a
   * dialler whose transport records every dial attempt: what the certified-address tests share.
   */
  private final class CertifiedDialSetup implements AutoCloseable {
    final Ed25519PrivateKey key = Ed25519PrivateKey.generate(new SecureRandomSource());
    final ShapedTransport recording = new ShapedTransport(newTransport());
    final Host target =
        Host.create(
            key, HostConfig.defaults(), TestHosts.realEnvironment(), List.of(newTransport()));
    final Host dialler = TestHosts.host(HostConfig.defaults(), recording);
    final Multiaddr works = target.listen(List.of(listenAddress())).join().get(0);
    final Multiaddr refuses = refusingAddress();
    final PeerId peer = target.peerId();
    final Peerstore peerstore = dialler.peerstore();

    SignedPeerRecord recordOf(Multiaddr address) {
      return SignedPeerRecord.seal(key, new PeerRecord(peer, 1, List.of(address)));
    }

    @Override
    public void close() {
      dialler.close();
      target.close();
    }
  }

  @Test
  void dialsThePeersCertifiedAddressesBeforeItsUncertifiedOnes() throws Exception {
    try (CertifiedDialSetup setup = new CertifiedDialSetup()) {
      Peerstore peerstore = setup.peerstore;
      SignedPeerRecord record = setup.recordOf(setup.works);
      // The peerstore holds the unsigned address first: the record's address expired while the
      // unsigned one stayed, then the same record came again (as identify repeats it).
      peerstore.consumePeerRecord(record, Duration.ofMillis(1));
      peerstore.addAddresses(setup.peer, List.of(setup.refuses), Duration.ofHours(1));
      await(() -> peerstore.addresses(setup.peer).equals(List.of(setup.refuses)));
      peerstore.consumePeerRecord(record, Duration.ofHours(1));
      assertThat(peerstore.addresses(setup.peer)).containsExactly(setup.refuses, setup.works);

      Connection connection = setup.dialler.connect(setup.peer).get(60, TimeUnit.SECONDS);

      assertThat(connection.remotePeer()).isEqualTo(setup.peer);
      assertThat(setup.recording.dialAttempts()).containsExactly(setup.works);
    }
  }

  @Test
  void fallsBackToUncertifiedAddressesWhenNoCertifiedOneAnswers() throws Exception {
    try (CertifiedDialSetup setup = new CertifiedDialSetup()) {
      Peerstore peerstore = setup.peerstore;
      // Only the refusing address is certified; the working one is known unsigned.
      peerstore.consumePeerRecord(setup.recordOf(setup.refuses), Duration.ofHours(1));
      peerstore.addAddresses(setup.peer, List.of(setup.works), Duration.ofHours(1));
      assertThat(peerstore.certifiedAddresses(setup.peer)).containsExactly(setup.refuses);

      Connection connection = setup.dialler.connect(setup.peer).get(60, TimeUnit.SECONDS);

      assertThat(connection.remotePeer()).isEqualTo(setup.peer);
      assertThat(setup.recording.dialAttempts()).containsExactly(setup.refuses, setup.works);
    }
  }

  private static boolean sameSingleConnection(Host a, Host b) {
    List<Connection> fromA = a.connections(b.peerId());
    List<Connection> fromB = b.connections(a.peerId());
    return fromA.size() == 1
        && fromB.size() == 1
        && fromA.get(0).localAddress().equals(fromB.get(0).remoteAddress())
        && fromA.get(0).remoteAddress().equals(fromB.get(0).localAddress());
  }

  private Multiaddr listenWithId(Host host) {
    return host.listen(List.of(listenAddress()))
        .join()
        .get(0)
        .withPeerId(host.peerId().multihash());
  }

  static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + TIMEOUT);
      }
      Thread.onSpinWait();
    }
  }
}
